using System.Globalization;
using Microsoft.Extensions.Options;

namespace SeamFunctions.Lifecycle;

/// <summary>Arrival readiness, section <c>Readiness</c>.</summary>
internal sealed class ReadinessOptions
{
    public const string Section = "Readiness";

    /// <summary>A lock's battery below this (0..1) is a reason the guest may not get in.</summary>
    public double LowBattery { get; set; } = 0.2;

    /// <summary>How long before a stay's <c>starts_at</c> each readiness check runs (comma-separated, <c>d.hh:mm:ss</c>).</summary>
    public string Checks { get; set; } = "1.00:00:00,02:00:00";

    private Parsed? _parsed; // one reference: read and replaced whole, never torn between threads

    private sealed record Parsed(string? Text, IReadOnlyList<TimeSpan> Checks);

    /// <summary>
    /// The parsed <see cref="Checks"/>, the earliest check (the longest time before arrival) first; parsed once per
    /// value (every write that settles a record plans its checks with it).
    /// </summary>
    public IReadOnlyList<TimeSpan> Before()
    {
        var parsed = _parsed;
        if (parsed is null || !ReferenceEquals(parsed.Text, Checks))
            _parsed = parsed = new Parsed(Checks, TryParseChecks(Checks, out var checks) ? checks : []);
        return parsed.Checks;
    }

    public static bool TryParseChecks(string? text, out IReadOnlyList<TimeSpan> checks)
    {
        var parsed = new SortedSet<TimeSpan>(Comparer<TimeSpan>.Create((a, b) => b.CompareTo(a)));
        checks = [];
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TimeSpan.TryParseExact(part, "c", CultureInfo.InvariantCulture, out var before) || before <= TimeSpan.Zero || before > TimeSpan.FromDays(30) || !parsed.Add(before))
                return false;
        }

        checks = [.. parsed];
        return parsed.Count <= 10;
    }
}

internal sealed class ReadinessOptionsValidator : IValidateOptions<ReadinessOptions>
{
    public ValidateOptionsResult Validate(string? name, ReadinessOptions options)
    {
        var failures = new List<string>();
        if (options.LowBattery is not (>= 0 and <= 1))
            failures.Add("Readiness__LowBattery must be between 0 and 1.");
        if (!ReadinessOptions.TryParseChecks(options.Checks, out _))
            failures.Add("Readiness__Checks must be up to 10 different comma-separated times before arrival (d.hh:mm:ss), each more than zero and at most 30 days; empty for none.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
