namespace SeamFunctions.Upstream;

/// <summary><c>/devices/get</c>'s body.</summary>
internal sealed class SeamDeviceIdBody
{
    public required string DeviceId { get; init; }

    public override string ToString() => $"SeamDeviceIdBody({DeviceId})";
}

internal sealed class SeamDeviceResponse
{
    public SeamDevice? Device { get; set; }
}

/// <summary>A lock as Seam has it now: only what arrival readiness reads.</summary>
internal sealed class SeamDevice
{
    public string? DeviceId { get; set; }
    public string? DisplayName { get; set; }
    public SeamDeviceProperties? Properties { get; set; }

    public override string ToString() => $"SeamDevice({DeviceId})";
}

/// <summary>
/// <c>online</c>: Seam reaches the lock (checked about every 10 minutes); <c>battery_level</c>: 0..1, absent for a
/// wired lock (some devices only say it as <c>battery.level</c>: <see cref="Battery"/>).
/// </summary>
internal sealed class SeamDeviceProperties
{
    public bool? Online { get; set; }
    public double? BatteryLevel { get; set; }
    public SeamBattery? Battery { get; set; }

    /// <summary>The battery's level, wherever the device says it.</summary>
    public double? Level => BatteryLevel ?? Battery?.Level;
}

internal sealed class SeamBattery
{
    public double? Level { get; set; }
}
