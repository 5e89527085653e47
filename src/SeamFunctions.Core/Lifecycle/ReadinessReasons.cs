using SeamFunctions.Access;
using SeamFunctions.Answers;

namespace SeamFunctions.Lifecycle;

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
        var allSet = access switch
        {
            AccessCodesAnswer codes => codes.AccessCodes.All(c => c.Status == AccessCodeAnswer.Set),
            AccessGrantAnswer grant => grant.Status == CredentialStatus.Issued,
            _ => false,
        };
        return new ReadinessAnswer { Ready = reasons.Count == 0 && allSet, Reasons = reasons, CheckedAt = AnswerTimes.Of(at) };
    }

    /// <summary>
    /// What a readiness check decides from Seam's fresh reads (<paramref name="fresh"/>: the codes or credential as
    /// Seam has them now; <paramref name="doors"/>: each lock as read now). Ready when nothing is in the way and every
    /// code is set — or, at a check more than 72 h out (<paramref name="farOut"/>), scheduled without errors: locks that
    /// schedule natively get their codes up to 72 h before arrival, others about an hour before. An ACS credential is
    /// ready once issued without errors; an access grant once every access method is issued (far out: without errors).
    /// </summary>
    public static ReadinessAnswer AtCheck(AccessAnswer fresh, IReadOnlyList<DoorHealth> doors, double lowBattery, bool farOut, DateTimeOffset at)
    {
        var reasons = Of(fresh, doors, lowBattery).ToList();
        if (fresh is CredentialAnswer credential && (credential.IsIssued != true || credential.Errors.Count > 0))
            reasons.Add(new ReasonAnswer(ReasonAnswer.CodeNotSet, null));
        if (fresh is AccessGrantAnswer grant && (grant.Errors.Count > 0 || (!farOut && grant.Status != CredentialStatus.Issued)))
            reasons.Add(new ReasonAnswer(ReasonAnswer.CodeNotSet, null)); // Seam issues a grant's methods when it is due: far out, pending is fine
        foreach (var code in (fresh as AccessCodesAnswer)?.AccessCodes ?? [])
        {
            if (reasons.Any(r => r.DeviceId == code.DeviceId && r.Code is ReasonAnswer.CodeRemoved or ReasonAnswer.CodeNotSet))
                continue; // its errors said it already
            if (code.Warnings.Any(w => w.Code == AccessCodeShapes.NotFoundWarning))
                reasons.Add(new ReasonAnswer(ReasonAnswer.CodeRemoved, code.DeviceId));
            else if (!IsReady(code, farOut))
                reasons.Add(new ReasonAnswer(ReasonAnswer.CodeNotSet, code.DeviceId));
        }

        return new ReadinessAnswer { Ready = reasons.Count == 0, Reasons = reasons, CheckedAt = AnswerTimes.Of(at) };
    }

    private static bool IsReady(AccessCodeAnswer code, bool farOut) =>
        code.Status == AccessCodeAnswer.Set || (farOut && code.Errors.Count == 0 && code.Status is "unset" or "setting");

    public static IReadOnlyList<ReasonAnswer> Of(AccessAnswer access, IReadOnlyList<DoorHealth> doors, double lowBattery)
    {
        if (access is AccessGrantAnswer)
            return [.. doors.SelectMany(door => OfDoor(door, door.DeviceId, lowBattery))]; // the grant's devices, as read
        if (access is not AccessCodesAnswer codes)
            return [];
        var reasons = new List<ReasonAnswer>();
        foreach (var code in codes.AccessCodes)
        {
            var door = doors.Of(code.DeviceId);
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
