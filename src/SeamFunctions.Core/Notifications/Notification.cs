using System.Text.Json;
using System.Text.Json.Serialization;
using SeamFunctions.Answers;

namespace SeamFunctions.Notifications;

/// <summary>
/// One notification as it waits in the queue: its stable id (the <c>webhook-id</c> of every attempt), the caller
/// scope whose target receives it, the reference it is about, and the exact body to send. <see cref="Attempt"/>
/// counts the deliveries tried before this one.
/// </summary>
internal sealed record QueuedNotification(string Id, string Scope, string Reference, string Type, int Attempt, string Body)
{
    public string ToJson() => Queues.MessageText.Of(this, NotificationJsonContext.Default.QueuedNotification);

    /// <summary>The message, or null when the queue holds something that is not one.</summary>
    public static QueuedNotification? FromJson(string json) => Queues.MessageText.Read(json, NotificationJsonContext.Default.QueuedNotification);

    public override string ToString() => $"QueuedNotification({Id}, {Type}, attempt {Attempt})";
}

/// <summary>What the caller's target receives: <c>{"type","timestamp","data":{…}}</c>.</summary>
internal sealed class NotificationBody
{
    public required string Type { get; init; }
    public required string Timestamp { get; init; }
    public required NotificationData Data { get; init; }
}

/// <summary>
/// The reference and the one code or credential that changed. <see cref="Status"/> is the reference's access as a
/// whole (<c>issued</c>, <c>pending</c>, <c>failed</c>, <c>revoked</c>). <see cref="Code"/> is only ever set in
/// <c>credential.code_changed</c>, the one notification that hands out a PIN.
/// </summary>
internal sealed class NotificationData
{
    public required string Reference { get; init; }
    public required string Kind { get; init; }
    public required string Status { get; init; }
    public string? DeviceId { get; init; }
    public string? AccessCodeId { get; init; }
    public string? AcsCredentialId { get; init; }

    /// <summary>An access grant's id (<c>kind: access_grant</c>), and the access method an event named.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccessGrantId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccessMethodId { get; init; }

    /// <summary>Only in <c>credential.issued</c> of a grant's <c>mobile_key</c> access method: the link that opens the guest's phone key.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstantKeyUrl { get; init; }

    public required IReadOnlyList<NoticeAnswer> Errors { get; init; }

    /// <summary>Seam's event that made the change; null for a queued command's outcome.</summary>
    public string? EventType { get; init; }

    public required string OccurredAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReplacedAccessCodeId { get; init; }

    /// <summary>From a readiness check: which one, as its time before the stay's start (<c>1.00:00:00</c>); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Check { get; init; }

    /// <summary>In <c>credential.at_risk</c>: each thing in the way, at its door.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReasonAnswer>? Reasons { get; init; }

    public override string ToString() => $"NotificationData({Kind}, {Status})";
}

/// <summary>The notification types: what happened to one code or credential of a reference.</summary>
internal static class NotificationTypes
{
    public const string Issued = "credential.issued";
    public const string Failed = "credential.failed";
    public const string Removed = "credential.removed";
    public const string RemoveFailed = "credential.remove_failed";
    public const string Delayed = "credential.delayed";
    public const string CodeChanged = "credential.code_changed";

    /// <summary>Something would keep the guest out (<c>data.reasons</c>): a lock offline, its battery low, a code gone.</summary>
    public const string AtRisk = "credential.at_risk";

    /// <summary>A code changed or deleted at the lock was put back with the booking's PIN (no PIN in it).</summary>
    public const string Restored = "credential.restored";

    /// <summary>What was in the way is gone, and every door's code is set.</summary>
    public const string Ready = "credential.ready";

    /// <summary>The guest's first use of the access: a door opened with its code (Seam's <c>lock.unlocked</c>), told once per reference.</summary>
    public const string GuestArrived = "guest.arrived";

    // The outcome of a command that was queued (its sender got a 202).
    public const string Created = "credential.created";
    public const string Updated = "credential.updated";
    public const string Revoked = "credential.revoked";

    /// <summary>The notification an applied event of Seam's sends; null for one that leaves the state as it was (<c>scheduled_on_device</c>).</summary>
    public static string? Of(string eventType) => eventType switch
    {
        "access_code.set_on_device" or "acs_credential.issued" => Issued,
        "access_code.failed_to_set_on_device" => Failed,
        "access_code.delay_in_setting_on_device" => Delayed,
        "access_code.removed_from_device" or "access_code.deleted" or "acs_credential.deleted" or "acs_credential.invalidated" => Removed,
        "access_code.failed_to_remove_from_device" => RemoveFailed,
        "access_method.issued" or "access_method.reissued" or "access_grant.access_granted_to_all_doors" => Issued,
        "access_method.delay_in_issuing" => Delayed,
        "access_method.failed_to_issue" or "access_grant.could_not_create_requested_access_methods" => Failed,
        "access_method.revoked" or "access_method.deleted" or "access_grant.deleted" => Removed,
        "access_grant.access_to_door_lost" => AtRisk,
        _ => null,
    };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(QueuedNotification))]
[JsonSerializable(typeof(NotificationBody))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
