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
}
