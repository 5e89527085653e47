using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Inbound;
using SeamFunctions.Notifications;
using SeamFunctions.Queues;
using SeamFunctions.Storage;

namespace SeamFunctions.Intake;

/// <summary>
/// Runs one message of <c>seam-commands</c>: the reference's queued command, if the message is still its latest
/// (a newer command, or one run now, supersedes it; a message run twice finds it gone). The same handler as the
/// routes runs it, so it creates exactly once. Seam still unable to take it: queued again after the next of
/// <c>Intake__RetryDelays</c> (Seam's <c>Retry-After</c> when rate limited, and while Seam says wait no instance
/// calls it), until <c>Intake__MaxAge</c> or the stay's end; then it fails for good. Every end is notified.
/// </summary>
internal sealed partial class IntakeProcessor(
    CommandHandler commands, IQueuedCommandStore queued, IMessageQueue<QueuedCommandMessage> queue, ISeamBackoff backoff, Notifier notifier,
    IOptions<IntakeOptions> options, TimeProvider time, ILogger<IntakeProcessor> logger)
{
    public async Task ProcessAsync(QueuedCommandMessage message, CancellationToken cancellationToken)
    {
        var row = await StoreCall.RunAsync(() => queued.GetAsync(message.Scope, message.Key, cancellationToken));
        if (row is not { State: QueuedState.Queued } || row.Sequence != message.Sequence)
        {
            Log.Dropped(logger, message.Sequence);
            return; // superseded, run already, or given up
        }

        var now = time.GetUtcNow();
        if (await StoreCall.RunAsync(() => backoff.UntilAsync(cancellationToken)) is { } until && until > now)
        {
            await queue.EnqueueAsync(message, until - now, cancellationToken); // Seam said wait: no call, no attempt counted
            return;
        }

        var command = row.Command!;
        var answer = await commands.RunAsync(command, cancellationToken);
        if (answer.Succeeded || IsNothingToRevoke(command, answer))
            await LandedAsync(row, command, answer, cancellationToken);
        else if (answer is Outcome.Failed failed && IntakeOutcomes.IsRetryable(failed))
            await RetryLaterAsync(row, message, failed, cancellationToken);
        else
            await GiveUpAsync(row, answer, cancellationToken);
    }

    private async Task LandedAsync(QueuedCommand row, AccessCommand command, Outcome answer, CancellationToken cancellationToken)
    {
        if (!await DeletedAsync(row, cancellationToken))
            return; // a newer command replaced it meanwhile: that one's message tells its own end
        var type = command is AccessCommand.Revoke ? NotificationTypes.Revoked : answer is Outcome.Held { Created: true } ? NotificationTypes.Created : NotificationTypes.Updated;
        Log.Landed(logger, row.Sequence, row.Attempts + 1, type);
        var (kind, status, errors) = Reported(answer);
        await notifier.NotifyOutcomeAsync(row.Scope, row.Reference, type, kind, status, errors, row.Key + "#" + row.Sequence);
    }

    /// <summary>
    /// The row is deleted unless a newer command replaced it (another copy of this message may have counted an attempt
    /// on it meanwhile: that is the same command, and it is done).
    /// </summary>
    private async Task<bool> DeletedAsync(QueuedCommand row, CancellationToken cancellationToken)
    {
        for (var current = row; current is not null && current.Sequence == row.Sequence;
             current = await StoreCall.RunAsync(() => queued.GetAsync(row.Scope, row.Key, cancellationToken)))
        {
            if (await StoreCall.RunAsync(() => queued.TryDeleteAsync(current, cancellationToken)))
                return true;
        }

        return false;
    }

    private async Task RetryLaterAsync(QueuedCommand row, QueuedCommandMessage message, Outcome.Failed answer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await IntakeOutcomes.HoldSeamAsync(backoff, answer, now, cancellationToken);
        if (now >= row.Deadline)
        {
            await GiveUpAsync(row, answer, cancellationToken); // the run at the deadline was the last
            return;
        }

        var wait = IntakeOutcomes.WaitAfter(answer, options.Value.DelayBefore(row.Attempts + 1));
        if (now + wait > row.Deadline)
            wait = row.Deadline - now; // one last run at the deadline itself

        (row.Attempts, row.NextAttemptAt, row.LastError) = (row.Attempts + 1, now + wait, answer.Code);
        if (await StoreCall.RunAsync(() => queued.TryReplaceAsync(row, cancellationToken)))
            await queue.EnqueueAsync(message, wait, cancellationToken);
    }

    /// <summary>
    /// Failed for good: GET answers the problem until the next command (the row keeps it rendered, to replay byte for
    /// byte); the caller is told; an Error names the reference.
    /// </summary>
    private async Task GiveUpAsync(QueuedCommand row, Outcome answer, CancellationToken cancellationToken)
    {
        var (now, kind, problem, kept) = (time.GetUtcNow(), KindOf(row), (answer as Outcome.Failed)?.Code ?? "failed", OutcomeRendering.Render(answer));
        (row.State, row.Attempts, row.LastError) = (QueuedState.Failed, row.Attempts + 1, problem);
        (row.FinalStatus, row.FinalContentType, row.FinalBody, row.ExpiresAt) = (kept.StatusCode, kept.ContentType, kept.Body, now.AddDays(30));
        row.Command = null; // the PIN and any guest data go with it
        if (!await StoreCall.RunAsync(() => queued.TryReplaceAsync(row, cancellationToken)))
            return;
        Log.GaveUp(logger, row.Reference, row.Attempts, problem);
        var errors = new[] { new NoticeAnswer(problem, "The queued command could not be completed.") };
        await notifier.NotifyOutcomeAsync(row.Scope, row.Reference, NotificationTypes.Failed, kind, CredentialStatus.Failed, errors, row.Key + "#" + row.Sequence);
    }

    /// <summary>A queued revoke of a reference whose create never ran (it superseded it): nothing is held, as asked.</summary>
    private static bool IsNothingToRevoke(AccessCommand command, Outcome answer) =>
        command is AccessCommand.Revoke && answer is Outcome.Failed { Code: ProblemCodes.CredentialNotFound };

    /// <summary>The kind, status and errors a landed command reports (no PIN leaves here).</summary>
    private static (string Kind, string Status, IReadOnlyList<NoticeAnswer> Errors) Reported(Outcome answer) => answer switch
    {
        Outcome.Held { Envelope.Credential: var access } => (AccessKinds.Of(access), access.Status, access.Errors),
        Outcome.Revoked { Answer: var revoked } => (revoked.AccessGrantId is not null ? AccessKinds.AccessGrant : revoked.AcsCredentialId is null ? AccessKinds.AccessCode : AccessKinds.AcsCredential, revoked.Status, []),
        _ => (AccessKinds.AccessCode, CredentialStatus.Revoked, []), // a revoke with nothing to revoke
    };

    /// <summary>The kind a given-up command's notification names: access codes when it carried doors (a revoke carries none).</summary>
    private static string KindOf(QueuedCommand row) =>
        row.Command switch
        {
            AccessCommand.Upsert { Access.Grant: not null } or AccessCommand.Create { Access.Grant: not null } => AccessKinds.AccessGrant,
            null or AccessCommand.Upsert { Access.DeviceIds: not null } or AccessCommand.Create { Access.DeviceIds: not null } => AccessKinds.AccessCode,
            _ => AccessKinds.AcsCredential,
        };

    private static partial class Log
    {
        [LoggerMessage(EventId = 8202, EventName = "QueuedCommandDropped", Level = LogLevel.Debug,
            Message = "Queued command message {Sequence} dropped: superseded, run already, or given up")]
        public static partial void Dropped(ILogger logger, long sequence);

        [LoggerMessage(EventId = 8203, EventName = "QueuedCommandLanded", Level = LogLevel.Information,
            Message = "Queued command {Sequence} landed on run {Attempt}: {Outcome}")]
        public static partial void Landed(ILogger logger, long sequence, int attempt, string outcome);

        [LoggerMessage(EventId = 8204, EventName = "QueuedCommandFailed", Level = LogLevel.Error,
            Message = "Queued command for reference {Reference} failed for good after {Attempts} runs: {Problem}")]
        public static partial void GaveUp(ILogger logger, string reference, int attempts, string problem);
    }
}
