using SeamFunctions.Answers;
using SeamFunctions.Events;
using SeamFunctions.Storage;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// After an attempt that may have acted, what Seam holds that the attempt would have made is adopted, never made
/// again, but only when no reference holds it: two requests of one guest with one PIN and one stay look alike at
/// Seam. One check for both exactly-once paths (a reference's record and a one-request key).
/// </summary>
internal sealed class AdoptionCheck(ICredentialRecordStore records, IUpstreamIndex index)
{
    /// <summary>The oldest candidate no other reference holds; null when there is none.</summary>
    /// <param name="ownKey">The record adopting (its own earlier codes are its to adopt); null for a one-request key.</param>
    public async Task<AccessAnswer?> FirstUnheldAsync(string scope, string? ownKey, IReadOnlyList<AccessAnswer> candidates, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            if (!await HeldElsewhereAsync(scope, ownKey, candidate, cancellationToken))
                return candidate;
        }

        return null;
    }

    private async Task<bool> HeldElsewhereAsync(string scope, string? ownKey, AccessAnswer candidate, CancellationToken cancellationToken)
    {
        switch (candidate)
        {
            case CredentialAnswer { AcsCredentialId: var id }:
                return await StoreCall.RunAsync(() => records.HoldsAsync(scope, id, cancellationToken));
            case AccessCodesAnswer codes:
                foreach (var code in codes.AccessCodes)
                {
                    if (await StoreCall.RunAsync(() => index.FindAsync(code.AccessCodeId, cancellationToken)) is { } holder && holder != (scope, ownKey))
                        return true;
                }

                return false;
            default:
                return false;
        }
    }
}
