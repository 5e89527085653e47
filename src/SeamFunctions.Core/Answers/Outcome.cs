namespace SeamFunctions.Answers;

/// <summary>
/// What a command, an access kind, one of Seam's events or a check of the request ended in: typed from Seam's answer
/// up to the edge, where <c>Inbound/OutcomeRendering</c> makes it status, headers and bytes. The stores that replay
/// an answer byte for byte render it once, to keep it; nothing reads a rendered answer back.
/// </summary>
internal abstract record Outcome
{
    private Outcome()
    {
    }

    /// <summary>
    /// Seam holds the access (or, read from the record, held it): made by this request (<paramref name="Created"/>,
    /// a 201), else as it is now (200); <paramref name="Replayed"/>: the same request again, answered as at first.
    /// </summary>
    public sealed record Held(CredentialEnvelope Envelope, bool Created, bool Replayed = false) : Outcome;

    /// <summary>Seam holds nothing for the reference (a DELETE's answer; a stale one says what it still holds).</summary>
    public sealed record Revoked(RevokedAnswer Answer) : Outcome;

    /// <summary>The command waits in <c>seam-commands</c> and runs in about <paramref name="Wait"/>.</summary>
    public sealed record Queued(QueuedAnswer Answer, TimeSpan Wait) : Outcome;

    /// <summary>A GET while the reference's command waits: its attempts so far, and the wait until the next.</summary>
    public sealed record StillQueued(QueuedStatusAnswer Answer, TimeSpan Wait) : Outcome;

    /// <summary>A signed delivery whose event asks for nothing.</summary>
    public sealed record Ignored(IgnoredAnswer Answer) : Outcome;

    /// <summary>One of Seam's events: applied, or ignored.</summary>
    public sealed record SeamEvent(SeamEventAnswer Answer) : Outcome;

    /// <summary>
    /// Refused, worth retrying (<see cref="ProblemAnswer.Retryable"/>), or still in progress
    /// (<c>idempotency_in_progress</c>): the problem, how long to wait before a retry, and whether Seam may have
    /// acted on what was sent.
    /// </summary>
    public sealed record Failed(ProblemAnswer Problem, TimeSpan? RetryAfter = null, bool SeamMayHaveActed = false) : Outcome
    {
        public string Code => Problem.Code;

        public bool IsInProgress => Problem.Code == ProblemCodes.IdempotencyInProgress;
    }

    /// <summary>An answer a store kept, sent again byte for byte.</summary>
    public sealed record Stored(ApiResponse Answer) : Outcome;

    /// <summary>Whether it ended with what was asked: the access held, revoked, queued, or the event handled.</summary>
    public bool Succeeded => this is Held or Revoked or Queued or Ignored or SeamEvent;
}
