using SeamFunctions.Answers;
using SeamFunctions.Upstream;

namespace SeamFunctions.Commands;

/// <summary>What one create at Seam ended in, what it did there, and (created) the envelope answered.</summary>
internal sealed record IssueOutcome(Outcome Answer, UpstreamEffect Effect, CredentialEnvelope? Created = null)
{
    /// <summary>The write stopped because another took its record over: it stores nothing (the new holder reconciles).</summary>
    public bool RecordLost { get; init; }

    /// <summary>What a failed create amounts to at Seam.</summary>
    public static UpstreamEffect EffectOf(SeamCallResult result) => result switch
    {
        SeamCallResult.Rejected => UpstreamEffect.Answered,
        SeamCallResult.RateLimited or SeamCallResult.AuthFailed => UpstreamEffect.NotActed,
        SeamCallResult.Unavailable { SeamMayHaveActed: false } => UpstreamEffect.NotActed,
        _ => UpstreamEffect.Unknown,
    };
}
