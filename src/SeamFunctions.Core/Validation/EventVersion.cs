namespace SeamFunctions.Validation;

/// <summary>
/// The order of a sender's events for one reference: an integer (a sequence), or an RFC 3339 time (the event's
/// time, kept as Unix milliseconds). Versions of one reference are all of one kind.
/// </summary>
internal readonly record struct EventVersion(long Value, bool IsTime)
{
    public string Kind => IsTime ? "an RFC 3339 date-time" : "an integer";
}
