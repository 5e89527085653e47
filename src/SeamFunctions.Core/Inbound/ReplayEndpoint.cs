using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Intake;
using SeamFunctions.Lifecycle;
using SeamFunctions.Notifications;
using SeamFunctions.Queues;
using SeamFunctions.Validation;

namespace SeamFunctions.Inbound;

/// <summary>What a replay asks: which queue's poison, how many at most, only one reference's, or only a look.</summary>
internal sealed record ReplayRequest(string Queue, int Max, string? Reference, bool DryRun);

/// <summary>
/// <c>POST /api/maintenance/replay</c> (the host's master key; the DevServer's <c>DevServer__AdminKey</c>): poisoned
/// messages back to their queue, each once — a notification with its own id (so the receiver still deduplicates)
/// and a fresh round of retries, a command to run once (its row decides whether it still has anything to do). A dry
/// run lists them. The list names messages by id, type, reference or sequence: never a body (a backup code's PIN).
/// </summary>
internal sealed partial class ReplayEndpoint(IMessageQueue<QueuedNotification> notifications, IMessageQueue<QueuedCommandMessage> commands, ILogger<ReplayEndpoint> logger)
{
    public const string Route = "maintenance/replay";
    public const int DefaultMax = 100;
    public const int MaxMax = 1000;

    public Task HandleAsync(HttpContext context) => EndpointRunner.RunAsync(context, logger, ReplayAsync);

    private async Task<Outcome> ReplayAsync(HttpRequest request, string requestId, CancellationToken cancellationToken)
    {
        var read = await EndpointRunner.ReadJsonAsync(request, logger, requestId, cancellationToken);
        using var body = read.Body;
        if (read.Refusal is { } unreadable)
            return unreadable;
        var errors = new ValidationErrors();
        if (Read(body.Bytes, errors) is not { } asked)
            return EndpointRunner.Refused(logger, errors.IsEmpty ? Problems.InvalidJson(requestId, "The body must be a JSON object.") : Problems.InvalidRequest(requestId, errors), requestId);
        var messages = asked.Queue == "notifications" ? await NotificationsAsync(asked, cancellationToken) : await CommandsAsync(asked, cancellationToken);
        Log.Replayed(logger, asked.Queue, messages.Count, asked.DryRun, requestId);
        return new Outcome.Stored(ApiResponse.Replay(new ReplayAnswer { Queue = asked.Queue, DryRun = asked.DryRun, Count = messages.Count, Messages = messages, RequestId = requestId }));
    }

    private async Task<IReadOnlyList<ReplayedAnswer>> NotificationsAsync(ReplayRequest asked, CancellationToken cancellationToken)
    {
        bool Which(QueuedNotification n) => asked.Reference is null || n.Reference == asked.Reference;
        var found = asked.DryRun
            ? await notifications.PeekPoisonedAsync(asked.Max, Which, cancellationToken)
            : await notifications.ReplayPoisonedAsync(asked.Max, Which, n => n with { Attempt = 0 }, cancellationToken);
        return [.. found.Select(n => new ReplayedAnswer { Id = n.Id, Type = n.Type, Reference = n.Reference })];
    }

    private async Task<IReadOnlyList<ReplayedAnswer>> CommandsAsync(ReplayRequest asked, CancellationToken cancellationToken)
    {
        var key = asked.Reference is null ? null : QueuedCommand.KeyOf(asked.Reference);
        bool Which(QueuedCommandMessage m) => key is null || m.Key == key;
        var found = asked.DryRun
            ? await commands.PeekPoisonedAsync(asked.Max, Which, cancellationToken)
            : await commands.ReplayPoisonedAsync(asked.Max, Which, m => m, cancellationToken);
        return [.. found.Select(m => new ReplayedAnswer { Sequence = m.Sequence })];
    }

    /// <summary>The request, or null: not an object (nothing in <paramref name="errors"/>), or a field wrong (named there).</summary>
    private static ReplayRequest? Read(ReadOnlySequence<byte> bytes, ValidationErrors errors)
    {
        using var document = Parsed(bytes);
        if (document is null)
            return null;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        var queue = root.TryGetProperty("queue", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
        if (queue is not ("notifications" or "commands"))
            errors.Add("queue", "Must be \"notifications\" or \"commands\".");
        var max = DefaultMax;
        if (root.TryGetProperty("max", out var m) && (m.ValueKind != JsonValueKind.Number || !m.TryGetInt32(out max) || max is < 1 or > MaxMax))
            errors.Add("max", $"Must be a whole number from 1 to {MaxMax}.");
        string? reference = null;
        if (root.TryGetProperty("reference", out var r) && (r.ValueKind != JsonValueKind.String || !CredentialReference.IsValid(reference = r.GetString())))
            errors.Add("reference", CredentialReference.Rule + ".");
        var dryRun = false;
        if (root.TryGetProperty("dry_run", out var d) && d.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            errors.Add("dry_run", "Must be true or false.");
        else if (d.ValueKind == JsonValueKind.True)
            dryRun = true;
        return errors.IsEmpty ? new ReplayRequest(queue!, max, reference, dryRun) : null;
    }

    private static JsonDocument? Parsed(ReadOnlySequence<byte> bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8208, EventName = "PoisonedMessagesReplayed", Level = LogLevel.Warning,
            Message = "Replay of poisoned {Queue}: {Count} messages (dry run {DryRun}), request {RequestId}")]
        public static partial void Replayed(ILogger logger, string queue, int count, bool dryRun, string requestId);
    }
}
