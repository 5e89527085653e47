using SeamFunctions.Access;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// A write's hold on the record it claimed, asked before each Seam call: renewed (a conditional write of the record
/// as it is now) once more than <see cref="RenewAfter"/> has passed since it was last taken, so every call starts
/// with nearly a whole lease ahead of it; lost for good once a renewal finds another write holds the record.
/// </summary>
internal sealed class RecordLease(CredentialRecord record, Func<CredentialRecord, CancellationToken, Task<bool>> renew, TimeSpan lease, TimeProvider time) : IWriteLease
{
    /// <summary>Calls in quick succession share one renewal; each still starts with at least the lease less this ahead.</summary>
    public static readonly TimeSpan RenewAfter = TimeSpan.FromSeconds(1);

    private bool _lost;

    public async ValueTask<bool> HoldAsync(CancellationToken cancellationToken)
    {
        if (_lost)
            return false;
        if (record.LeaseUntil - time.GetUtcNow() > lease - RenewAfter)
            return true;
        _lost = !await renew(record, cancellationToken);
        return !_lost;
    }
}
