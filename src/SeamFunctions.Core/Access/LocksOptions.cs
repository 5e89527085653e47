namespace SeamFunctions.Access;

/// <summary>Smart-lock settings, section <c>Locks</c>.</summary>
internal sealed class LocksOptions
{
    public const string Section = "Locks";

    /// <summary>
    /// Codes are made with Seam's backup pool (<c>use_backup_access_code_pool</c>, for codes with both times): when one
    /// fails to set, a backup code already on the lock takes its place. A source may say otherwise (<c>BackupCodes</c>).
    /// </summary>
    public bool BackupCodes { get; set; }

    /// <summary>
    /// A code changed or deleted in the lock's own app or at its keypad (Seam's <c>access_code.*_external_to_seam</c>) is
    /// put back for a stay that has not ended: updated back, or made again with the booking's PIN, name and times.
    /// Off: the caller hears <c>credential.at_risk</c> (<c>code_removed</c>) and decides.
    /// </summary>
    public bool RestoreExternalChanges { get; set; } = true;
}
