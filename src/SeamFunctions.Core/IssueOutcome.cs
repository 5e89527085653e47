using SeamFunctions.Answers;

namespace SeamFunctions;

/// <summary>The answer to a create attempt, and what it did at Seam.</summary>
internal sealed record IssueOutcome(ApiResponse Response, UpstreamEffect Effect);
