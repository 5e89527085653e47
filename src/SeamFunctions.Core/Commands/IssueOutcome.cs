using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Inbound;
using SeamFunctions.Upstream;

namespace SeamFunctions.Commands;

/// <summary>What one create at Seam ended in, what it did there, and (created) the envelope answered.</summary>
internal sealed record IssueOutcome(Outcome Answer, UpstreamEffect Effect, CredentialEnvelope? Created = null)
{
    /// <summary>The write stopped because another took its record over: it stores nothing (the new holder reconciles).</summary>
    public bool RecordLost { get; init; }

    /// <summary>A create in one Seam call that did not make anything: the problem (logged, no PIN in it) and what it did at Seam.</summary>
    public static IssueOutcome Failed(SeamCallResult result, string? code, string requestId, ILogger logger)
    {
        var problem = Problems.FromUpstream(result, requestId, code);
        RequestLog.Failed(logger, requestId, problem.Code, result.SeamRequestId);
        return new IssueOutcome(problem, EffectOf(result)) { RecordLost = result is SeamCallResult.Superseded };
    }

    /// <summary>The API key could not be read: nothing was sent to Seam.</summary>
    public static IssueOutcome KeyUnavailable(string requestId, ILogger logger)
    {
        RequestLog.Failed(logger, requestId, ProblemCodes.SecretUnavailable, seamRequestId: null);
        return new IssueOutcome(Problems.SecretUnavailable(requestId), UpstreamEffect.NotActed);
    }

    /// <summary>What a failed create amounts to at Seam.</summary>
    public static UpstreamEffect EffectOf(SeamCallResult result) => result switch
    {
        SeamCallResult.Rejected => UpstreamEffect.Answered,
        SeamCallResult.RateLimited or SeamCallResult.AuthFailed => UpstreamEffect.NotActed,
        SeamCallResult.Unavailable { SeamMayHaveActed: false } => UpstreamEffect.NotActed,
        _ => UpstreamEffect.Unknown,
    };
}
