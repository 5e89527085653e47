using System.Globalization;
using SeamFunctions.Answers;

namespace SeamFunctions.Events;

/// <summary>
/// What each of Seam's events changes in the access a reference holds: the named code's or credential's status,
/// warnings and errors, and its <c>last_event</c>. An event older (by <c>occurred_at</c>) than the last one applied
/// to that id, of a type not listed here, or about an id the access does not hold, changes nothing.
/// </summary>
internal static class EventEffects
{
    /// <summary>The event types that change what a guest can do.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(
    [
        "access_code.set_on_device", "access_code.scheduled_on_device", "access_code.delay_in_setting_on_device",
        "access_code.failed_to_set_on_device", "access_code.removed_from_device", "access_code.deleted",
        "access_code.failed_to_remove_from_device", "acs_credential.issued", "acs_credential.deleted", "acs_credential.invalidated",
        .. GrantEventEffects.Types,
    ], StringComparer.Ordinal);

    /// <summary>A door opened; with an <c>access_code_id</c>, by a reference's code (its first use, or a later one).</summary>
    public const string Unlocked = "lock.unlocked";

    /// <summary>Events that confirm a code or credential is gone: after a revoke, the only ones that change anything (its <c>last_event</c>).</summary>
    public static bool ConfirmsRemoval(string eventType) =>
        eventType is "access_code.removed_from_device" or "access_code.deleted" or "acs_credential.deleted" || GrantEventEffects.ConfirmsRemoval(eventType);

    /// <summary>The access with the event applied; null when it changes nothing.</summary>
    /// <param name="revoked">The reference was revoked: a code or credential going away is what was asked, not a failure.</param>
    public static AccessAnswer? Apply(AccessAnswer held, SeamEvent seamEvent, bool revoked) => held switch
    {
        _ when !Known.Contains(seamEvent.EventType) => null,
        AccessCodesAnswer codes => ToCodes(codes, seamEvent, revoked),
        CredentialAnswer credential => ToCredential(credential, seamEvent, revoked),
        AccessGrantAnswer grant => GrantEventEffects.Apply(grant, seamEvent, revoked),
        _ => null,
    };

    private static AccessCodesAnswer? ToCodes(AccessCodesAnswer codes, SeamEvent seamEvent, bool revoked)
    {
        var all = codes.AccessCodes.ToList();
        var index = all.FindIndex(c => c.AccessCodeId == seamEvent.AccessCodeId);
        if (index < 0 || !seamEvent.EventType.StartsWith("access_code.", StringComparison.Ordinal) || IsOlder(codes.AccessCodes[index].LastEvent, seamEvent))
            return null;
        var code = codes.AccessCodes[index];
        var (status, warning, error) = seamEvent.EventType switch
        {
            "access_code.set_on_device" => ("set", null, null),
            "access_code.delay_in_setting_on_device" => (code.Status, Notice("delay_in_setting_on_device", "Seam reports a delay in setting the code on the lock."), null),
            "access_code.failed_to_set_on_device" => (code.Status, null, Notice("failed_to_set_on_device", "Seam could not set the code on the lock.")),
            "access_code.removed_from_device" or "access_code.deleted" => ("unset", null, revoked ? null : Notice("removed_from_device", "The code is no longer on the lock.")),
            "access_code.failed_to_remove_from_device" => (code.Status, null, Notice("failed_to_remove_from_device", "Seam could not remove the code from the lock: it may still open it.")),
            _ => (code.Status, (NoticeAnswer?)null, (NoticeAnswer?)null),
        };
        var changed = new AccessCodeAnswer
        {
            AccessCodeId = code.AccessCodeId, DeviceId = code.DeviceId, Code = code.Code, Status = status,
            Warnings = Added(code.Warnings, warning), Errors = Added(code.Errors, error), LastEvent = Last(seamEvent),
        };
        all[index] = changed;
        return AccessCodesAnswer.Of(all, codes.Code, codes.Name, codes.StartsAt, codes.EndsAt);
    }

    private static CredentialAnswer? ToCredential(CredentialAnswer credential, SeamEvent seamEvent, bool revoked)
    {
        if (credential.AcsCredentialId != seamEvent.AcsCredentialId || !seamEvent.EventType.StartsWith("acs_credential.", StringComparison.Ordinal) || IsOlder(credential.LastEvent, seamEvent))
            return null;
        if (seamEvent.EventType == "acs_credential.issued")
            return credential.With(isIssued: true, credential.Errors, credential.Errors.Count > 0 ? CredentialStatus.Failed : CredentialStatus.Issued, Last(seamEvent));
        var errors = revoked ? credential.Errors : Added(credential.Errors, Notice(seamEvent.EventType["acs_credential.".Length..], "The credential no longer opens the doors."));
        return credential.With(credential.IsIssued, errors, errors.Count > 0 ? CredentialStatus.Failed : credential.Status, Last(seamEvent));
    }

    /// <summary>What Seam says now (a GET), with the last event applied to each code or credential, as the record holds it.</summary>
    public static AccessAnswer WithLastEvents(AccessAnswer fresh, AccessAnswer? stored) => (fresh, stored) switch
    {
        (AccessCodesAnswer now, AccessCodesAnswer held) => AccessCodesAnswer.Of(
            [.. now.AccessCodes.Select(code => held.AccessCodes.FirstOrDefault(h => h.AccessCodeId == code.AccessCodeId)?.LastEvent is { } last
                ? new AccessCodeAnswer { AccessCodeId = code.AccessCodeId, DeviceId = code.DeviceId, Code = code.Code, Status = code.Status, Warnings = code.Warnings, Errors = code.Errors, LastEvent = last }
                : code)],
            now.Code, now.Name, now.StartsAt, now.EndsAt),
        (CredentialAnswer now, CredentialAnswer { LastEvent: { } last } held) when held.AcsCredentialId == now.AcsCredentialId => now.With(now.IsIssued, now.Errors, now.Status, last),
        (AccessGrantAnswer now, AccessGrantAnswer held) when held.AccessGrantId == now.AccessGrantId => GrantEventEffects.WithLastEvents(now, held),
        _ => fresh,
    };

    /// <summary>Whether <paramref name="seamEvent"/> is the last event applied to the code or credential it names (Seam sent it again).</summary>
    public static bool IsLastApplied(AccessAnswer held, SeamEvent seamEvent)
    {
        if (held is AccessGrantAnswer grant)
            return GrantEventEffects.IsLastApplied(grant, seamEvent);
        var last = held switch
        {
            AccessCodesAnswer codes => codes.AccessCodes.FirstOrDefault(c => c.AccessCodeId == seamEvent.AccessCodeId)?.LastEvent,
            CredentialAnswer credential when credential.AcsCredentialId == seamEvent.AcsCredentialId => credential.LastEvent,
            _ => null,
        };
        return last is not null && last == Last(seamEvent);
    }

    /// <summary>Seam's events arrive in any order and more than once: one no newer than the last applied changes nothing.</summary>
    internal static bool IsOlder(LastEventAnswer? last, SeamEvent seamEvent) =>
        last is not null && DateTimeOffset.Parse(last.OccurredAt, CultureInfo.InvariantCulture) >= seamEvent.OccurredAt;

    internal static LastEventAnswer Last(SeamEvent seamEvent) =>
        new(seamEvent.EventType, AnswerTimes.Of(seamEvent.OccurredAt));

    private static NoticeAnswer Notice(string code, string message) => new(code, message);

    internal static IReadOnlyList<NoticeAnswer> Added(IReadOnlyList<NoticeAnswer> notices, NoticeAnswer? notice) =>
        notice is null || notices.Any(n => n.Code == notice.Code) ? notices : [.. notices, notice];
}
