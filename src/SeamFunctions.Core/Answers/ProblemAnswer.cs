using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary>
/// Every failure, as RFC 9457 problem details with our extensions: <c>ok</c>, a stable <c>code</c>,
/// <c>retryable</c>, <c>request_id</c> and, where relevant, <c>errors</c> and Seam's ids.
/// </summary>
internal sealed class ProblemAnswer
{
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    public required string Detail { get; init; }
    public bool Ok { get; }
    public required string Code { get; init; }
    public required bool Retryable { get; init; }
    public required string RequestId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SeamRequestId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SeamErrorType { get; init; }

    /// <summary>The lock Seam refused, when one of several refused a PIN (the others were rolled back).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeviceId { get; init; }
}
