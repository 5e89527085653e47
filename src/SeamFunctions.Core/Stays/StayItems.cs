using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Intake;
using SeamFunctions.Lifecycle;

namespace SeamFunctions.Stays;

/// <summary>A stored record as a board's row: no PIN (not the booking's, not a backup's), no guest details.</summary>
internal static class StayItems
{
    /// <summary>The item's status filter values beyond the access's own: readiness not ready, a command waiting.</summary>
    public const string AtRisk = "at_risk";
    public const string Queued = "queued";

    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal)
    {
        CredentialStatus.Issued, CredentialStatus.Pending, CredentialStatus.Failed, AtRisk, Queued, CredentialStatus.Revoked,
    };

    public static StayAnswer Of(CredentialRecord record, string reference, string? source, string? timeZone, QueuedCommand? queued)
    {
        var access = record.Answer?.Credential;
        return new StayAnswer
        {
            Reference = reference, Source = source, TimeZone = timeZone, Kind = record.Access.Kind, Name = (access as AccessCodesAnswer)?.Name ?? record.Access.Name,
            StartsAt = record.Access.StartsAt is { } starts ? AnswerTimes.Of(starts) : null, EndsAt = record.Access.EndsAt is { } ends ? AnswerTimes.Of(ends) : null,
            Status = StatusOf(record), Readiness = record.State == CredentialState.Active ? record.Readiness : null,
            FirstUsedAt = record.FirstUsedAt is { } used ? AnswerTimes.Of(used) : null,
            Queued = queued is { State: QueuedState.Queued } waiting
                ? new QueuedStayAnswer { Attempts = waiting.Attempts, NextAttemptAt = AnswerTimes.Of(waiting.NextAttemptAt), LastError = waiting.LastError }
                : null,
            LastEvent = LastEventOf(access), Doors = record.State == CredentialState.Revoked ? [] : DoorsOf(record, access),
        };
    }

    /// <summary>Whether the item is in any of <paramref name="statuses"/> (none asked: every item).</summary>
    public static bool IsIn(StayAnswer item, IReadOnlySet<string> statuses) =>
        statuses.Count == 0 || statuses.Contains(item.Status)
        || (statuses.Contains(AtRisk) && item.Readiness is { Ready: false })
        || (statuses.Contains(Queued) && item.Queued is not null);

    private static string StatusOf(CredentialRecord record) => record.State switch
    {
        CredentialState.Revoked => CredentialStatus.Revoked,
        CredentialState.Empty => CredentialStatus.Failed,
        CredentialState.Creating => CredentialStatus.Pending,
        _ => record.Answer?.Credential.Status ?? CredentialStatus.Pending,
    };

    private static List<StayDoorAnswer> DoorsOf(CredentialRecord record, AccessAnswer? access) => access switch
    {
        AccessCodesAnswer codes => [.. codes.AccessCodes.Select(code => Door(code.DeviceId, code.AccessCodeId, code.Errors.Count > 0 ? CredentialStatus.Failed : code.Status, record.Doors))],
        CredentialAnswer credential => [new StayDoorAnswer { AcsCredentialId = credential.AcsCredentialId, Status = credential.Status }],
        AccessGrantAnswer grant => record.Access.Grant?.DeviceIds is { Count: > 0 } devices
            ? [.. devices.Select(device => Door(device, null, grant.Status, record.Doors))]
            : [new StayDoorAnswer { Status = grant.Status }], // on spaces or entrances: the grant as one
        _ => [.. (record.Access.DeviceIds ?? []).Select(device => Door(device, null, CredentialStatus.Pending, record.Doors))],
    };

    private static StayDoorAnswer Door(string deviceId, string? accessCodeId, string status, IReadOnlyList<DoorHealth> doors)
    {
        var door = doors.Of(deviceId);
        return new StayDoorAnswer
        {
            DeviceId = deviceId, DeviceName = door?.Name, AccessCodeId = accessCodeId, Status = status, Online = door?.Online, BatteryLevel = door?.BatteryLevel,
        };
    }

    private static LastEventAnswer? LastEventOf(AccessAnswer? access) => access switch
    {
        AccessCodesAnswer codes => codes.AccessCodes.Select(c => c.LastEvent).OfType<LastEventAnswer>().MaxBy(e => e.OccurredAt, StringComparer.Ordinal),
        CredentialAnswer credential => credential.LastEvent,
        AccessGrantAnswer grant => grant.AccessMethods.Select(m => m.LastEvent).Append(grant.LastEvent).OfType<LastEventAnswer>().MaxBy(e => e.OccurredAt, StringComparer.Ordinal),
        _ => null,
    };
}
