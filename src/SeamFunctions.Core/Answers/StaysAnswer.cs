using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary><c>GET /api/stays</c>: one page of the caller's stays in the window, by start; <see cref="Continuation"/> for the next.</summary>
internal sealed class StaysAnswer
{
    public bool Ok { get; init; } = true;
    public required string From { get; init; }
    public required string To { get; init; }
    public required IReadOnlyList<StayAnswer> Stays { get; init; }

    /// <summary>Pass it back as <c>continuation</c> for the next page; null on the last.</summary>
    public string? Continuation { get; init; }
    public required string RequestId { get; init; }
}

/// <summary>One stay on the board: what it is, when, and whether the guest will get in. Never a PIN, never guest details.</summary>
internal sealed class StayAnswer
{
    public required string Reference { get; init; }

    /// <summary>The webhook source whose deliveries made it (a PMS), or null for the caller's own.</summary>
    public string? Source { get; init; }

    /// <summary>The property's IANA time zone when its source configures one (for showing times locally); null: show UTC.</summary>
    public string? TimeZone { get; init; }

    public required string Kind { get; init; }
    public string? Name { get; init; }
    public string? StartsAt { get; init; }
    public string? EndsAt { get; init; }

    /// <summary><c>issued</c>, <c>pending</c>, <c>failed</c> or <c>revoked</c>: the reference's access as a whole.</summary>
    public required string Status { get; init; }

    /// <summary>Absent until a lock event or a readiness check said something of the stay.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReadinessAnswer? Readiness { get; init; }
    public string? FirstUsedAt { get; init; }

    /// <summary>A command for the reference waiting in the queue (Seam was down, or the caller asked for 202).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public QueuedStayAnswer? Queued { get; init; }

    /// <summary>The last of Seam's events applied to any of its codes or its credential.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LastEventAnswer? LastEvent { get; init; }

    /// <summary>Each door's code (access codes), or the credential: never the PIN.</summary>
    public required IReadOnlyList<StayDoorAnswer> Doors { get; init; }
}

internal sealed class QueuedStayAnswer
{
    public required int Attempts { get; init; }
    public required string NextAttemptAt { get; init; }
    public string? LastError { get; init; }
}

/// <summary>One door (<see cref="DeviceId"/>, with its lock's last known state) or the ACS credential (<see cref="AcsCredentialId"/>).</summary>
internal sealed class StayDoorAnswer
{
    public string? DeviceId { get; init; }
    public string? DeviceName { get; init; }
    public string? AcsCredentialId { get; init; }
    public string? AccessCodeId { get; init; }
    public required string Status { get; init; }
    public bool? Online { get; init; }
    public double? BatteryLevel { get; init; }
}
