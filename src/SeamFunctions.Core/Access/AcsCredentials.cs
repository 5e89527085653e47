using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Inbound;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;

namespace SeamFunctions.Access;

/// <summary>
/// ACS credentials (<c>/acs/credentials/*</c>: Salto KS, Brivo, Visionline and the like). Seam's update changes
/// <c>code</c> and <c>ends_at</c> only; anything else is a replace.
/// </summary>
internal sealed class AcsCredentials(SeamClient seam, AcsCredentialFinder finder, ILogger<AcsCredentials> logger) : IAccessKind
{
    public async Task<IssueOutcome> CreateAsync(AccessRequest request, AccessAnswer? made, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        if (made is not null)
            return Created(Envelopes.Of(made, request, requestId, seamRequestId: null), requestId); // an earlier attempt made it: adopted
        SeamCallResult result;
        try
        {
            result = await lease.SendAsync(() => seam.CreateCredentialAsync(ToSeamBody(request), cancellationToken), cancellationToken);
        }
        catch (SecretUnavailableException)
        {
            return IssueOutcome.KeyUnavailable(requestId, logger);
        }

        if (result is SeamCallResult.WithCredential created)
            return Created(Envelopes.Of(CredentialMapper.ToAnswer(created.Credential), request, requestId, created.SeamRequestId), requestId);

        return IssueOutcome.Failed(result, request.Code, requestId, logger);
    }

    private IssueOutcome Created(CredentialEnvelope envelope, string requestId)
    {
        RequestLog.CredentialCreated(logger, requestId, envelope.SeamRequestId, ((CredentialAnswer)envelope.Credential).AcsCredentialId, envelope.Credential.Status);
        return new IssueOutcome(new Outcome.Held(envelope, Created: true), UpstreamEffect.Answered, envelope);
    }

    public Task<FoundAccess> FindCreatedAsync(AccessRequest request, DateTimeOffset since, IWriteLease lease, string requestId, CancellationToken cancellationToken) =>
        finder.FindAsync(request, since, lease, requestId, cancellationToken);

    public bool CanChangeInPlace(AccessRequest held, AccessRequest wanted) =>
        held.Kind == wanted.Kind
        && held.AccessMethod == wanted.AccessMethod
        && held.AcsUserId == wanted.AcsUserId
        && held.UserIdentityId == wanted.UserIdentityId
        && held.AcsSystemId == wanted.AcsSystemId
        && held.StartsAt == wanted.StartsAt
        && held.IsMultiPhoneSyncCredential == wanted.IsMultiPhoneSyncCredential
        && (held.AllowedAcsEntranceIds ?? []).SequenceEqual(wanted.AllowedAcsEntranceIds ?? [])
        && (wanted.EndsAt is not null || held.EndsAt is null) // Seam's update can change ends_at, not remove it
        && (wanted.Code is not null || held.Code is null);

    public async Task<AccessResult> ChangeAsync(AccessAnswer held, AccessRequest heldRequest, AccessRequest wanted, IWriteLease lease, CancellationToken cancellationToken) =>
        Result(await lease.SendAsync(() => seam.UpdateCredentialAsync(new SeamUpdateCredentialBody
        {
            AcsCredentialId = IdOf(held),
            Code = wanted.Code != heldRequest.Code ? wanted.Code : null,
            EndsAt = wanted.EndsAt != heldRequest.EndsAt ? wanted.EndsAt : null,
        }, cancellationToken), cancellationToken), goneOn404: false);

    /// <summary>An ACS credential changes in place (one update) or is replaced through a new create generation: nothing untracked to find.</summary>
    public Task<AccessResult> TrackUnfinishedAsync(AccessAnswer held, AccessRequest changingTo, IWriteLease lease, CancellationToken cancellationToken) =>
        Task.FromResult<AccessResult>(new AccessResult.Held(held, null));

    public async Task<AccessResult> RemoveAsync(AccessAnswer held, IWriteLease lease, CancellationToken cancellationToken) =>
        Result(await lease.SendAsync(() => seam.DeleteCredentialAsync(IdOf(held), cancellationToken), cancellationToken), goneOn404: true);

    public async Task<AccessResult> ReadAsync(AccessAnswer held, CancellationToken cancellationToken) =>
        Result(await seam.GetCredentialAsync(IdOf(held), cancellationToken), goneOn404: true);

    private static string IdOf(AccessAnswer held) => ((CredentialAnswer)held).AcsCredentialId;

    private static AccessResult Result(SeamCallResult result, bool goneOn404) => result switch
    {
        SeamCallResult.WithCredential held => new AccessResult.Held(CredentialMapper.ToAnswer(held.Credential), held.SeamRequestId),
        SeamCallResult.Accepted => new AccessResult.Gone(result.SeamRequestId),
        SeamCallResult.Rejected { Status: 404 } when goneOn404 => new AccessResult.Gone(result.SeamRequestId),
        _ => new AccessResult.Failed(result),
    };

    /// <summary>What Seam is sent for a request (the storage edge keeps it in this form too).</summary>
    internal static SeamCreateCredentialBody ToSeamBody(AccessRequest request) => new()
    {
        AccessMethod = request.AccessMethod.ToWire(),
        AcsUserId = request.AcsUserId,
        UserIdentityId = request.UserIdentityId,
        AcsSystemId = request.AcsSystemId,
        Code = request.Code,
        StartsAt = request.StartsAt,
        EndsAt = request.EndsAt,
        AllowedAcsEntranceIds = request.AllowedAcsEntranceIds,
        IsMultiPhoneSyncCredential = request.IsMultiPhoneSyncCredential,
    };
}
