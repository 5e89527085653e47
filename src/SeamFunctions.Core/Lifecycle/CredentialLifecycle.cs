using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Configuration;
using SeamFunctions.Idempotency;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;
using SeamFunctions.Storage;
using SeamFunctions.Validation;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// One credential per reference for the whole stay: create (exactly once), change in place (Seam's update takes
/// <c>code</c> and <c>ends_at</c>), replace (delete, then create), revoke, read. The record says at every moment
/// which credential Seam may hold; a write holds the record's lease while it talks to Seam, so two writes for
/// one reference never both reach Seam, and a retry finishes what an interrupted write began.
/// </summary>
/// <remarks>
/// A replace deletes first: the old credential is wrong by definition (another guest, time, door or method),
/// and locks that refuse two credentials with one code accept the new one. Should the create then fail, the
/// reference holds nothing until a retry (same body) creates it; never two live credentials.
/// </remarks>
internal sealed class CredentialLifecycle(
    ICredentialRecordStore records,
    ExactlyOnceIssuer creates,
    SeamClient seam,
    IOptions<LifecycleOptions> options,
    IOptions<SeamOptions> seamOptions,
    TimeProvider time,
    ILogger<CredentialLifecycle> logger)
{
    private const int MaxRounds = 4;

    /// <summary>Long enough for the longest write: a delete and its one retry, and a create.</summary>
    private TimeSpan Lease => (seamOptions.Value.Timeout * 4) + TimeSpan.FromSeconds(5);

    /// <summary>POST with a reference: create it, or replay it when the same request comes again.</summary>
    public Task<ApiResponse> CreateAsync(string reference, CreateCredentialRequest request, string scope, string requestId, CancellationToken cancellationToken) =>
        GuardAsync(requestId, () => WriteAsync(put: false, reference, request, scope, requestId, cancellationToken));

    /// <summary>PUT: what Seam must hold for this reference.</summary>
    public Task<ApiResponse> PutAsync(string reference, CreateCredentialRequest request, string scope, string requestId, CancellationToken cancellationToken) =>
        GuardAsync(requestId, () => WriteAsync(put: true, reference, request, scope, requestId, cancellationToken));

    /// <summary>DELETE: Seam holds nothing for this reference afterwards.</summary>
    public Task<ApiResponse> RevokeAsync(string reference, EventVersion? version, string scope, string requestId, CancellationToken cancellationToken) =>
        GuardAsync(requestId, () => RevokeCoreAsync(reference, version, scope, requestId, cancellationToken));

    /// <summary>GET: the credential as Seam has it now.</summary>
    public Task<ApiResponse> GetAsync(string reference, string scope, string requestId, CancellationToken cancellationToken) =>
        GuardAsync(requestId, () => GetCoreAsync(reference, scope, requestId, cancellationToken));

    private async Task<ApiResponse> WriteAsync(bool put, string reference, CreateCredentialRequest request, string scope, string requestId, CancellationToken cancellationToken)
    {
        var key = CredentialReference.Hash(reference);
        var asked = request;
        for (var round = 0; round < MaxRounds; round++)
        {
            var now = time.GetUtcNow();
            var record = await StoreCall.RunAsync(() => records.GetAsync(scope, key, cancellationToken));
            request = WithCode(asked, record);
            var fingerprint = RequestFingerprint.Of(request);
            var body = JsonSerializer.SerializeToUtf8Bytes(CredentialIssuer.ToSeamBody(request), SeamJsonContext.Default.SeamCreateCredentialBody);
            if (record is null)
            {
                record = new CredentialRecord
                {
                    Scope = scope, Key = key, State = CredentialState.Creating, Request = body, Fingerprint = fingerprint,
                    LeaseUntil = now + Lease, ExpiresAt = CredentialRecord.Never,
                };
                if (await StoreCall.RunAsync(() => records.TryInsertAsync(record, cancellationToken)))
                    return await FinishCreateAsync(record, reference, request, requestId, cancellationToken);
                continue; // someone else began this reference a moment ago: read it again
            }

            if (Refusal(record, request.Version, put ? "PUT" : "POST", reference, requestId) is { } refusal)
                return refusal;
            if (record.LeaseUntil > now)
                return InProgress(requestId, record.LeaseUntil - now);

            switch (record.State)
            {
                case CredentialState.Active when record.Fingerprint == fingerprint:
                    return await UnchangedAsync(record, reference, request.Version, put, requestId, cancellationToken);
                case CredentialState.Active or CredentialState.Creating when !put && record.Fingerprint != fingerprint:
                    IdempotencyLog.Outcome(logger, requestId, "reference", "key reused with a different request");
                    return Problems.IdempotencyKeyReused(requestId);
                case CredentialState.Revoked or CredentialState.Empty:
                    Retarget(record, body, fingerprint, replaced: null);
                    if (await ClaimAsync(record, now, cancellationToken))
                        return await FinishCreateAsync(record, reference, request, requestId, cancellationToken);
                    continue;
                case CredentialState.Creating when record.Fingerprint == fingerprint:
                    if (await ClaimAsync(record, now, cancellationToken))
                        return await FinishCreateAsync(record, reference, request, requestId, cancellationToken);
                    continue;
                case CredentialState.Creating:
                    // A create for another body may have reached Seam: finish it, then change it like any credential.
                    if (!await ClaimAsync(record, now, cancellationToken))
                        continue;
                    var finished = await FinishCreateAsync(record, reference, StoredRequest(record, reference), requestId, cancellationToken);
                    if (finished.StatusCode is not (200 or 201) && record.State != CredentialState.Empty)
                        return finished; // still unfinished: the caller retries
                    continue; // now Active (change it) or Empty (Seam refused the old body: create this one)
                default: // Active, and this PUT changes it
                    if (!await ClaimAsync(record, now, cancellationToken))
                        continue;
                    return Updatable(record, request)
                        ? await UpdateAsync(record, reference, request, body, fingerprint, requestId, cancellationToken)
                        : await ReplaceAsync(record, reference, request, body, fingerprint, requestId, cancellationToken);
            }
        }

        return InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    /// <summary>Active and identical: nothing to tell Seam. POST replays its answer; PUT answers 200.</summary>
    private async Task<ApiResponse> UnchangedAsync(
        CredentialRecord record, string reference, EventVersion? version, bool put, string requestId, CancellationToken cancellationToken)
    {
        if (!put)
        {
            IdempotencyLog.Outcome(logger, requestId, "reference", "replayed");
            return ApiResponse.Restore(201, ApiResponse.JsonContentType, record.Answer!, null).AsReplay();
        }

        await RecordVersionAsync(record, version, requestId);
        return CredentialAnswer(record, reference, requestId, seamRequestId: null, status: 200);
    }

    /// <summary>
    /// The record's create (generation <see cref="CredentialRecord.Generation"/>), exactly once whatever happened
    /// to earlier attempts: a 201 makes the record Active; Seam's refusal leaves it Empty; anything ambiguous leaves
    /// it Creating, for a retry to finish (reconciling first).
    /// </summary>
    private async Task<ApiResponse> FinishCreateAsync(
        CredentialRecord record, string reference, CreateCredentialRequest request, string requestId, CancellationToken cancellationToken)
    {
        // Reconciling after an ambiguous attempt must not adopt another reference's credential (same user, code and dates).
        var outcome = await creates.IssueAsync(request, IdempotencyKey.OfLifecycle(reference, record.Generation), record.Scope, requestId, cancellationToken,
            owned: (id, token) => StoreCall.RunAsync(() => records.HoldsAsync(record.Scope, id, token)));
        record.LeaseUntil = CredentialRecord.Released;
        if (outcome.StatusCode == 201)
        {
            var replaced = record.ReplacedAcsCredentialId;
            var answer = JsonSerializer.Deserialize(outcome.Body, AnswerJsonContext.Default.CreatedAnswer)!;
            record.State = CredentialState.Active;
            record.AcsCredentialId = answer.Credential.AcsCredentialId;
            record.ReplacedAcsCredentialId = null;
            record.Answer = outcome.Body;
            ApplyVersion(record, request.Version);
            record.ExpiresAt = Expiry(record.State, request.EndsAt);
            await SettleAsync(record, requestId);
            LifecycleLog.Applied(logger, requestId, replaced is null ? "create" : "replace", "Active", answer.Credential.AcsCredentialId);
            return replaced is null
                ? outcome
                : CredentialAnswer(record, reference, requestId, answer.SeamRequestId, status: 200, replaced: replaced);
        }

        if (outcome.StatusCode is >= 400 and < 500 and not 409 and not 429)
        {
            // Seam refused this create for certain: nothing is held. The next create is a new generation.
            record.State = CredentialState.Empty;
            record.ReplacedAcsCredentialId = null;
            record.ExpiresAt = Expiry(record.State, null);
        }

        await SettleAsync(record, requestId);
        return outcome;
    }

    /// <summary>Only <c>code</c> and/or <c>ends_at</c> changed: Seam's update, same credential.</summary>
    private async Task<ApiResponse> UpdateAsync(
        CredentialRecord record, string reference, CreateCredentialRequest request, byte[] body, string fingerprint, string requestId, CancellationToken cancellationToken)
    {
        var current = StoredBody(record);
        var update = new SeamUpdateCredentialBody
        {
            AcsCredentialId = record.AcsCredentialId!,
            Code = request.Code != current.Code ? request.Code : null,
            EndsAt = request.EndsAt != current.EndsAt ? request.EndsAt : null,
        };
        var result = await SafelyRepeatedAsync("update", () => seam.UpdateCredentialAsync(update, cancellationToken), requestId);
        switch (result)
        {
            case SeamCallResult.Created updated:
                record.Request = body;
                record.Fingerprint = fingerprint;
                record.Answer = ApiResponse.Created(new CreatedAnswer
                {
                    Credential = CredentialMapper.ToAnswer(updated.Credential), Reference = reference, RequestId = requestId, SeamRequestId = updated.SeamRequestId,
                }).Body;
                ApplyVersion(record, request.Version);
                record.ExpiresAt = Expiry(CredentialState.Active, request.EndsAt);
                record.LeaseUntil = CredentialRecord.Released;
                await SettleAsync(record, requestId);
                LifecycleLog.Applied(logger, requestId, "update", "Active", updated.Credential.AcsCredentialId);
                return CredentialAnswer(record, reference, requestId, updated.SeamRequestId, status: 200);
            case SeamCallResult.Rejected { Status: 404 }:
                // Gone at Seam (deleted elsewhere): nothing to delete, so the replace goes straight to its create.
                return await RecreateAsync(record, reference, request, body, fingerprint, replaced: record.AcsCredentialId!, requestId, cancellationToken);
            default:
                return await ReleaseAsync(record, Upstream(result, requestId, request.Code), requestId);
        }
    }

    /// <summary>Anything but code and ends_at changed: delete the old credential, then create the new one.</summary>
    private async Task<ApiResponse> ReplaceAsync(
        CredentialRecord record, string reference, CreateCredentialRequest request, byte[] body, string fingerprint, string requestId, CancellationToken cancellationToken)
    {
        var old = record.AcsCredentialId!;
        var deleted = await SafelyRepeatedAsync("delete", () => seam.DeleteCredentialAsync(old, cancellationToken), requestId);
        if (!IsGone(deleted))
            return await ReleaseAsync(record, Upstream(deleted, requestId, request.Code), requestId);

        return await RecreateAsync(record, reference, request, body, fingerprint, replaced: old, requestId, cancellationToken);
    }

    /// <summary>
    /// The old credential is gone: from here the record says "creating the new one" (so a retry finishes it), then
    /// the create runs.
    /// </summary>
    private async Task<ApiResponse> RecreateAsync(
        CredentialRecord record, string reference, CreateCredentialRequest request, byte[] body, string fingerprint, string replaced,
        string requestId, CancellationToken cancellationToken)
    {
        Retarget(record, body, fingerprint, replaced);
        return await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken))
            ? await FinishCreateAsync(record, reference, request, requestId, cancellationToken)
            : InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    private async Task<ApiResponse> RevokeCoreAsync(string reference, EventVersion? version, string scope, string requestId, CancellationToken cancellationToken)
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
                return InProgress(requestId, record.LeaseUntil - now);
            if (record.State == CredentialState.Revoked)
            {
                await RecordVersionAsync(record, version, requestId);
                return Revoked(record, reference, requestId, seamRequestId: null);
            }
            if (!await ClaimAsync(record, now, cancellationToken))
                continue;

            if (record.State == CredentialState.Creating)
            {
                // The create may have reached Seam: finish it (it adopts what Seam made), then delete what it made.
                var finished = await FinishCreateAsync(record, reference, StoredRequest(record, reference), requestId, cancellationToken);
                if (finished.StatusCode is not (200 or 201) && record.State != CredentialState.Empty)
                    return finished;
                continue;
            }

            var deleted = await SafelyRepeatedAsync("delete", () => seam.DeleteCredentialAsync(record.AcsCredentialId!, cancellationToken), requestId);
            if (!IsGone(deleted))
                return await ReleaseAsync(record, Upstream(deleted, requestId, code: null), requestId);

            record.State = CredentialState.Revoked;
            record.RevokedAt = now;
            ApplyVersion(record, version);
            record.ExpiresAt = Expiry(record.State, null);
            record.LeaseUntil = CredentialRecord.Released;
            await SettleAsync(record, requestId);
            LifecycleLog.Applied(logger, requestId, "revoke", "Revoked", deleted.SeamRequestId);
            return Revoked(record, reference, requestId, deleted.SeamRequestId);
        }

        return InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    private async Task<ApiResponse> GetCoreAsync(string reference, string scope, string requestId, CancellationToken cancellationToken)
    {
        var record = await StoreCall.RunAsync(() => records.GetAsync(scope, CredentialReference.Hash(reference), cancellationToken));
        switch (record)
        {
            case null or { State: CredentialState.Empty }:
                return Problems.CredentialNotFound(requestId);
            case { State: CredentialState.Revoked }:
                return CredentialAnswer(record, reference, requestId, seamRequestId: null, status: 200);
            case { State: CredentialState.Creating }:
                return InProgress(requestId, record.LeaseUntil > time.GetUtcNow() ? record.LeaseUntil - time.GetUtcNow() : TimeSpan.FromSeconds(1));
        }

        var result = await seam.GetCredentialAsync(record.AcsCredentialId!, cancellationToken);
        return result switch
        {
            SeamCallResult.Created fresh => ApiResponse.Created(new CreatedAnswer
            {
                Credential = CredentialMapper.ToAnswer(fresh.Credential), Reference = reference, RequestId = requestId, SeamRequestId = fresh.SeamRequestId,
            }, 200),
            SeamCallResult.Rejected { Status: 404 } => CredentialAnswer(record, reference, requestId, result.SeamRequestId, status: 200, gone: true),
            _ => Upstream(result, requestId, code: null),
        };
    }

    /// <summary>A version of the wrong kind (400), or older than the last applied (the current state, stale).</summary>
    private ApiResponse? Refusal(CredentialRecord record, EventVersion? version, string operation, string reference, string requestId)
    {
        if (version is not { } given || record.Version is not { } applied)
            return null;
        if (given.IsTime != record.VersionIsTime)
        {
            var errors = new ValidationErrors();
            errors.Add(FieldNames.Version, $"This reference's versions are {new EventVersion(applied, record.VersionIsTime).Kind}; send one of the same kind.");
            return Problems.InvalidRequest(requestId, errors);
        }

        if (given.Value >= applied)
            return null;
        LifecycleLog.Stale(logger, requestId, operation);
        // A stale PUT on a reference that holds nothing (its last create was refused) answers as PUT does: the last
        // credential the reference held, gone (status revoked), and stale.
        return record.State switch
        {
            CredentialState.Empty when record.Answer is null => Problems.CredentialNotFound(requestId),
            CredentialState.Creating => InProgress(requestId, TimeSpan.FromSeconds(1)),
            _ when operation == "DELETE" => Revoked(record, reference, requestId, seamRequestId: null, stale: true),
            _ => CredentialAnswer(record, reference, requestId, seamRequestId: null, status: 200, stale: true, gone: record.State == CredentialState.Empty),
        };
    }

    /// <summary>
    /// A PIN the sender did not choose: the one this reference already has (a missing code is no change), else a
    /// new generated one — kept in the record before Seam is asked, so every retry sends the same.
    /// </summary>
    private static CreateCredentialRequest WithCode(CreateCredentialRequest request, CredentialRecord? record)
    {
        if (request is not { AccessMethod: AccessMethod.Code, Code: null, GeneratedCodeLength: { } length })
            return request;
        var kept = record is null ? null : StoredBody(record).Code;
        return request with { Code = kept ?? Guests.PinCodes.Generate(length) };
    }

    private static bool Updatable(CredentialRecord record, CreateCredentialRequest request)
    {
        var current = StoredBody(record);
        var wanted = CredentialIssuer.ToSeamBody(request);
        return current.AccessMethod == wanted.AccessMethod
               && current.AcsUserId == wanted.AcsUserId
               && current.UserIdentityId == wanted.UserIdentityId
               && current.AcsSystemId == wanted.AcsSystemId
               && current.StartsAt == wanted.StartsAt
               && current.IsMultiPhoneSyncCredential == wanted.IsMultiPhoneSyncCredential
               && (current.AllowedAcsEntranceIds ?? []).SequenceEqual(wanted.AllowedAcsEntranceIds ?? [])
               && (wanted.EndsAt is not null || current.EndsAt is null) // Seam's update can change ends_at, not remove it
               && (wanted.Code is not null || current.Code is null);
    }

    /// <summary>A new create (the next generation) for <paramref name="body"/>; the caller stores the record.</summary>
    private void Retarget(CredentialRecord record, byte[] body, string fingerprint, string? replaced)
    {
        record.State = CredentialState.Creating;
        record.Generation++;
        record.Request = body;
        record.Fingerprint = fingerprint;
        record.ReplacedAcsCredentialId = replaced;
        record.ExpiresAt = CredentialRecord.Never;
        record.LeaseUntil = time.GetUtcNow() + Lease;
    }

    private Task<bool> ClaimAsync(CredentialRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        record.LeaseUntil = now + Lease;
        return StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken));
    }

    private async Task<ApiResponse> ReleaseAsync(CredentialRecord record, ApiResponse answer, string requestId)
    {
        record.LeaseUntil = CredentialRecord.Released;
        await SettleAsync(record, requestId);
        return answer;
    }

    /// <summary>Stores how a write ended. Seam has acted by now: a store failure is logged, never the caller's answer.</summary>
    private async Task SettleAsync(CredentialRecord record, string requestId)
    {
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

    /// <summary>Update and delete are safe to repeat: after an answer that leaves it open, send once more.</summary>
    private async Task<SeamCallResult> SafelyRepeatedAsync(string operation, Func<Task<SeamCallResult>> call, string requestId)
    {
        var result = await call();
        if (result is not (SeamCallResult.TimedOut or SeamCallResult.Unavailable { SeamMayHaveActed: true }))
            return result;
        LifecycleLog.Retried(logger, requestId, operation);
        return await call();
    }

    private static bool IsGone(SeamCallResult result) => result is SeamCallResult.Deleted or SeamCallResult.Rejected { Status: 404 };

    private static ApiResponse Upstream(SeamCallResult result, string requestId, string? code) => Problems.FromUpstream(result, requestId, code);

    /// <summary>A newer version that changes nothing at Seam is still recorded (best effort: it only guards against older events).</summary>
    private async Task RecordVersionAsync(CredentialRecord record, EventVersion? version, string requestId)
    {
        if (version is not { } newer || newer.Value == record.Version)
            return;
        ApplyVersion(record, version);
        await SettleAsync(record, requestId);
    }

    private static void ApplyVersion(CredentialRecord record, EventVersion? version)
    {
        if (version is not { } given)
            return;
        record.Version = given.Value;
        record.VersionIsTime = given.IsTime;
    }

    private DateTimeOffset Expiry(CredentialState state, DateTimeOffset? endsAt) => state switch
    {
        CredentialState.Active => endsAt is { } end ? CredentialRecord.Saturated(end, options.Value.Retention) : CredentialRecord.Never,
        CredentialState.Creating => CredentialRecord.Never,
        _ => time.GetUtcNow() + options.Value.Retention,
    };

    private static SeamCreateCredentialBody StoredBody(CredentialRecord record) =>
        JsonSerializer.Deserialize(record.Request, SeamJsonContext.Default.SeamCreateCredentialBody)!;

    /// <summary>The request the record's pending create is for.</summary>
    private static CreateCredentialRequest StoredRequest(CredentialRecord record, string reference)
    {
        var body = StoredBody(record);
        if (!AccessMethodNames.TryParse(body.AccessMethod, out var method))
            throw new InvalidOperationException("A stored request holds an unknown access method.");
        return new CreateCredentialRequest
        {
            AccessMethod = method,
            AcsUserId = body.AcsUserId,
            UserIdentityId = body.UserIdentityId,
            AcsSystemId = body.AcsSystemId,
            Code = body.Code,
            StartsAt = body.StartsAt,
            EndsAt = body.EndsAt,
            AllowedAcsEntranceIds = body.AllowedAcsEntranceIds,
            IsMultiPhoneSyncCredential = body.IsMultiPhoneSyncCredential,
            Reference = reference,
        };
    }

    /// <summary>The credential answer from the record: its last known credential; revoked (or gone) says so in its status.</summary>
    private static ApiResponse CredentialAnswer(
        CredentialRecord record, string reference, string requestId, string? seamRequestId, int status, string? replaced = null, bool? stale = null, bool gone = false)
    {
        var credential = JsonSerializer.Deserialize(record.Answer!, AnswerJsonContext.Default.CreatedAnswer)!.Credential;
        if (gone || record.State == CredentialState.Revoked)
            credential = credential.WithStatus(Answers.CredentialStatus.Revoked);
        return ApiResponse.Created(new CreatedAnswer
        {
            Credential = credential,
            Reference = reference,
            RequestId = requestId,
            SeamRequestId = seamRequestId,
            ReplacedAcsCredentialId = replaced,
            Stale = stale,
        }, status);
    }

    /// <summary>DELETE's answer; a stale one tells the status the credential still has.</summary>
    private static ApiResponse Revoked(CredentialRecord record, string reference, string requestId, string? seamRequestId, bool? stale = null) =>
        ApiResponse.Revoked(new RevokedAnswer
        {
            Reference = reference,
            AcsCredentialId = record.AcsCredentialId,
            Status = record.State == CredentialState.Active
                ? JsonSerializer.Deserialize(record.Answer!, AnswerJsonContext.Default.CreatedAnswer)!.Credential.Status
                : Answers.CredentialStatus.Revoked,
            RequestId = requestId,
            SeamRequestId = seamRequestId,
            Stale = stale,
        });

    private ApiResponse InProgress(string requestId, TimeSpan wait)
    {
        IdempotencyLog.Outcome(logger, requestId, "reference", "in progress");
        return Problems.IdempotencyInProgress(requestId, (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, 3600));
    }

    /// <summary>The store or the key failing before Seam acted: a retry can go ahead.</summary>
    private async Task<ApiResponse> GuardAsync(string requestId, Func<Task<ApiResponse>> write)
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
