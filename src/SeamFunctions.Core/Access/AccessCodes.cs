using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Idempotency;
using SeamFunctions.Inbound;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;

namespace SeamFunctions.Access;

/// <summary>
/// One PIN on a unit's smart locks: an access code per device (<c>/access_codes/*</c>), the same PIN, name and
/// times on each. All doors or none: when Seam refuses the PIN on one lock, the codes the request made on the
/// others are deleted. Seam's access codes carry no idempotency key, so nothing is made twice by finding first
/// (<c>/access_codes/list</c> of the device, matching code, name and times) wherever an attempt may have acted.
/// </summary>
internal sealed class AccessCodes(SeamClient seam, IOptions<IdempotencyOptions> options, IOptions<LocksOptions> locks, ILogger<AccessCodes> logger) : IAccessKind
{
    private const int PageSize = 200;
    private const int MaxPages = 10;

    public async Task<IssueOutcome> CreateAsync(AccessRequest request, AccessAnswer? made, string requestId, CancellationToken cancellationToken)
    {
        var codes = new List<AccessCodeAnswer>(((AccessCodesAnswer?)made)?.AccessCodes ?? []);
        string? seamRequestId = null;
        try
        {
            foreach (var device in request.DeviceIds!.Where(d => codes.All(c => c.DeviceId != d)))
            {
                var result = await seam.CreateAccessCodeAsync(CreateBody(request, device), cancellationToken);
                if (result is not SeamCallResult.WithAccessCode created)
                    return await RefusedAsync(request, codes, result, device, requestId, cancellationToken);
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
        return new IssueOutcome(ApiResponse.Credential(envelope), UpstreamEffect.Answered, envelope);
    }

    /// <summary>
    /// A create failed on <paramref name="device"/>. Refused for certain (4xx): all doors or none, so the codes made
    /// for this request are deleted and the refusal answered. Otherwise (Seam down, slow, rate limiting) what was
    /// made stays for the retry, which finds it first.
    /// </summary>
    private async Task<IssueOutcome> RefusedAsync(
        AccessRequest request, List<AccessCodeAnswer> made, SeamCallResult result, string device, string requestId, CancellationToken cancellationToken)
    {
        var problem = Problems.FromUpstream(result, requestId, request.Code, device);
        RequestLog.Failed(logger, requestId, problem.ProblemCode!, result.SeamRequestId);
        if (result is not SeamCallResult.Rejected)
        {
            var effect = IssueOutcome.EffectOf(result);
            return new IssueOutcome(problem, made.Count > 0 && effect == UpstreamEffect.NotActed ? UpstreamEffect.Unknown : effect);
        }

        foreach (var code in made)
        {
            var deleted = await DeleteAsync(code.AccessCodeId, cancellationToken);
            if (deleted is not (SeamCallResult.Accepted or SeamCallResult.Rejected { Status: 404 }))
                return new IssueOutcome(Problems.FromUpstream(deleted, requestId, request.Code, code.DeviceId), UpstreamEffect.Unknown);
        }

        return new IssueOutcome(problem, UpstreamEffect.Answered);
    }

    /// <summary>Per device, the code this request would have made since <paramref name="since"/>, as one (maybe partial) candidate.</summary>
    public async Task<FoundAccess> FindCreatedAsync(AccessRequest request, DateTimeOffset since, string requestId, CancellationToken cancellationToken)
    {
        var found = new List<AccessCodeAnswer>();
        try
        {
            foreach (var device in request.DeviceIds!)
            {
                var (code, failure) = await FindOnDeviceAsync(request, device, since - options.Value.ClockSkew, cancellationToken);
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

    /// <summary>The device's code that <paramref name="request"/> would have made after <paramref name="createdAfter"/>; or the failed list call.</summary>
    private async Task<(SeamAccessCode? Code, SeamCallResult? Failure)> FindOnDeviceAsync(
        AccessRequest request, string device, DateTimeOffset createdAfter, CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await seam.ListAccessCodesAsync(new SeamListAccessCodesBody { DeviceId = device, Limit = PageSize, PageCursor = cursor }, cancellationToken);
            if (result is not SeamCallResult.ListedCodes listed)
                return (null, result);
            // Filtered here too: Seam's own fake ignores device_id in list.
            if (listed.Codes.FirstOrDefault(c => c.DeviceId == device && IsWhatThisRequestMakes(c, request, createdAfter)) is { } match)
                return (match, null);
            if ((cursor = listed.NextPageCursor) is null)
                break;
        }

        return (null, null);
    }

    /// <summary>Smart locks to smart locks: codes, names, times and the set of doors all change in place.</summary>
    public bool CanChangeInPlace(AccessRequest held, AccessRequest wanted) => held.Kind == wanted.Kind;

    /// <summary>
    /// Doors added get the PIN first (all of them, or, refused, none), then the doors kept are updated where code,
    /// name or times changed, then doors removed lose their code. A failure partway says what Seam holds by then.
    /// </summary>
    public async Task<AccessResult> ChangeAsync(AccessAnswer held, AccessRequest heldRequest, AccessRequest wanted, CancellationToken cancellationToken)
    {
        var before = (AccessCodesAnswer)held;
        var codes = before.AccessCodes.ToList();
        var kept = codes.Where(c => wanted.DeviceIds!.Contains(c.DeviceId)).Select(c => c.DeviceId).ToList();
        if (await AddDoorsAsync(before, wanted, codes, cancellationToken) is { } notAdded)
            return notAdded;
        if (Changed(heldRequest, wanted))
        {
            foreach (var device in kept)
            {
                var index = codes.FindIndex(c => c.DeviceId == device);
                var ownPin = heldRequest.Code == wanted.Code ? codes[index].Code : null; // a backup code keeps its PIN while the stay moves
                var updated = await UpdateAsync(codes[index].AccessCodeId, wanted, ownPin, cancellationToken);
                if (updated is SeamCallResult.Rejected { Status: 404 })
                    updated = await seam.CreateAccessCodeAsync(CreateBody(wanted, device), cancellationToken); // deleted outside (the lock's app): put it back
                if (updated is not SeamCallResult.WithAccessCode fresh)
                    return new AccessResult.Failed(updated, WithCodes(before, codes), device);
                codes[index] = ToAnswer(fresh.Code, wanted.Code);
            }
        }

        return await RemoveDoorsAsync(before, wanted, codes, cancellationToken);
    }

    /// <summary>The PIN on each door <paramref name="wanted"/> adds: found (an earlier try made it) or made. Null when every door has it.</summary>
    private async Task<AccessResult?> AddDoorsAsync(AccessCodesAnswer before, AccessRequest wanted, List<AccessCodeAnswer> codes, CancellationToken cancellationToken)
    {
        var made = new List<AccessCodeAnswer>();
        foreach (var device in wanted.DeviceIds!.Where(d => codes.All(c => c.DeviceId != d)))
        {
            var (found, failure) = await FindOnDeviceAsync(wanted, device, DateTimeOffset.MinValue, cancellationToken);
            var result = found is null && failure is null ? await seam.CreateAccessCodeAsync(CreateBody(wanted, device), cancellationToken) : failure;
            if ((found ?? (result as SeamCallResult.WithAccessCode)?.Code) is { } code)
            {
                made.Add(ToAnswer(code, wanted.Code));
                continue;
            }

            if (result is SeamCallResult.Rejected)
            {
                foreach (var added in made)
                    await DeleteAsync(added.AccessCodeId, cancellationToken); // all added doors, or none
                return new AccessResult.Failed(result, null, device);
            }

            codes.AddRange(made);
            return new AccessResult.Failed(result!, WithCodes(before, codes), device);
        }

        codes.AddRange(made);
        return null;
    }

    /// <summary>Updated, then read again (Seam's update answers without the code): the fresh code, or the failed call.</summary>
    private async Task<SeamCallResult> UpdateAsync(string accessCodeId, AccessRequest wanted, string? ownPin, CancellationToken cancellationToken)
    {
        var updated = await seam.UpdateAccessCodeAsync(UpdateBody(accessCodeId, wanted, ownPin), cancellationToken);
        return updated is SeamCallResult.Accepted ? await seam.GetAccessCodeAsync(accessCodeId, cancellationToken) : updated;
    }

    private async Task<AccessResult> RemoveDoorsAsync(AccessCodesAnswer before, AccessRequest wanted, List<AccessCodeAnswer> codes, CancellationToken cancellationToken)
    {
        foreach (var code in codes.Where(c => !wanted.DeviceIds!.Contains(c.DeviceId)).ToList())
        {
            var deleted = await DeleteAsync(code.AccessCodeId, cancellationToken);
            if (deleted is not (SeamCallResult.Accepted or SeamCallResult.Rejected { Status: 404 }))
                return new AccessResult.Failed(deleted, WithCodes(before, codes), code.DeviceId);
            codes.Remove(code);
        }

        return new AccessResult.Held(Answer(wanted, codes), null);
    }

    /// <summary>Every door's code deleted; one Seam no longer knows counts as removed.</summary>
    public async Task<AccessResult> RemoveAsync(AccessAnswer held, CancellationToken cancellationToken)
    {
        var remaining = ((AccessCodesAnswer)held).AccessCodes.ToList();
        foreach (var code in remaining.ToList())
        {
            var deleted = await DeleteAsync(code.AccessCodeId, cancellationToken);
            if (deleted is not (SeamCallResult.Accepted or SeamCallResult.Rejected { Status: 404 }))
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
            var result = await seam.GetAccessCodeAsync(code.AccessCodeId, cancellationToken);
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

    private Task<SeamCallResult> DeleteAsync(string accessCodeId, CancellationToken cancellationToken) => seam.DeleteAccessCodeAsync(accessCodeId, cancellationToken);

    /// <summary>Whether code, name or times changed (the doors kept are updated then).</summary>
    private static bool Changed(AccessRequest held, AccessRequest wanted) =>
        held.Code != wanted.Code || NameOf(held) != NameOf(wanted) || held.StartsAt != wanted.StartsAt || held.EndsAt != wanted.EndsAt;

    private static string? NameOf(AccessRequest request) => request.Name ?? request.Reference;

    private SeamCreateAccessCodeBody CreateBody(AccessRequest request, string device) => new()
    {
        DeviceId = device, Code = request.Code, Name = NameOf(request), StartsAt = request.StartsAt, EndsAt = request.EndsAt,
        UseBackupAccessCodePool = (request.BackupCodes ?? locks.Value.BackupCodes) && request is { StartsAt: not null, EndsAt: not null } ? true : null,
    };

    private static SeamUpdateAccessCodeBody UpdateBody(string accessCodeId, AccessRequest wanted, string? ownPin) => new()
    {
        AccessCodeId = accessCodeId, Code = ownPin ?? wanted.Code, Name = NameOf(wanted), StartsAt = wanted.StartsAt, EndsAt = wanted.EndsAt,
    };

    internal static bool IsWhatThisRequestMakes(SeamAccessCode code, AccessRequest request, DateTimeOffset createdAfter) =>
        code.AccessCodeId is not null
        && string.Equals(code.Code, request.Code, StringComparison.Ordinal)
        && (NameOf(request) is not { } name || string.Equals(code.Name, name, StringComparison.Ordinal))
        && SameInstant(code.StartsAt, request.StartsAt)
        && SameInstant(code.EndsAt, request.EndsAt)
        && (createdAfter == DateTimeOffset.MinValue || At(code.CreatedAt) >= createdAfter);

    private static bool SameInstant(string? seam, DateTimeOffset? requested) =>
        requested is null ? string.IsNullOrEmpty(seam) : At(seam) == requested;

    private static DateTimeOffset At(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;

    /// <summary>Seam's code as answered; its PIN is shown only when it is not the access's <paramref name="pin"/> (a backup code).</summary>
    internal static AccessCodeAnswer ToAnswer(SeamAccessCode code, string? pin) => new()
    {
        AccessCodeId = code.AccessCodeId!,
        Code = code.Code is { Length: > 0 } own && own != pin ? own : null,
        DeviceId = code.DeviceId!,
        Status = code.Status ?? "unknown",
        Warnings = CredentialMapper.Notices(code.Warnings),
        Errors = CredentialMapper.Notices(code.Errors),
    };

    private static AccessCodeAnswer Gone(AccessCodeAnswer code) => new()
    {
        AccessCodeId = code.AccessCodeId, DeviceId = code.DeviceId, Code = code.Code, Status = "unknown",
        Warnings = [new NoticeAnswer("access_code_not_found", "Seam no longer knows this access code.")], Errors = [],
    };

    /// <summary>The codes as one answer, in the order the request names the doors.</summary>
    private static AccessCodesAnswer Answer(AccessRequest request, IReadOnlyList<AccessCodeAnswer> codes)
    {
        var doors = request.DeviceIds!;
        return AccessCodesAnswer.Of([.. codes.OrderBy(c => IndexOf(doors, c.DeviceId))], request.Code, NameOf(request), Iso(request.StartsAt), Iso(request.EndsAt));
    }

    private static int IndexOf(IReadOnlyList<string> doors, string device)
    {
        for (var i = 0; i < doors.Count; i++)
        {
            if (doors[i] == device)
                return i;
        }

        return doors.Count;
    }

    private static AccessCodesAnswer WithCodes(AccessCodesAnswer held, IReadOnlyList<AccessCodeAnswer> codes) =>
        AccessCodesAnswer.Of(codes, held.Code, held.Name, held.StartsAt, held.EndsAt);

    private static string? Iso(DateTimeOffset? at) => at is { } time ? AnswerTimes.Of(time) : null;
}
