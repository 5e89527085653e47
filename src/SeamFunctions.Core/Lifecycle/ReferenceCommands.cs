using Microsoft.Extensions.Logging;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Idempotency;
using SeamFunctions.Secrets;
using SeamFunctions.Storage;
using SeamFunctions.Validation;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// One credential per reference for the whole stay: create (exactly once), change in place, replace (delete, then
/// create), revoke, read. The record says at every moment what Seam may hold; a write holds the record's lease
/// while it talks to Seam, so two writes for one reference never both reach Seam, and a retry finishes what an
/// interrupted write began.
/// </summary>
/// <remarks>
/// A replace deletes first: the old credential is wrong by definition (another guest, time, door or method),
/// and locks that refuse two credentials with one code accept the new one. Should the create then fail, the
/// reference holds nothing until a retry (same body) creates it; never two live credentials.
/// </remarks>
internal sealed class ReferenceCommands(
    ICredentialRecordStore records, RecordCreates creates, RecordLeases leases, ClaimedWrites writes, AccessKindSelector kinds, TimeProvider time, ILogger<ReferenceCommands> logger)
{
    private const int MaxRounds = 4;

    /// <summary>POST with a reference: create it, or replay it when the same request comes again.</summary>
    public Task<Outcome> CreateAsync(string reference, AccessRequest request, string scope, string requestId, CancellationToken cancellationToken) =>
        GuardAsync(requestId, () => WriteAsync(put: false, reference, request, scope, requestId, cancellationToken));

    /// <summary>PUT: what Seam must hold for this reference.</summary>
    public Task<Outcome> PutAsync(string reference, AccessRequest request, string scope, string requestId, CancellationToken cancellationToken) =>
        GuardAsync(requestId, () => WriteAsync(put: true, reference, request, scope, requestId, cancellationToken));

    /// <summary>DELETE: Seam holds nothing for this reference afterwards.</summary>
    public Task<Outcome> RevokeAsync(string reference, EventVersion? version, string scope, string requestId, CancellationToken cancellationToken) =>
        GuardAsync(requestId, () => RevokeCoreAsync(reference, version, scope, requestId, cancellationToken));

    /// <summary>GET: the credential as Seam has it now.</summary>
    public Task<Outcome> GetAsync(string reference, string scope, string requestId, CancellationToken cancellationToken) =>
        GuardAsync(requestId, () => GetCoreAsync(reference, scope, requestId, cancellationToken));

    private async Task<Outcome> WriteAsync(bool put, string reference, AccessRequest asked, string scope, string requestId, CancellationToken cancellationToken)
    {
        var key = CredentialReference.Hash(reference);
        for (var round = 0; round < MaxRounds; round++)
        {
            var now = time.GetUtcNow();
            var record = await StoreCall.RunAsync(() => records.GetAsync(scope, key, cancellationToken));
            var request = WithCode(asked, record);
            var fingerprint = RequestFingerprint.Of(request);
            if (record is null)
            {
                record = CredentialRecord.Creating(scope, key, ReferenceAccess.Stored(request), fingerprint, now, leases.Lease);
                if (await StoreCall.RunAsync(() => records.TryInsertAsync(record, cancellationToken)))
                    return await creates.AttemptAsync(record, request, requestId, cancellationToken);
                continue; // someone else began this reference a moment ago: read it again
            }

            if (Refusal(record, request.Version, put ? "PUT" : "POST", reference, requestId) is { } refusal)
                return refusal;
            if (record.LeaseUntil > now)
                return writes.InProgress(requestId, record.LeaseUntil - now);
            if (await ApplyAsync(record, put, request, fingerprint, requestId, cancellationToken) is { } answer)
                return answer;
        }

        return writes.InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    /// <summary>What this write does to an existing record no one holds; null: read it again.</summary>
    private async Task<Outcome?> ApplyAsync(CredentialRecord record, bool put, AccessRequest request, string fingerprint, string requestId, CancellationToken cancellationToken)
    {
        var same = record.Fingerprint == fingerprint;
        switch (record.State)
        {
            case CredentialState.Active when same && record.IsSettled:
                return await UnchangedAsync(record, request, put, requestId);
            case CredentialState.Active or CredentialState.Creating when !put && !same:
                IdempotencyLog.Outcome(logger, requestId, "reference", "key reused with a different request");
                return Problems.IdempotencyKeyReused(requestId);
            case CredentialState.Revoked or CredentialState.Empty:
                return await writes.RecreateAsync(record, request, fingerprint, replacing: false, replaced: null, requestId, cancellationToken, orReadAgain: true);
            case CredentialState.Creating:
                if (!await leases.ClaimAsync(record, cancellationToken))
                    return null;
                // A create for another body may have reached Seam: finish it, then change it like any credential.
                var finished = await creates.FinishAsync(record, same ? request : ReferenceAccess.Pending(record, request.Reference!), requestId, cancellationToken);
                return same || (finished is not Outcome.Held && record.State != CredentialState.Empty) ? finished : null;
            default: // Active, and this PUT changes it or finishes what an earlier write left
                return await writes.ChangeOrReplaceAsync(record, request, fingerprint, requestId, cancellationToken);
        }
    }

    /// <summary>Active and identical: nothing to tell Seam. POST replays its answer; PUT answers 200.</summary>
    private async Task<Outcome> UnchangedAsync(CredentialRecord record, AccessRequest request, bool put, string requestId)
    {
        if (!put)
        {
            IdempotencyLog.Outcome(logger, requestId, "reference", "replayed");
            return new Outcome.Held(record.Answer!, Created: true, Replayed: true);
        }

        if (request.Version is { } newer && newer != record.Version)
        {
            record.Applied(newer); // a newer version that changes nothing is still recorded (it guards against older events)
            await leases.SettleAsync(record, requestId);
        }

        return ReferenceAnswers.Credential(record, request.Reference!, requestId, seamRequestId: null);
    }

    private async Task<Outcome> RevokeCoreAsync(string reference, EventVersion? version, string scope, string requestId, CancellationToken cancellationToken)
    {
        var key = CredentialReference.Hash(reference);
        for (var round = 0; round < MaxRounds; round++)
        {
            var now = time.GetUtcNow();
            var record = await StoreCall.RunAsync(() => records.GetAsync(scope, key, cancellationToken));
            if (record is null or { State: CredentialState.Empty })
                return Problems.CredentialNotFound(requestId);
            if (Refusal(record, version, "DELETE", reference, requestId) is { } refusal)
                return refusal;
            if (record.LeaseUntil > now)
                return writes.InProgress(requestId, record.LeaseUntil - now);
            if (record.State == CredentialState.Revoked)
            {
                if (version is { } newer && newer != record.Version)
                {
                    record.Applied(newer);
                    await leases.SettleAsync(record, requestId);
                }

                return ReferenceAnswers.Revoked(record, reference, requestId, seamRequestId: null);
            }

            if (await leases.ClaimAsync(record, cancellationToken) && await writes.RemoveAsync(record, reference, version, requestId, cancellationToken) is { } answer)
                return answer;
        }

        return writes.InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    private async Task<Outcome> GetCoreAsync(string reference, string scope, string requestId, CancellationToken cancellationToken)
    {
        var record = await StoreCall.RunAsync(() => records.GetAsync(scope, CredentialReference.Hash(reference), cancellationToken));
        switch (record)
        {
            case null or { State: CredentialState.Empty }:
                return Problems.CredentialNotFound(requestId);
            case { State: CredentialState.Revoked }:
                return ReferenceAnswers.Credential(record, reference, requestId, seamRequestId: null);
            case { State: CredentialState.Creating }:
                var now = time.GetUtcNow();
                return writes.InProgress(requestId, record.LeaseUntil > now ? record.LeaseUntil - now : TimeSpan.FromSeconds(1));
        }

        return await kinds.For(record.Access).ReadAsync(record.Answer!.Credential, cancellationToken) switch
        {
            AccessResult.Held fresh => new Outcome.Held(Envelopes.Of(
                ReferenceAnswers.Shown(Events.EventEffects.WithLastEvents(fresh.Access, record.Answer.Credential), record),
                ReferenceAccess.Pending(record, reference), requestId, fresh.SeamRequestId), Created: false),
            AccessResult.Gone gone => ReferenceAnswers.Credential(record, reference, requestId, gone.SeamRequestId, gone: true),
            var failed => ((AccessResult.Failed)failed).Problem(requestId, code: null),
        };
    }

    /// <summary>A version of the wrong kind (400), or older than the last applied (the current state, stale).</summary>
    private Outcome? Refusal(CredentialRecord record, EventVersion? version, string operation, string reference, string requestId)
    {
        if (version is not { } given || record.Version is not { } applied)
            return null;
        if (given.IsTime != applied.IsTime)
        {
            var errors = new ValidationErrors();
            errors.Add(FieldNames.Version, $"This reference's versions are {applied.Kind}; send one of the same kind.");
            return Problems.InvalidRequest(requestId, errors);
        }

        if (given.Value >= applied.Value)
            return null;
        LifecycleLog.Stale(logger, requestId, operation);
        // A stale write on a reference that holds nothing (its last create was refused) answers as PUT does: the
        // last credential the reference held, gone (status revoked), and stale.
        return record.State switch
        {
            CredentialState.Empty when record.Answer is null => Problems.CredentialNotFound(requestId),
            CredentialState.Creating => writes.InProgress(requestId, TimeSpan.FromSeconds(1)),
            _ when operation == "DELETE" => ReferenceAnswers.Revoked(record, reference, requestId, seamRequestId: null, stale: true),
            _ => ReferenceAnswers.Credential(record, reference, requestId, seamRequestId: null, stale: true, gone: record.State == CredentialState.Empty),
        };
    }

    /// <summary>
    /// A PIN the sender did not choose: the one this reference already has (a missing code is no change), else a
    /// new generated one — kept in the record before Seam is asked, so every retry sends the same.
    /// </summary>
    private static AccessRequest WithCode(AccessRequest request, CredentialRecord? record) =>
        request is { AccessMethod: AccessMethod.Code, Code: null, GeneratedCodeLength: { } length }
            ? request with { Code = record?.Access.Code ?? Guests.PinCodes.Generate(length) }
            : request;




    /// <summary>The store or the key failing before Seam acted: a retry can go ahead.</summary>
    private async Task<Outcome> GuardAsync(string requestId, Func<Task<Outcome>> write)
    {
        try
        {
            return await write();
        }
        catch (StoreUnavailableException e)
        {
            LifecycleLog.StoreFailed(logger, requestId, e.InnerException!.GetType().Name);
            return Problems.IdempotencyStoreUnavailable(requestId);
        }
        catch (SecretUnavailableException)
        {
            return Problems.SecretUnavailable(requestId);
        }
    }
}
