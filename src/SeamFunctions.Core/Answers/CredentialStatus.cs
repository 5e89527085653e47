using SeamFunctions.Upstream;

namespace SeamFunctions.Answers;

/// <summary>One word a flow can branch on, derived from Seam's fields.</summary>
internal static class CredentialStatus
{
    public const string Issued = "issued";
    public const string Pending = "pending";
    public const string Failed = "failed";

    /// <summary>Revoked by reference (DELETE), or gone from Seam.</summary>
    public const string Revoked = "revoked";

    private const string WaitingToBeIssued = "waiting_to_be_issued";

    /// <summary>Errors win; then anything that says "not yet"; else the credential works.</summary>
    public static string Of(SeamCredential credential)
    {
        if (credential.Errors?.Any(e => e is not null) == true)
            return Failed;
        if (credential.IsIssued == false || credential.Warnings?.Any(w => w?.WarningCode == WaitingToBeIssued) == true)
            return Pending;
        return Issued;
    }
}
