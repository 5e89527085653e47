using Microsoft.Extensions.Options;
using SeamFunctions.Notifications;

namespace SeamFunctions.Intake;

/// <summary>Queued commands, section <c>Intake</c>: how long and how often a command Seam could not take is tried again.</summary>
internal sealed class IntakeOptions
{
    public const string Section = "Intake";
    public const string QueueName = "seam-commands";

    /// <summary>The waits before each retry of a queued command; after the last, hourly.</summary>
    public string RetryDelays { get; set; } = "00:00:30,00:02:00,00:10:00,00:30:00,01:00:00";

    /// <summary>A command is given up this long after it was queued (or at its stay's end, when sooner).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The wait before retry <paramref name="attempt"/> (1 for the first retry): the listed one, then hourly.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var delays = NotifyOptions.TryParseDelays(RetryDelays, out var parsed) ? parsed : [];
        return attempt >= 1 && attempt <= delays.Count ? delays[attempt - 1] : TimeSpan.FromHours(1);
    }
}

internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();
        if (!NotifyOptions.TryParseDelays(options.RetryDelays, out _))
            failures.Add("Intake__RetryDelays must be 1 to 20 comma-separated waits (hh:mm:ss), each at most 6 days.");
        if (options.MaxAge < TimeSpan.FromMinutes(1) || options.MaxAge > TimeSpan.FromDays(7))
            failures.Add("Intake__MaxAge must be between 00:01:00 and 7.00:00:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
