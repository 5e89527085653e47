namespace SeamFunctions.Answers;

/// <summary>The answer to one of Seam's events: <c>{"ok":true,"ignored":…,"request_id":…}</c>.</summary>
internal sealed class SeamEventAnswer
{
    public bool Ok { get; } = true;

    /// <summary>True when the event changed nothing (a type that does not matter, an unknown id, an older event).</summary>
    public required bool Ignored { get; init; }

    public required string RequestId { get; init; }
}
