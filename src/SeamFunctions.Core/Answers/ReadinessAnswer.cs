namespace SeamFunctions.Answers;

/// <summary>
/// Whether the guest will get in, as last known: <see cref="Ready"/> when nothing is in the way; otherwise the
/// <see cref="Reasons"/>. <see cref="CheckedAt"/>: when it was last decided (the time of Seam's event that changed it).
/// </summary>
internal sealed class ReadinessAnswer
{
    public required bool Ready { get; init; }
    public required IReadOnlyList<ReasonAnswer> Reasons { get; init; }
    public required string CheckedAt { get; init; }
}

/// <summary>
/// One thing that would keep the guest out, at one door: <c>lock_offline</c>, <c>lock_low_battery</c> (with
/// <see cref="BatteryLevel"/>, 0..1), <c>lock_flaky</c>, <c>lock_removed</c>, <c>code_not_set</c>, <c>code_removed</c>.
/// <see cref="DeviceId"/> is null only for an ACS credential (no one lock: <c>code_not_set</c> while it is not issued).
/// </summary>
internal sealed record ReasonAnswer(string Code, string? DeviceId, double? BatteryLevel = null)
{
    public const string LockOffline = "lock_offline";
    public const string LockLowBattery = "lock_low_battery";
    public const string LockFlaky = "lock_flaky";
    public const string LockRemoved = "lock_removed";
    public const string CodeNotSet = "code_not_set";
    public const string CodeRemoved = "code_removed";
}
