using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Events;
using SeamFunctions.Idempotency;
using SeamFunctions.Lifecycle;
using SeamFunctions.Storage;

namespace SeamFunctions.Commands;

/// <summary>
/// The one exactly-once mechanism of a create, whichever record guards it — a reference's
/// (<see cref="RecordCreates"/>) or a one-request key's (<see cref="ExactlyOnceIssuer"/>). The record claims the
/// create and notes each attempt before it reaches Seam; after one that may have acted, Seam is left alone for
/// <c>Idempotency__ReconcileAfter</c>, then asked what the attempt made, and only what no other reference holds is
/// adopted (two requests of one guest with one PIN and one stay look alike at Seam); then the create goes to Seam
/// once, keeping what was adopted.
/// </summary>
internal sealed class ExactlyOnceCreate(
    AccessKindSelector kinds, ICredentialRecordStore records, IUpstreamIndex index, IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<ExactlyOnceCreate> logger)
{
    /// <summary>How much longer Seam is left alone after the attempt begun at <paramref name="lastAttemptAt"/>; none left: reconcile now.</summary>
    public TimeSpan LeftAlone(DateTimeOffset lastAttemptAt) => lastAttemptAt + options.Value.ReconcileAfter - time.GetUtcNow();

    /// <summary>
    /// What an attempt since <paramref name="since"/> made that no other reference holds (null: nothing), or the
    /// failure that kept us from knowing.
    /// </summary>
    /// <param name="ownKey">The reference's record adopting (its own earlier codes are its to adopt); null for a one-request key.</param>
    /// <param name="keySource">What the create's key is, for the log.</param>
    public async Task<(AccessAnswer? Made, Outcome.Failed? Problem)> ReconcileAsync(
        AccessRequest request, DateTimeOffset since, string scope, string? ownKey, IWriteLease lease, string keySource, string requestId, CancellationToken cancellationToken)
    {
        var found = await kinds.For(request).FindCreatedAsync(request, since, lease, requestId, cancellationToken);
        if (found.Problem is { } problem)
            return (null, problem);
        foreach (var candidate in found.Candidates)
        {
            if (await HeldElsewhereAsync(scope, ownKey, candidate, cancellationToken))
                continue;
            IdempotencyLog.Outcome(logger, requestId, keySource, "adopted what an earlier attempt created");
            return (candidate, null);
        }

        return (null, null);
    }

    /// <summary>Creates at Seam, once, what <paramref name="request"/> asks, keeping what an earlier attempt made.</summary>
    public Task<IssueOutcome> CreateAsync(AccessRequest request, AccessAnswer? made, IWriteLease lease, string requestId, CancellationToken cancellationToken) =>
        kinds.For(request).CreateAsync(request, made, lease, requestId, cancellationToken);

    private async Task<bool> HeldElsewhereAsync(string scope, string? ownKey, AccessAnswer candidate, CancellationToken cancellationToken)
    {
        switch (candidate)
        {
            case CredentialAnswer { AcsCredentialId: var id }:
                return await StoreCall.RunAsync(() => records.HoldsAsync(scope, id, cancellationToken));
            case AccessGrantAnswer { AccessGrantId: var grantId }:
                return await StoreCall.RunAsync(() => index.FindAsync(grantId, cancellationToken)) is { } grantHolder && grantHolder != (scope, ownKey);
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
