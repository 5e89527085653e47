using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary>
/// The access a reference holds, in one of its kinds; <c>kind</c> says which (<c>acs_credential</c>, an
/// <see cref="CredentialAnswer"/>; <c>access_code</c>, an <see cref="AccessCodesAnswer"/>; <c>access_grant</c>, an <see cref="AccessGrantAnswer"/>). Every kind has a
/// <see cref="Status"/> (<c>issued</c>, <c>pending</c>, <c>failed</c>, <c>revoked</c>) and its warnings and errors.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CredentialAnswer), AccessKinds.AcsCredential)]
[JsonDerivedType(typeof(AccessCodesAnswer), AccessKinds.AccessCode)]
[JsonDerivedType(typeof(AccessGrantAnswer), AccessKinds.AccessGrant)]
internal abstract class AccessAnswer
{
    [JsonPropertyOrder(100)]
    public required IReadOnlyList<NoticeAnswer> Warnings { get; init; }

    [JsonPropertyOrder(101)]
    public required IReadOnlyList<NoticeAnswer> Errors { get; init; }

    /// <summary><c>issued</c>, <c>pending</c>, <c>failed</c> or <c>revoked</c>; see <see cref="CredentialStatus"/>.</summary>
    [JsonPropertyOrder(102)]
    public required string Status { get; init; }

    /// <summary>The PIN that really works (Seam's, should it have changed the requested one).</summary>
    public abstract string? Code { get; init; }

    /// <summary>When the guest first opened a door with this access (Seam's <c>lock.unlocked</c> naming its code); absent until then.</summary>
    [JsonPropertyOrder(103)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FirstUsedAt { get; set; }

    /// <summary>When a door was last opened with it.</summary>
    [JsonPropertyOrder(104)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastUsedAt { get; set; }

    /// <summary>Whether the guest will get in, as last decided from Seam's events about the locks and codes.</summary>
    [JsonPropertyOrder(105)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReadinessAnswer? Readiness { get; set; }

    /// <summary>The same access with another status (a revoked one keeps what it was).</summary>
    public abstract AccessAnswer WithStatus(string status);

    /// <summary>The same access with its readiness as last decided.</summary>
    public AccessAnswer WithReadiness(ReadinessAnswer? readiness)
    {
        if (readiness is null)
            return this;
        var copy = (AccessAnswer)MemberwiseClone();
        copy.Readiness = readiness;
        return copy;
    }

    /// <summary>The same access, saying when it was first and last used (the record keeps that; answers show it).</summary>
    public AccessAnswer WithUse(DateTimeOffset? first, DateTimeOffset? last)
    {
        if (first is null && last is null)
            return this;
        var copy = (AccessAnswer)MemberwiseClone();
        (copy.FirstUsedAt, copy.LastUsedAt) = (first is { } f ? AnswerTimes.Of(f) : null, last is { } l ? AnswerTimes.Of(l) : null);
        return copy;
    }
}

/// <summary>The names of the kinds of access, as <c>kind</c> says them.</summary>
internal static class AccessKinds
{
    public const string AcsCredential = "acs_credential";
    public const string AccessCode = "access_code";
    public const string AccessGrant = "access_grant";

    /// <summary>The kind an answer is, as <c>kind</c> says it.</summary>
    public static string Of(AccessAnswer access) => access switch
    {
        AccessCodesAnswer => AccessCode,
        AccessGrantAnswer => AccessGrant,
        _ => AcsCredential,
    };
}

/// <summary>
/// One PIN on a unit's locks: an access code per device. <see cref="AccessAnswer.Status"/>: <c>failed</c> when
/// any code lists errors, <c>issued</c> when every code is <c>set</c>, else <c>pending</c>.
/// </summary>
internal sealed class AccessCodesAnswer : AccessAnswer
{
    public override string? Code { get; init; }

    /// <summary>What the locks' apps show for the code.</summary>
    public string? Name { get; init; }

    public string? StartsAt { get; init; }
    public string? EndsAt { get; init; }

    public required IReadOnlyList<AccessCodeAnswer> AccessCodes { get; init; }

    public override AccessAnswer WithStatus(string status) => new AccessCodesAnswer
    {
        Code = Code, Name = Name, StartsAt = StartsAt, EndsAt = EndsAt, AccessCodes = AccessCodes, Warnings = Warnings, Errors = Errors, Status = status,
    };

    /// <summary>The same codes, each saying what Seam last said of its lock (<paramref name="lockOf"/>: online, battery; null: nothing said).</summary>
    public AccessCodesAnswer WithLocks(Func<string, (bool? Online, double? BatteryLevel)?> lockOf) => new()
    {
        Code = Code, Name = Name, StartsAt = StartsAt, EndsAt = EndsAt, Warnings = Warnings, Errors = Errors, Status = Status,
        FirstUsedAt = FirstUsedAt, LastUsedAt = LastUsedAt, Readiness = Readiness,
        AccessCodes = [.. AccessCodes.Select(c => lockOf(c.DeviceId) is { } door ? c.WithLock(door.Online, door.BatteryLevel) : c)],
    };

    /// <summary>The codes as one answer: its status, warnings and errors from theirs.</summary>
    public static AccessCodesAnswer Of(IReadOnlyList<AccessCodeAnswer> codes, string? code, string? name, string? startsAt, string? endsAt) => new()
    {
        Code = code,
        Name = name,
        StartsAt = startsAt,
        EndsAt = endsAt,
        AccessCodes = codes,
        Warnings = [.. codes.SelectMany(c => c.Warnings)],
        Errors = [.. codes.SelectMany(c => c.Errors)],
        Status = codes.Any(c => c.Errors.Count > 0) ? CredentialStatus.Failed
            : codes.All(c => c.Status == AccessCodeAnswer.Set) ? CredentialStatus.Issued
            : CredentialStatus.Pending,
    };

    public override string ToString() => $"AccessCodesAnswer({AccessCodes.Count} codes, {Status})";
}

/// <summary>One lock's code, with Seam's own status: <c>setting</c>, <c>set</c>, <c>unset</c>, <c>removing</c> or <c>unknown</c>.</summary>
internal sealed class AccessCodeAnswer
{
    public const string Set = "set";

    public required string AccessCodeId { get; init; }
    public required string DeviceId { get; init; }

    /// <summary>This door's PIN when it is not the access's own: a backup code Seam put in place of one that failed to set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    public required string Status { get; init; }
    public required IReadOnlyList<NoticeAnswer> Warnings { get; init; }
    public required IReadOnlyList<NoticeAnswer> Errors { get; init; }

    /// <summary>The last of Seam's events applied to this code.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LastEventAnswer? LastEvent { get; init; }

    /// <summary>Whether its lock is online, as Seam last said (a device event); absent until it said.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Online { get; init; }

    /// <summary>Its lock's battery, 0..1, as Seam last said.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BatteryLevel { get; init; }

    public AccessCodeAnswer WithLock(bool? online, double? batteryLevel) => new()
    {
        AccessCodeId = AccessCodeId, DeviceId = DeviceId, Code = Code, Status = Status, Warnings = Warnings, Errors = Errors, LastEvent = LastEvent,
        Online = online, BatteryLevel = batteryLevel,
    };

    public override string ToString() => $"AccessCodeAnswer({AccessCodeId}, {Status})";
}

/// <summary>The last of Seam's events applied to a code or credential: its type and when it happened.</summary>
internal sealed record LastEventAnswer(string EventType, string OccurredAt);
