using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Configuration;
using SeamFunctions.Storage;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// The one owner of a record's lease: every write — a create, a change, a revoke, an event that pulls a backup code —
/// takes it here, holds it here before each Seam call (<see cref="LeaseOf"/>) and gives it back here, storing how it
/// ended (settled, the upstream ids indexed, when the record may be purged). A lease is one Seam operation: a call,
/// its one re-send after a rotated key, and a margin.
/// </summary>
internal sealed class RecordLeases(
    ICredentialRecordStore records,
    Events.IUpstreamIndex index,
    Events.IDeviceIndex devices,
    Stays.IStayIndex stays,
    IOptions<LifecycleOptions> lifecycle,
    IOptions<ReadinessOptions> readiness,
    IOptions<SeamOptions> seam,
    TimeProvider time,
    ILogger<RecordLeases> logger)
{
    public TimeSpan Lease => (seam.Value.Timeout * 2) + TimeSpan.FromSeconds(5);

    /// <summary>
    /// Notes which record holds each upstream id the record now holds, so Seam's events about them find it, and files
    /// the stay under its start for the stays list. Best effort: the change is made; an id not indexed only means its
    /// events are not applied (a stay not filed: not listed until its next write).
    /// </summary>
    public async Task IndexAsync(CredentialRecord record, string requestId)
    {
        IEnumerable<string> ids = record.Answer?.Credential switch
        {
            CredentialAnswer credential => [credential.AcsCredentialId],
            AccessCodesAnswer codes => codes.AccessCodes.Select(c => c.AccessCodeId),
            AccessGrantAnswer grant => [grant.AccessGrantId],
            _ => [],
        };
        try
        {
            foreach (var id in ids)
                await index.PutAsync(id, record.Scope, record.Key, record.ExpiresAt, CancellationToken.None);
            foreach (var device in Doors.DevicesOf(record).Distinct(StringComparer.OrdinalIgnoreCase))
                await devices.PutAsync(device, record.Scope, record.Key, record.ExpiresAt, CancellationToken.None);
            await stays.PutAsync(record.Scope, record.Key, new Stays.StayTimes(record.StartsAt, record.Access.EndsAt ?? CredentialRecord.Never, record.ExpiresAt), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LifecycleLog.StoreFailed(logger, requestId, e.GetType().Name);
        }
    }

    /// <summary>The claimed record's lease, asked before each Seam call of the write (renewed when due).</summary>
    public IWriteLease LeaseOf(CredentialRecord record) => new RecordLease(record, ClaimAsync, Lease, time);

    /// <summary>Takes the record (or holds it) for one more Seam operation; false when another write took it over meanwhile.</summary>
    public Task<bool> ClaimAsync(CredentialRecord record, CancellationToken cancellationToken)
    {
        record.Claim(time.GetUtcNow(), Lease);
        return StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken));
    }

    /// <summary>Ends the write: the lease released, the record stored as it is, <paramref name="answer"/> answered.</summary>
    public async Task<Outcome> ReleaseAsync(CredentialRecord record, Outcome answer, string requestId)
    {
        await SettleReleasedAsync(record, requestId);
        return answer;
    }

    /// <summary>Ends the write without an answer (it is ending with an exception): the lease released, the record stored as it is.</summary>
    public Task SettleReleasedAsync(CredentialRecord record, string requestId)
    {
        record.Release();
        return SettleAsync(record, requestId);
    }

    /// <summary>
    /// Stores how a write ended (with the readiness checks of a stay whose start was set or moved planned). Seam has
    /// acted by now: a store failure is logged, never the caller's answer.
    /// </summary>
    public async Task SettleAsync(CredentialRecord record, string requestId)
    {
        record.PlanChecks(readiness.Value.Before(), time.GetUtcNow());
        try
        {
            if (!await records.TryReplaceAsync(record, CancellationToken.None))
                LifecycleLog.RecordLost(logger, requestId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LifecycleLog.StoreFailed(logger, requestId, e.GetType().Name);
        }
    }

    /// <summary>When the record may be purged: a live credential's after its end plus the retention; never while it may be live without one.</summary>
    public DateTimeOffset Expiry(CredentialState state, DateTimeOffset? endsAt) => state switch
    {
        CredentialState.Active => endsAt is { } end ? CredentialRecord.Saturated(end, lifecycle.Value.Retention) : CredentialRecord.Never,
        CredentialState.Creating => CredentialRecord.Never,
        _ => time.GetUtcNow() + lifecycle.Value.Retention,
    };
}
