using System.Globalization;
using SeamFunctions.Answers;

namespace SeamFunctions.Inbound;

/// <summary>
/// The one place an <see cref="Outcome"/> becomes an HTTP answer: its status, content type, body and the
/// <c>Retry-After</c>, <c>Location</c> and <c>Idempotent-Replayed</c> headers. The endpoints render what they
/// answer; the stores render what they keep for a replay.
/// </summary>
internal static class OutcomeRendering
{
    public static ApiResponse Render(Outcome outcome) => outcome switch
    {
        Outcome.Held { Replayed: true } held => ApiResponse.Credential(held.Envelope, held.Created ? 201 : 200).AsReplay(),
        Outcome.Held held => ApiResponse.Credential(held.Envelope, held.Created ? 201 : 200),
        Outcome.Revoked revoked => ApiResponse.Revoked(revoked.Answer),
        Outcome.Queued queued => ApiResponse.Queued(queued.Answer, AtLeastOneSecond(queued.Wait)),
        Outcome.StillQueued waiting => ApiResponse.StillQueued(waiting.Answer, AtLeastOneSecond(waiting.Wait)),
        Outcome.Ignored ignored => ApiResponse.Ignored(ignored.Answer),
        Outcome.SeamEvent handled => ApiResponse.SeamEvent(handled.Answer),
        Outcome.Failed failed => ApiResponse.Problem(failed.Problem, failed.RetryAfter is { } wait ? Seconds(wait) : null),
        Outcome.Stored stored => stored.Answer,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "Not an outcome the edge knows."),
    };

    private static int AtLeastOneSecond(TimeSpan wait) => (int)Math.Ceiling(Math.Max(wait.TotalSeconds, 1));

    private static string Seconds(TimeSpan wait) => ((long)Math.Ceiling(Math.Max(wait.TotalSeconds, 0))).ToString(CultureInfo.InvariantCulture);
}
