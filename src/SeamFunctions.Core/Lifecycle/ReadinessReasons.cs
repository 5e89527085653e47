using Microsoft.Extensions.Options;
using SeamFunctions.Access;
using SeamFunctions.Answers;

namespace SeamFunctions.Lifecycle;

/// <summary>Arrival readiness, section <c>Readiness</c>.</summary>
internal sealed class ReadinessOptions
{
    public const string Section = "Readiness";

    /// <summary>A lock's battery below this (0..1) is a reason the guest may not get in.</summary>
    public double LowBattery { get; set; } = 0.2;
}

internal sealed class ReadinessOptionsValidator : IValidateOptions<ReadinessOptions>
{
    public ValidateOptionsResult Validate(string? name, ReadinessOptions options) =>
        options.LowBattery is >= 0 and <= 1 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail("Readiness__LowBattery must be between 0 and 1.");
}

/// <summary>What would keep the guest out, door by door, from what the record knows of its codes and its locks.</summary>
internal static class ReadinessReasons
{
    /// <summary>
    /// The record's readiness as of <paramref name="at"/>: ready when nothing is in the way and every door's code is
    /// set; otherwise the reasons.
    /// </summary>
    public static ReadinessAnswer Decide(CredentialRecord record, double lowBattery, DateTimeOffset at)
    {
        var access = record.Answer!.Credential;
        var reasons = Of(access, record.Doors, lowBattery);
        var allSet = access is AccessCodesAnswer codes && codes.AccessCodes.All(c => c.Status == AccessCodeAnswer.Set);
        return new ReadinessAnswer { Ready = reasons.Count == 0 && allSet, Reasons = reasons, CheckedAt = AnswerTimes.Of(at) };
    }

    public static IReadOnlyList<ReasonAnswer> Of(AccessAnswer access, IReadOnlyList<DoorHealth> doors, double lowBattery)
    {
        if (access is not AccessCodesAnswer codes)
            return [];
        var reasons = new List<ReasonAnswer>();
        foreach (var code in codes.AccessCodes)
        {
            var door = doors.FirstOrDefault(d => AccessCodeCalls.SameDevice(d.DeviceId, code.DeviceId));
            reasons.AddRange(OfDoor(door, code.DeviceId, lowBattery));
            if (code.Errors.Any(e => e.Code == "removed_from_device"))
                reasons.Add(new ReasonAnswer(ReasonAnswer.CodeRemoved, code.DeviceId));
            else if (code.Errors.Any(e => e.Code == "failed_to_set_on_device"))
                reasons.Add(new ReasonAnswer(ReasonAnswer.CodeNotSet, code.DeviceId));
        }

        return reasons;
    }

    private static IEnumerable<ReasonAnswer> OfDoor(DoorHealth? door, string deviceId, double lowBattery)
    {
        if (door is null)
            yield break;
        if (door.Removed)
            yield return new ReasonAnswer(ReasonAnswer.LockRemoved, deviceId);
        else if (door.Online == false)
            yield return new ReasonAnswer(ReasonAnswer.LockOffline, deviceId);
        else if (door.Flaky)
            yield return new ReasonAnswer(ReasonAnswer.LockFlaky, deviceId);
        if (door.BatteryLevel is { } level && level < lowBattery)
            yield return new ReasonAnswer(ReasonAnswer.LockLowBattery, deviceId, level);
    }
}
