namespace SeamFunctions.Webhooks;

/// <summary>What a delivery asks for, by the value of its mapped <c>event</c>.</summary>
internal enum DeliveryAction
{
    /// <summary>Create the credential (a source without <c>Map__event</c> does only this).</summary>
    Create,

    /// <summary>Make Seam hold this for the mapped reference: PUT by reference.</summary>
    Upsert,

    /// <summary>Revoke the mapped reference's credential: DELETE by reference.</summary>
    Revoke,

    /// <summary>Nothing to do: answered 200 so the sender does not retry.</summary>
    Ignore,
}

/// <summary>
/// <c>Webhooks__Sources__&lt;name&gt;__Events</c>: comma-separated <c>value=action</c> pairs, e.g.
/// <c>confirmed=upsert,modified=upsert,canceled=revoke,inquiry=ignore</c>. Values compare as exact strings (a JSON
/// number or boolean as its JSON text); a value the list does not name is ignored.
/// </summary>
internal sealed class DeliveryActions
{
    private readonly Dictionary<string, DeliveryAction> _byEvent;

    private DeliveryActions(Dictionary<string, DeliveryAction> byEvent) => _byEvent = byEvent;

    public DeliveryAction For(string? eventValue) =>
        eventValue is not null && _byEvent.TryGetValue(eventValue, out var action) ? action : DeliveryAction.Ignore;

    public static bool TryParse(string text, out DeliveryActions? actions, out string? error)
    {
        actions = null;
        error = null;
        var byEvent = new Dictionary<string, DeliveryAction>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.LastIndexOf('=');
            var action = at > 0 ? pair[(at + 1)..].Trim() : "";
            if (at <= 0 || !Enum.TryParse<DeliveryAction>(action, ignoreCase: true, out var parsed) || !action.All(char.IsAsciiLetterLower))
            {
                error = $"has '{pair}': write value=action, the action one of create, upsert, revoke, ignore.";
                return false;
            }

            if (!byEvent.TryAdd(pair[..at].Trim(), parsed))
            {
                error = $"names '{pair[..at].Trim()}' twice.";
                return false;
            }
        }

        if (byEvent.Count == 0)
        {
            error = "names no event.";
            return false;
        }

        actions = new DeliveryActions(byEvent);
        return true;
    }
}
