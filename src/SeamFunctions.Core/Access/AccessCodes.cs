using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Idempotency;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Inbound;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;
using static SeamFunctions.Access.AccessCodeShapes;

namespace SeamFunctions.Access;

/// <summary>
/// One PIN on a unit's smart locks: an access code per device (<c>/access_codes/*</c>), the same PIN, name and
/// times on each. All doors or none: when Seam refuses the PIN on one lock, the codes the request made on the
/// others are deleted (and, while Seam cannot delete them, kept track of). Seam's access codes carry no idempotency
/// key, so nothing is made twice by finding first (<c>/access_codes/list</c> of the device, matching code, name and
/// times) wherever an attempt may have acted. Every call is sent only while the write holds its record.
/// </summary>
internal sealed class AccessCodes(AccessCodeCalls calls, AccessCodeChanges changes, IOptions<IdempotencyOptions> idempotency, ILogger<AccessCodes> logger) : IAccessKind
{
    public async Task<IssueOutcome> CreateAsync(AccessRequest request, AccessAnswer? made, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        var codes = new List<AccessCodeAnswer>(((AccessCodesAnswer?)made)?.AccessCodes ?? []);
        string? seamRequestId = null;
        try
        {
            foreach (var device in request.DeviceIds!.Where(d => codes.All(c => !AccessCodeCalls.SameDevice(c.DeviceId, d))))
            {
                var result = await calls.CreateAsync(request, device, lease, cancellationToken);
                if (result is not SeamCallResult.WithAccessCode created)
                    return await RefusedAsync(request, codes, result, device, lease, requestId, cancellationToken);
                seamRequestId = created.SeamRequestId;
                codes.Add(ToAnswer(created.Code, request.Code));
            }
        }
        catch (SecretUnavailableException)
        {
            return new IssueOutcome(Problems.SecretUnavailable(requestId), codes.Count == 0 ? UpstreamEffect.NotActed : UpstreamEffect.Unknown);
        }

        var envelope = Envelopes.Of(Answer(request, codes), request, requestId, seamRequestId); // the last create's
        RequestLog.AccessCodesCreated(logger, requestId, codes.Count, envelope.Credential.Status);
        return new IssueOutcome(new Outcome.Held(envelope, Created: true), UpstreamEffect.Answered, envelope);
    }

    /// <summary>
    /// A create failed on <paramref name="device"/>. Refused for certain (4xx): all doors or none, so the codes made
    /// for this request are deleted and the refusal answered; a code Seam could not delete leaves the create
    /// unfinished, so the next write finds and removes it. Otherwise (Seam down, slow, rate limiting, the record
    /// taken over) what was made stays for the retry, which finds it first.
    /// </summary>
    private async Task<IssueOutcome> RefusedAsync(
        AccessRequest request, List<AccessCodeAnswer> made, SeamCallResult result, string device, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        var problem = Problems.FromUpstream(result, requestId, request.Code, device);
        RequestLog.Failed(logger, requestId, problem.Code, result.SeamRequestId);
        if (result is not SeamCallResult.Rejected)
        {
            var effect = IssueOutcome.EffectOf(result);
            return new IssueOutcome(problem, made.Count > 0 && effect == UpstreamEffect.NotActed ? UpstreamEffect.Unknown : effect)
            {
                RecordLost = result is SeamCallResult.Superseded,
            };
        }

        foreach (var code in made)
        {
            var deleted = await calls.CleanUpAsync(code.AccessCodeId, lease, cancellationToken);
            if (!AccessCodeCalls.IsGone(deleted))
                return new IssueOutcome(Problems.FromUpstream(deleted, requestId, request.Code, code.DeviceId), UpstreamEffect.Unknown)
                {
                    RecordLost = deleted is SeamCallResult.Superseded,
                };
        }

        return new IssueOutcome(problem, UpstreamEffect.Answered);
    }

    /// <summary>Per device, the code this request would have made since <paramref name="since"/>, as one (maybe partial) candidate.</summary>
    public async Task<FoundAccess> FindCreatedAsync(AccessRequest request, DateTimeOffset since, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        var found = new List<AccessCodeAnswer>();
        try
        {
            foreach (var device in request.DeviceIds!)
            {
                var (code, failure) = await calls.FindOnDeviceAsync(request, device, since - idempotency.Value.ClockSkew, lease, cancellationToken);
                if (failure is not null)
                    return new FoundAccess([], null, Problems.FromUpstream(failure, requestId, request.Code, device));
                if (code is not null)
                    found.Add(ToAnswer(code, request.Code));
            }
        }
        catch (SecretUnavailableException)
        {
            return new FoundAccess([], null, Problems.SecretUnavailable(requestId));
        }

        return new FoundAccess(found.Count == 0 ? [] : [Answer(request, found)], null, null);
    }

    /// <summary>Smart locks to smart locks: codes, names, times and the set of doors all change in place.</summary>
    public bool CanChangeInPlace(AccessRequest held, AccessRequest wanted) => held.Kind == wanted.Kind;

    public Task<AccessResult> ChangeAsync(AccessAnswer held, AccessRequest heldRequest, AccessRequest wanted, IWriteLease lease, CancellationToken cancellationToken) =>
        changes.ChangeAsync((AccessCodesAnswer)held, heldRequest, wanted, lease, cancellationToken);

    public Task<AccessResult> TrackUnfinishedAsync(AccessAnswer held, AccessRequest changingTo, IWriteLease lease, CancellationToken cancellationToken) =>
        changes.TrackUnfinishedAsync((AccessCodesAnswer)held, changingTo, lease, cancellationToken);

    /// <summary>Every door's code deleted; one Seam no longer knows counts as removed.</summary>
    public async Task<AccessResult> RemoveAsync(AccessAnswer held, IWriteLease lease, CancellationToken cancellationToken)
    {
        var remaining = ((AccessCodesAnswer)held).AccessCodes.ToList();
        foreach (var code in remaining.ToList())
        {
            var deleted = await calls.DeleteAsync(code.AccessCodeId, lease, cancellationToken);
            if (!AccessCodeCalls.IsGone(deleted))
                return new AccessResult.Failed(deleted, WithCodes((AccessCodesAnswer)held, remaining), code.DeviceId);
            remaining.Remove(code);
        }

        return new AccessResult.Gone(null);
    }

    /// <summary>Each door's code as Seam has it now; one Seam no longer knows says so (status unknown, a warning); none known: gone.</summary>
    public async Task<AccessResult> ReadAsync(AccessAnswer held, CancellationToken cancellationToken)
    {
        var codes = new List<AccessCodeAnswer>();
        var (gone, seamRequestId) = (0, (string?)null);
        foreach (var code in ((AccessCodesAnswer)held).AccessCodes)
        {
            var result = await calls.Seam.GetAccessCodeAsync(code.AccessCodeId, cancellationToken);
            if (result is SeamCallResult.Rejected { Status: 404 })
            {
                gone++;
                codes.Add(Gone(code));
                continue;
            }

            if (result is not SeamCallResult.WithAccessCode fresh)
                return new AccessResult.Failed(result, null, code.DeviceId);
            seamRequestId = fresh.SeamRequestId;
            codes.Add(ToAnswer(fresh.Code, ((AccessCodesAnswer)held).Code));
        }

        return gone == codes.Count
            ? new AccessResult.Gone(seamRequestId)
            : new AccessResult.Held(WithCodes((AccessCodesAnswer)held, codes), seamRequestId);
    }
}
