using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary>
/// A command queued instead of run now: <c>202 {"ok":true,"queued":true,"reference":…,"request_id":…}</c> with
/// <c>Location</c> (its reference, to poll) and <c>Retry-After</c>.
/// </summary>
internal sealed class QueuedAnswer
{
    public bool Ok { get; } = true;
    public bool Queued { get; } = true;
    public required string Reference { get; init; }
    public required string RequestId { get; init; }
}

/// <summary>
/// GET by reference while a command for it waits in the queue: <c>202</c> with how many runs it has had, when the next
/// is, and the last one's problem code.
/// </summary>
internal sealed class QueuedStatusAnswer
{
    public bool Ok { get; } = true;
    public bool Queued { get; } = true;
    public required string Reference { get; init; }
    public required int Attempts { get; init; }
    public required string NextAttemptAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public QueuedErrorAnswer? LastError { get; init; }

    public required string RequestId { get; init; }
}

internal sealed record QueuedErrorAnswer(string Code);
