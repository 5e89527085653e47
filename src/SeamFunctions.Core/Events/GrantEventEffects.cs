using SeamFunctions.Answers;

namespace SeamFunctions.Events;

/// <summary>
/// What Seam's <c>access_method.*</c> and <c>access_grant.*</c> events change in an access grant a reference holds:
/// the named method's <c>is_issued</c>, warnings and errors, or the grant's own errors, and their <c>last_event</c>.
/// An event about a method the grant no longer holds (one replaced by a new PIN) changes nothing.
/// </summary>
internal static class GrantEventEffects
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "access_method.issued", "access_method.reissued", "access_method.delay_in_issuing", "access_method.failed_to_issue",
        "access_method.revoked", "access_method.deleted", "access_grant.access_granted_to_all_doors", "access_grant.access_to_door_lost",
        "access_grant.deleted", "access_grant.could_not_create_requested_access_methods",
    };

    /// <summary>Events that confirm a grant or method is gone.</summary>
    public static bool ConfirmsRemoval(string eventType) => eventType is "access_grant.deleted" or "access_method.deleted" or "access_method.revoked";

    public static AccessGrantAnswer? Apply(AccessGrantAnswer grant, SeamEvent seamEvent, bool revoked) =>
        seamEvent.AccessGrantId != grant.AccessGrantId ? null
        : seamEvent.EventType.StartsWith("access_method.", StringComparison.Ordinal) ? ToMethod(grant, seamEvent, revoked)
        : ToGrant(grant, seamEvent, revoked);

    private static AccessGrantAnswer? ToMethod(AccessGrantAnswer grant, SeamEvent seamEvent, bool revoked)
    {
        var methods = grant.AccessMethods.ToList();
        var index = methods.FindIndex(m => m.AccessMethodId == seamEvent.AccessMethodId);
        if (index < 0 || EventEffects.IsOlder(methods[index].LastEvent, seamEvent))
            return null;
        var method = methods[index];
        var last = EventEffects.Last(seamEvent);
        methods[index] = seamEvent.EventType switch
        {
            "access_method.issued" or "access_method.reissued" => method.With(true, method.IssuedAt ?? last.OccurredAt, method.Warnings, method.Errors, last),
            "access_method.delay_in_issuing" => method.With(method.IsIssued, method.IssuedAt, EventEffects.Added(method.Warnings, new("delay_in_issuing", "Seam reports a delay in issuing this access method.")), method.Errors, last),
            "access_method.failed_to_issue" => method.With(method.IsIssued, method.IssuedAt, method.Warnings, EventEffects.Added(method.Errors, new("failed_to_issue", "Seam could not issue this access method.")), last),
            _ => method.With(false, method.IssuedAt, method.Warnings, revoked ? method.Errors : EventEffects.Added(method.Errors, new("removed", "The access method no longer opens the doors.")), last),
        };
        return grant.WithMethods(methods);
    }

    private static AccessGrantAnswer? ToGrant(AccessGrantAnswer grant, SeamEvent seamEvent, bool revoked)
    {
        if (EventEffects.IsOlder(grant.LastEvent, seamEvent))
            return null;
        var errors = seamEvent.EventType switch
        {
            "access_grant.access_granted_to_all_doors" => [.. grant.GrantErrors.Where(e => e.Code != "access_to_door_lost")],
            "access_grant.access_to_door_lost" => EventEffects.Added(grant.GrantErrors, new("access_to_door_lost", "Seam lost the grant's access to a door.")),
            "access_grant.could_not_create_requested_access_methods" => EventEffects.Added(grant.GrantErrors, new("cannot_create_requested_access_methods", "Seam could not create a requested access method.")),
            _ when revoked => grant.GrantErrors,
            _ => EventEffects.Added(grant.GrantErrors, new("deleted", "The access grant was deleted outside this app.")),
        };
        return AccessGrantAnswer.Of(grant.AccessGrantId, grant.StartsAt, grant.EndsAt, grant.AccessMethods, grant.GrantWarnings, errors, EventEffects.Last(seamEvent));
    }

    /// <summary>Whether the event is the last applied to the method or grant it names (Seam sent it again).</summary>
    public static bool IsLastApplied(AccessGrantAnswer grant, SeamEvent seamEvent)
    {
        var last = seamEvent.AccessMethodId is { } id ? grant.AccessMethods.FirstOrDefault(m => m.AccessMethodId == id)?.LastEvent : grant.LastEvent;
        return last is not null && last == EventEffects.Last(seamEvent);
    }

    /// <summary>What Seam says now (a GET), with the last event applied to each method and to the grant, as the record holds them.</summary>
    public static AccessGrantAnswer WithLastEvents(AccessGrantAnswer fresh, AccessGrantAnswer held) =>
        fresh.WithMethods([.. fresh.AccessMethods.Select(m => held.AccessMethods.FirstOrDefault(h => h.AccessMethodId == m.AccessMethodId)?.LastEvent is { } last
            ? m.With(m.IsIssued, m.IssuedAt, m.Warnings, m.Errors, last) : m)], held.LastEvent);
}
