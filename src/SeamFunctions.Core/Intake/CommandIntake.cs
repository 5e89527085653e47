using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Queues;
using SeamFunctions.Storage;

namespace SeamFunctions.Intake;

/// <summary>
/// Where the endpoints hand their commands: run now, or queued in <c>seam-commands</c> for <see cref="IntakeProcessor"/>
/// (a <c>202</c> with the reference to poll). A signed delivery is queued when Seam cannot take it (down, slow,
/// rate limiting, the key unreadable) or while Seam says wait; a function-key request when it asks
/// (<c>Prefer: respond-async</c>). Per reference one command is queued: a newer one replaces it, and a command run
/// now supersedes it. Only commands with a reference are queued (the reference is what a caller polls).
/// </summary>
internal sealed partial class CommandIntake(
    CommandHandler commands, IQueuedCommandStore queued, IMessageQueue<QueuedCommandMessage> queue, ISeamBackoff backoff,
    IOptions<IntakeOptions> options, TimeProvider time, ILogger<CommandIntake> logger)
{
    /// <summary>A function-key command: queued at once when <paramref name="respondAsync"/> and it has a reference, else run now.</summary>
    public Task<Outcome> RunAsync(AccessCommand command, bool respondAsync, CancellationToken cancellationToken) =>
        command is AccessCommand.Create { Key: null }
            ? commands.RunAsync(command, cancellationToken) // no key, no reference: no record to guard, nothing to queue or poll
            : GuardAsync(command.RequestId, () => RunCoreAsync(command, respondAsync, cancellationToken));

    /// <summary>A signed delivery's command: run now, unless Seam said wait; queued when it meets a failure worth waiting out.</summary>
    public Task<Outcome> RunOrQueueAsync(AccessCommand command, CancellationToken cancellationToken) =>
        GuardAsync(command.RequestId, () => RunOrQueueCoreAsync(command, cancellationToken));

    /// <summary>GET by reference: 202 while a command for it is queued, its final problem once it was given up; null: read as usual.</summary>
    public async Task<Outcome?> QueuedStateAsync(string reference, string scope, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            return await QueuedStateCoreAsync(reference, scope, requestId, cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            Log.StoreFailed(logger, requestId, e.InnerException!.GetType().Name);
            return Problems.IdempotencyStoreUnavailable(requestId);
        }
    }

    private async Task<Outcome> RunCoreAsync(AccessCommand command, bool respondAsync, CancellationToken cancellationToken)
    {
        if (ReferenceOf(command) is not { } reference)
            return await commands.RunAsync(command, cancellationToken);
        if (respondAsync)
            return await QueueAsync(command, reference, firstTry: null, cancellationToken);
        var (answer, superseded) = await RunNowAsync(command, reference, cancellationToken);
        // The queued command it superseded was the reference's intent until now; this one is. A reference still busy
        // (a queued create waiting to be reconciled after an ambiguous try) must not lose it: it takes the queued
        // command's place (202, GET polls it) and runs as soon as the reference is free.
        return superseded && answer is Outcome.Failed { IsInProgress: true } busy
            ? await QueueAsync(command, reference, firstTry: busy, cancellationToken)
            : answer;
    }

    private async Task<Outcome> RunOrQueueCoreAsync(AccessCommand command, CancellationToken cancellationToken)
    {
        if (ReferenceOf(command) is not { } reference)
            return await commands.RunAsync(command, cancellationToken);
        if (await StoreCall.RunAsync(() => backoff.UntilAsync(cancellationToken)) > time.GetUtcNow())
            return await QueueAsync(command, reference, firstTry: null, cancellationToken); // no call while Seam says wait
        var (answer, _) = await RunNowAsync(command, reference, cancellationToken);
        if (!IntakeOutcomes.IsRetryable(answer))
            return answer;
        await IntakeOutcomes.HoldSeamAsync(backoff, answer, time.GetUtcNow(), cancellationToken);
        return await QueueAsync(command, reference, firstTry: (Outcome.Failed)answer, cancellationToken);
    }

    private async Task<Outcome?> QueuedStateCoreAsync(string reference, string scope, string requestId, CancellationToken cancellationToken)
    {
        var row = await StoreCall.RunAsync(() => queued.GetAsync(scope, QueuedCommand.KeyOf(reference), cancellationToken));
        if (row is null)
            return null;
        if (row.State == QueuedState.Failed)
            return new Outcome.Stored(ApiResponse.Restore(row.FinalStatus!.Value, row.FinalContentType!, row.FinalBody!, retryAfter: null));
        var wait = row.NextAttemptAt - time.GetUtcNow();
        return new Outcome.StillQueued(new QueuedStatusAnswer
        {
            Reference = reference, Attempts = row.Attempts, NextAttemptAt = AnswerTimes.Of(row.NextAttemptAt),
            LastError = row.LastError is { } code ? new QueuedErrorAnswer(code) : null, RequestId = requestId,
        }, wait);
    }

    /// <summary>
    /// Queues <paramref name="command"/> as its reference's one queued command (replacing an older one), then its
    /// message; <paramref name="firstTry"/>: the failure of the run just made, counted as the first attempt.
    /// </summary>
    private async Task<Outcome> QueueAsync(AccessCommand command, string reference, Outcome.Failed? firstTry, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var delay = firstTry is null ? TimeSpan.Zero : IntakeOutcomes.WaitAfter(firstTry, options.Value.DelayBefore(1));
        var held = await StoreCall.RunAsync(() => backoff.UntilAsync(cancellationToken));
        if (held > now + delay)
            delay = held.Value - now;
        var (row, isNew) = await StoreCall.RunAsync(() => QueuedCommands.PutAsync(queued, command, reference, firstTry, now, now + delay, Deadline(command, now), cancellationToken));
        if (isNew)
            await EnqueueOrWithdrawAsync(row, delay, cancellationToken);

        Log.Queued(logger, command.RequestId, firstTry?.Code ?? "respond-async", delay);
        return new Outcome.Queued(new QueuedAnswer { Reference = reference, RequestId = command.RequestId }, delay);
    }

    /// <summary>
    /// The row's message, or, when the queue cannot take it, no row either (a GET would say "queued" for a command
    /// nothing will run): the caller gets the 503 and sends again.
    /// </summary>
    private async Task EnqueueOrWithdrawAsync(QueuedCommand row, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await queue.EnqueueAsync(new QueuedCommandMessage(row.Scope, row.Key, row.Sequence), delay, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await queued.TryDeleteAsync(row, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            throw new StoreUnavailableException(e);
        }
    }

    /// <summary>A command run now supersedes the reference's queued one, or clears the problem its last one ended in; true: one was queued.</summary>
    private async Task<bool> SupersedeAsync(string scope, string reference, CancellationToken cancellationToken)
    {
        var row = await StoreCall.RunAsync(() => queued.GetAsync(scope, QueuedCommand.KeyOf(reference), cancellationToken));
        if (row is null || !await StoreCall.RunAsync(() => queued.TryDeleteAsync(row, cancellationToken)))
            return false;
        Log.Superseded(logger, row.State);
        return row.State == QueuedState.Queued;
    }

    /// <summary>
    /// The command run now, superseding its reference's queued one (<c>Superseded</c>: there was one). A revoke that
    /// withdrew a create which never ran finds nothing held, as asked: revoked, not a 404.
    /// </summary>
    private async Task<(Outcome Answer, bool Superseded)> RunNowAsync(AccessCommand command, string reference, CancellationToken cancellationToken)
    {
        var superseded = await SupersedeAsync(command.Scope, reference, cancellationToken);
        var answer = await commands.RunAsync(command, cancellationToken);
        return (superseded && command is AccessCommand.Revoke && answer is Outcome.Failed { Code: ProblemCodes.CredentialNotFound }
            ? new Outcome.Revoked(new RevokedAnswer { Reference = reference, RequestId = command.RequestId })
            : answer, superseded);
    }

    /// <summary>The queue or the records failing before anything was queued or run: the caller may send again.</summary>
    private async Task<Outcome> GuardAsync(string requestId, Func<Task<Outcome>> run)
    {
        try
        {
            return await run();
        }
        catch (StoreUnavailableException e)
        {
            Log.StoreFailed(logger, requestId, e.InnerException!.GetType().Name);
            return Problems.IdempotencyStoreUnavailable(requestId);
        }
    }

    private DateTimeOffset Deadline(AccessCommand command, DateTimeOffset now)
    {
        var oldest = now + options.Value.MaxAge;
        var endsAt = command switch
        {
            AccessCommand.Upsert upsert => upsert.Access.EndsAt,
            AccessCommand.Create create => create.Access.EndsAt,
            _ => null,
        };
        return endsAt is { } end && end < oldest ? end : oldest;
    }

    internal static string? ReferenceOf(AccessCommand command) => command switch
    {
        AccessCommand.Upsert upsert => upsert.Reference,
        AccessCommand.Revoke revoke => revoke.Reference,
        AccessCommand.Create { Key.Reference: { } reference } => reference,
        _ => null,
    };


    private static partial class Log
    {
        [LoggerMessage(EventId = 8200, EventName = "CommandQueued", Level = LogLevel.Information,
            Message = "Request {RequestId} queued ({Reason}); first run in {Delay}")]
        public static partial void Queued(ILogger logger, string requestId, string reason, TimeSpan delay);

        [LoggerMessage(EventId = 8201, EventName = "QueuedCommandSuperseded", Level = LogLevel.Information,
            Message = "A command run now superseded its reference's queued command ({State})")]
        public static partial void Superseded(ILogger logger, QueuedState state);

        [LoggerMessage(EventId = 8205, EventName = "IntakeStoreFailed", Level = LogLevel.Warning,
            Message = "Request {RequestId}: the queued commands' store or queue failed ({Failure}); answered 503")]
        public static partial void StoreFailed(ILogger logger, string requestId, string failure);
    }
}
