using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Lifecycle;
using SeamFunctions.Notifications;
using SeamFunctions.Storage;

namespace SeamFunctions.Events;

/// <summary>
/// Seam's device events — a lock offline or back, its battery low, its connection flaky or steady, removed — reach
/// every stay that has not ended and holds a code (or an access grant) on that lock (<see cref="IDeviceIndex"/>): the record keeps the
/// door's new health and decides again what would keep the guest out. When that changes, the caller hears
/// <c>credential.at_risk</c> with the reasons, or, once nothing is in the way and every door's code is set,
/// <c>credential.ready</c>. A lock with no current or upcoming stay changes nothing.
/// </summary>
internal sealed partial class DeviceEvents(
    IDeviceIndex devices, ICredentialRecordStore records, Notifier notifier, IOptions<ReadinessOptions> readiness, TimeProvider time, ILogger<DeviceEvents> logger)
{
    private const int MaxRounds = 3;

    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "device.disconnected", "device.connected", "device.low_battery", "device.battery_status_changed",
        "device.connection_became_flaky", "device.connection_stabilized", "device.removed", "device.deleted",
    };

    public static bool Handles(string eventType) => Types.Contains(eventType);

    public async Task<Outcome> ApplyAsync(SeamEvent seamEvent, string requestId, CancellationToken cancellationToken)
    {
        if (seamEvent.DeviceId is not { } device)
            return new Outcome.SeamEvent(new SeamEventAnswer { Ignored = true, RequestId = requestId });
        var holders = await StoreCall.RunAsync(() => devices.FindAsync(device, cancellationToken).ToListAsync(cancellationToken).AsTask());
        var (applied, busy) = (0, TimeSpan.Zero);
        foreach (var holder in holders)
        {
            var (changed, wait) = await ApplyToAsync(holder, seamEvent, device, cancellationToken);
            (applied, busy) = (applied + (changed ? 1 : 0), wait > busy ? wait : busy);
        }

        Log.Applied(logger, seamEvent.EventType, applied, requestId);
        if (busy > TimeSpan.Zero)
            return ReferenceAnswers.InProgress(requestId, busy); // a write holds one of them: Seam sends it again, the others change nothing twice
        return new Outcome.SeamEvent(new SeamEventAnswer { Ignored = applied == 0, RequestId = requestId });
    }

    /// <summary>The event applied to one record: whether it changed it, or how long a write still holds it.</summary>
    private async Task<(bool Changed, TimeSpan Busy)> ApplyToAsync((string Scope, string Key) holder, SeamEvent seamEvent, string device, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var record = await StoreCall.RunAsync(() => records.GetAsync(holder.Scope, holder.Key, cancellationToken));
            var now = time.GetUtcNow();
            if (record is null || !IsLiveOn(record, device, now))
                return (false, TimeSpan.Zero);
            if (record.LeaseUntil > now)
                return (false, record.LeaseUntil - now);
            var door = record.Doors.Of(device);
            if (DoorHealth.After(door, device, seamEvent.EventType, seamEvent.BatteryLevel, seamEvent.OccurredAt) is not { } after || after == door)
                return (false, TimeSpan.Zero);
            var before = ReadinessReasons.Of(record.Answer!.Credential, record.Doors, readiness.Value.LowBattery);
            record.Doors = record.Doors.With([after]);
            record.Readiness = ReadinessReasons.Decide(record, readiness.Value.LowBattery, seamEvent.OccurredAt);
            await NotifiedAsync(record, before, record.Readiness.Reasons, device, seamEvent); // before storing: a queue that fails leaves the event to be sent again
            if (await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken)))
                return (true, TimeSpan.Zero);
        }

        return (false, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// At risk when what is in the way changed (which reason at which door: a battery a little lower again is no news)
    /// and something remains; ready when it all went and every code is set.
    /// </summary>
    private Task NotifiedAsync(CredentialRecord record, IReadOnlyList<ReasonAnswer> before, IReadOnlyList<ReasonAnswer> after, string device, SeamEvent seamEvent)
    {
        if (before.Select(r => (r.Code, r.DeviceId)).ToHashSet().SetEquals(after.Select(r => (r.Code, r.DeviceId))))
            return Task.CompletedTask;
        if (after.Count > 0)
            return StoreCall.RunAsync(async () => { await notifier.NotifyReadinessAsync(record, NotificationTypes.AtRisk, device, after, seamEvent); return true; });
        return record.Readiness is { Ready: true }
            ? StoreCall.RunAsync(async () => { await notifier.NotifyReadinessAsync(record, NotificationTypes.Ready, device, after, seamEvent); return true; })
            : Task.CompletedTask;
    }

    /// <summary>A stay that has not ended and holds a code on <paramref name="device"/> now (an index row may be older than a move or a revoke).</summary>
    private static bool IsLiveOn(CredentialRecord record, string device, DateTimeOffset now) =>
        record.State == CredentialState.Active
        && Doors.DevicesOf(record).Any(d => AccessCodeCalls.SameDevice(d, device))
        && (record.Access.EndsAt is not { } end || end > now);

    private static partial class Log
    {
        [LoggerMessage(EventId = 8005, EventName = "DeviceEventApplied", Level = LogLevel.Information,
            Message = "Seam device event {EventType} changed {Stays} stays, request {RequestId}")]
        public static partial void Applied(ILogger logger, string eventType, int stays, string requestId);
    }
}
