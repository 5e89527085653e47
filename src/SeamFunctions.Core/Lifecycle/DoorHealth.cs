using System.Text.Json.Serialization;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// What Seam last said about one lock of a reference (its device events): online or not, its battery (0..1), a flaky
/// connection, removed from the workspace; <see cref="At"/>, the time of the event that said it (an older one changes nothing);
/// <see cref="Name"/>, the lock's name in Seam once a readiness check read it.
/// </summary>
internal sealed record DoorHealth(string DeviceId, bool? Online, double? BatteryLevel, bool Flaky, bool Removed, DateTimeOffset At, string? Name = null)
{
    /// <summary>The door as <paramref name="eventType"/> at <paramref name="at"/> leaves it; null for a type that says nothing about it.</summary>
    public static DoorHealth? After(DoorHealth? door, string deviceId, string eventType, double? batteryLevel, DateTimeOffset at)
    {
        var now = door ?? new DoorHealth(deviceId, null, null, false, false, DateTimeOffset.MinValue);
        if (at < now.At)
            return now; // older news
        return eventType switch
        {
            "device.disconnected" => now with { Online = false, At = at },
            "device.connected" => now with { Online = true, Removed = false, At = at },
            "device.low_battery" or "device.battery_status_changed" => now with { BatteryLevel = batteryLevel ?? now.BatteryLevel, At = at },
            "device.connection_became_flaky" => now with { Flaky = true, At = at },
            "device.connection_stabilized" => now with { Flaky = false, Online = true, At = at },
            "device.removed" or "device.deleted" => now with { Removed = true, At = at },
            _ => null,
        };
    }
}

/// <summary>A record's doors, by lock (device ids compared as Seam compares them, case aside).</summary>
internal static class Doors
{
    /// <summary>What is known of <paramref name="deviceId"/>'s lock; null when nothing is.</summary>
    public static DoorHealth? Of(this IReadOnlyList<DoorHealth> doors, string deviceId) =>
        doors.FirstOrDefault(d => Access.AccessCodeCalls.SameDevice(d.DeviceId, deviceId));

    /// <summary>The locks a record's access opens: each code's lock, or an access grant's devices (its spaces and entrances are Seam's to watch).</summary>
    public static IEnumerable<string> DevicesOf(CredentialRecord record) => record.Answer?.Credential switch
    {
        Answers.AccessCodesAnswer codes => codes.AccessCodes.Select(c => c.DeviceId),
        Answers.AccessGrantAnswer => record.Access.Grant?.DeviceIds ?? [],
        _ => [],
    };

    /// <summary>The doors with <paramref name="fresh"/> in place of what was known of the same locks.</summary>
    public static IReadOnlyList<DoorHealth> With(this IReadOnlyList<DoorHealth> doors, IReadOnlyList<DoorHealth> fresh) =>
        [.. doors.Where(known => fresh.Of(known.DeviceId) is null), .. fresh];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<DoorHealth>))]
internal sealed partial class DoorHealthJsonContext : JsonSerializerContext;
