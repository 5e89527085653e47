using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Upstream;

namespace SeamFunctions.Access;

/// <summary>
/// The access-code calls a write makes, each sent only while the write still holds its record
/// (<see cref="IWriteLease"/>; otherwise <see cref="SeamCallResult.Superseded"/>), and the shapes they share:
/// the bodies Seam is sent and what a found code must look like.
/// </summary>
internal sealed class AccessCodeCalls(SeamClient seam, IOptions<LocksOptions> locks)
{
    private const int PageSize = 200;
    private const int MaxPages = 10;

    /// <summary>A cleanup delete is sent up to this many times while Seam fails or may have acted.</summary>
    public const int CleanupTries = 3;

    public SeamClient Seam => seam;

    public async Task<SeamCallResult> CreateAsync(AccessRequest request, string device, IWriteLease lease, CancellationToken cancellationToken) =>
        await lease.SendAsync(() => seam.CreateAccessCodeAsync(CreateBody(request, device), cancellationToken), cancellationToken);

    /// <summary>Updated, then read again (Seam's update answers without the code): the fresh code, or the failed call.</summary>
    public async Task<SeamCallResult> UpdateAsync(string accessCodeId, AccessRequest wanted, string? ownPin, IWriteLease lease, CancellationToken cancellationToken)
    {
        var updated = await lease.SendAsync(() => seam.UpdateAccessCodeAsync(UpdateBody(accessCodeId, wanted, ownPin), cancellationToken), cancellationToken);
        if (updated is not SeamCallResult.Accepted)
            return updated;
        return await lease.SendAsync(() => seam.GetAccessCodeAsync(accessCodeId, cancellationToken), cancellationToken);
    }

    public async Task<SeamCallResult> DeleteAsync(string accessCodeId, IWriteLease lease, CancellationToken cancellationToken) =>
        await lease.SendAsync(() => seam.DeleteAccessCodeAsync(accessCodeId, cancellationToken), cancellationToken);

    /// <summary>
    /// Deletes a code the write made and must not keep (all doors or none): sent again while Seam fails or may have
    /// acted, up to <see cref="CleanupTries"/> times. Not <see cref="IsGone"/> afterwards: the caller keeps tracking it.
    /// </summary>
    public async Task<SeamCallResult> CleanUpAsync(string accessCodeId, IWriteLease lease, CancellationToken cancellationToken)
    {
        var result = await DeleteAsync(accessCodeId, lease, cancellationToken);
        for (var tries = 1; tries < CleanupTries && result is SeamCallResult.Unavailable or SeamCallResult.TimedOut or SeamCallResult.RateLimited; tries++)
            result = await DeleteAsync(accessCodeId, lease, cancellationToken);
        return result;
    }

    /// <summary>Deleted, or unknown to Seam (404): the door no longer holds it.</summary>
    public static bool IsGone(SeamCallResult result) => result is SeamCallResult.Accepted or SeamCallResult.Rejected { Status: 404 };

    /// <summary>The device's code that <paramref name="request"/> would have made after <paramref name="createdAfter"/>; or the failed list call.</summary>
    public async Task<(SeamAccessCode? Code, SeamCallResult? Failure)> FindOnDeviceAsync(
        AccessRequest request, string device, DateTimeOffset createdAfter, IWriteLease lease, CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await lease.SendAsync(
                () => seam.ListAccessCodesAsync(new SeamListAccessCodesBody { DeviceId = device, Limit = PageSize, PageCursor = cursor }, cancellationToken), cancellationToken);
            if (result is not SeamCallResult.ListedCodes listed)
                return (null, result);
            // Filtered here too: Seam's own fake ignores device_id in list.
            if (listed.Codes.FirstOrDefault(c => SameDevice(c.DeviceId, device) && IsWhatThisRequestMakes(c, request, createdAfter)) is { } match)
                return (match, null);
            if ((cursor = listed.NextPageCursor) is null)
                break;
        }

        return (null, null);
    }

    public static string? NameOf(AccessRequest request) => request.Name ?? request.Reference;

    /// <summary>Seam's ids are UUIDs, the same in any case.</summary>
    public static bool SameDevice(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

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

    private static DateTimeOffset At(string? text) => SeamTimes.Parse(text) ?? DateTimeOffset.MinValue;
}

/// <summary>Access codes as answered: one per door, in the order the request names the doors.</summary>
internal static class AccessCodeShapes
{
    /// <summary>Seam's code as answered; its PIN is shown only when it is not the access's <paramref name="pin"/> (a backup code).</summary>
    public static AccessCodeAnswer ToAnswer(SeamAccessCode code, string? pin) => new()
    {
        AccessCodeId = code.AccessCodeId!,
        Code = code.Code is { Length: > 0 } own && own != pin ? own : null,
        DeviceId = code.DeviceId!,
        Status = code.Status ?? "unknown",
        Warnings = CredentialMapper.Notices(code.Warnings),
        Errors = CredentialMapper.Notices(code.Errors),
    };

    /// <summary>The warning of a code Seam no longer knows (<see cref="Gone"/>).</summary>
    public const string NotFoundWarning = "access_code_not_found";

    public static AccessCodeAnswer Gone(AccessCodeAnswer code) => new()
    {
        AccessCodeId = code.AccessCodeId, DeviceId = code.DeviceId, Code = code.Code, Status = "unknown",
        Warnings = [new NoticeAnswer(NotFoundWarning, "Seam no longer knows this access code.")], Errors = [],
    };

    /// <summary>The codes as one answer, in the order the request names the doors.</summary>
    public static AccessCodesAnswer Answer(AccessRequest request, IReadOnlyList<AccessCodeAnswer> codes)
    {
        var doors = request.DeviceIds!;
        return AccessCodesAnswer.Of([.. codes.OrderBy(c => IndexOf(doors, c.DeviceId))], request.Code, AccessCodeCalls.NameOf(request), Iso(request.StartsAt), Iso(request.EndsAt));
    }

    public static AccessCodesAnswer WithCodes(AccessCodesAnswer held, IReadOnlyList<AccessCodeAnswer> codes) =>
        AccessCodesAnswer.Of(codes, held.Code, held.Name, held.StartsAt, held.EndsAt);

    private static int IndexOf(IReadOnlyList<string> doors, string device)
    {
        for (var i = 0; i < doors.Count; i++)
        {
            if (AccessCodeCalls.SameDevice(doors[i], device))
                return i;
        }

        return doors.Count;
    }

    private static string? Iso(DateTimeOffset? at) => at is { } time ? AnswerTimes.Of(time) : null;
}
