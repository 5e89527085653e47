namespace SeamFunctions.Answers;

/// <summary><c>POST /api/maintenance/replay</c>: which poisoned messages went back to their queue (or, in a dry run, would).</summary>
internal sealed class ReplayAnswer
{
    public bool Ok { get; init; } = true;
    public required string Queue { get; init; }
    public required bool DryRun { get; init; }
    public required int Count { get; init; }

    /// <summary>Each message by what names it: a notification's id, type and reference; a command's sequence. Never a body.</summary>
    public required IReadOnlyList<ReplayedAnswer> Messages { get; init; }
    public required string RequestId { get; init; }
}

internal sealed class ReplayedAnswer
{
    public string? Id { get; init; }
    public string? Type { get; init; }
    public string? Reference { get; init; }
    public long? Sequence { get; init; }
}
