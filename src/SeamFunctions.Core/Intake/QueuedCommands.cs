using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Lifecycle;
using SeamFunctions.Storage;

namespace SeamFunctions.Intake;

/// <summary>How a reference's one queued command is replaced, and which outcomes are worth waiting out.</summary>
internal static class QueuedCommands
{
    private const int MaxRounds = 4;

    /// <summary>
    /// The reference's queued command is now <paramref name="command"/> (a newer sequence: the older message is dropped
    /// when it comes), unless a command with a newer version is queued already. <c>IsNew</c>: a message must be sent.
    /// </summary>
    public static async Task<(QueuedCommand Row, bool IsNew)> PutAsync(IQueuedCommandStore store, AccessCommand command, string reference,
        Outcome.Failed? firstTry, DateTimeOffset now, DateTimeOffset nextAttemptAt, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var key = QueuedCommand.KeyOf(reference);
        for (var round = 0; round < MaxRounds; round++)
        {
            var existing = await store.GetAsync(command.Scope, key, cancellationToken);
            if (existing is { State: QueuedState.Queued, Command: { } held } && VersionOf(held) > VersionOf(command))
                return (existing, false);
            var row = new QueuedCommand
            {
                // Never reused, even after the row was deleted: an old message must not run a newer command.
                Scope = command.Scope, Key = key, Reference = reference, Sequence = Math.Max(now.UtcTicks, (existing?.Sequence ?? 0) + 1), State = QueuedState.Queued,
                Command = command,
                QueuedAt = now, Attempts = firstTry is null ? 0 : 1, NextAttemptAt = nextAttemptAt, LastError = firstTry?.Code,
                Deadline = deadline, ExpiresAt = CredentialRecord.Saturated(deadline, TimeSpan.FromDays(30)), ETag = existing?.ETag,
            };
            if (existing is null ? await store.TryInsertAsync(row, cancellationToken) : await store.TryReplaceAsync(row, cancellationToken))
                return (row, true);
        }

        throw new InvalidOperationException("The reference's queued command kept changing.");
    }

    /// <summary>A command's version (a missing one compares as nothing: the queued command is newer only when both carry one).</summary>
    private static long? VersionOf(AccessCommand command) => command switch
    {
        AccessCommand.Upsert upsert => upsert.Access.Version?.Value,
        AccessCommand.Create create => create.Access.Version?.Value,
        AccessCommand.Revoke revoke => revoke.Version?.Value,
        _ => null,
    };
}

/// <summary>Which outcomes mean "try again later", and how long later.</summary>
internal static class IntakeOutcomes
{
    private static readonly HashSet<string> Retryable = new(StringComparer.Ordinal)
    {
        ProblemCodes.UpstreamUnavailable, ProblemCodes.UpstreamTimeout, ProblemCodes.RateLimited, ProblemCodes.SecretUnavailable,
        ProblemCodes.IdempotencyInProgress, ProblemCodes.IdempotencyStoreUnavailable,
    };

    /// <summary>Seam down, slow or rate limiting; the key unreadable; the reference busy or its store down: Seam may take it later.</summary>
    public static bool IsRetryable(Outcome outcome) => outcome is Outcome.Failed { Code: var code } && Retryable.Contains(code);

    /// <summary>
    /// Rate limited: exactly Seam's <c>Retry-After</c> (its pace). The reference busy: the planned wait, at most until
    /// its lease ends (the write holding it usually ends long before). Otherwise the planned wait, or Seam's when longer.
    /// </summary>
    public static TimeSpan WaitAfter(Outcome.Failed failed, TimeSpan planned)
    {
        var asked = AtMostAnHour(failed.RetryAfter);
        return failed.Code switch
        {
            ProblemCodes.RateLimited when asked is { } pace => pace,
            ProblemCodes.IdempotencyInProgress when asked < planned => asked.Value,
            ProblemCodes.IdempotencyInProgress => planned,
            _ => asked > planned ? asked.Value : planned,
        };
    }

    /// <summary>A 429: every instance holds its queued commands until Seam's <c>Retry-After</c> is over.</summary>
    public static Task HoldSeamAsync(ISeamBackoff backoff, Outcome outcome, DateTimeOffset now, CancellationToken cancellationToken) =>
        outcome is Outcome.Failed { Code: ProblemCodes.RateLimited } failed && AtMostAnHour(failed.RetryAfter) is { } wait
            ? StoreCall.RunAsync(async () => { await backoff.HoldAsync(now + wait, cancellationToken); return true; })
            : Task.CompletedTask;

    private static TimeSpan? AtMostAnHour(TimeSpan? wait) => wait is { } asked ? TimeSpan.FromTicks(Math.Min(asked.Ticks, TimeSpan.TicksPerHour)) : null;
}
