namespace SeamFunctions.Answers;

/// <summary>A delivery whose event asks for nothing: <c>{"ok":true,"ignored":true,"event":...,"request_id":...}</c>.</summary>
internal sealed class IgnoredAnswer
{
    public bool Ok { get; } = true;
    public bool Ignored { get; } = true;
    public string? Event { get; init; }
    public required string RequestId { get; init; }
}
