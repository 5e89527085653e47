using Microsoft.Extensions.Options;

namespace SeamFunctions.Lifecycle;

/// <summary>Credential lifecycle settings, section <c>Lifecycle</c>.</summary>
internal sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>
    /// How long a record outlives its credential: after <c>ends_at</c>, or after the revoke when there is none. A
    /// record of a credential that may be live is never purged.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The Azure Table that holds the records.</summary>
    public string TableName { get; set; } = "SeamCredentials";
}

internal sealed class LifecycleOptionsValidator : IValidateOptions<LifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, LifecycleOptions options)
    {
        var failures = new List<string>();
        if (options.Retention < TimeSpan.FromHours(1) || options.Retention > TimeSpan.FromDays(3650))
            failures.Add("Lifecycle__Retention must be between 01:00:00 and 3650.00:00:00.");
        if (options.TableName is not { Length: >= 3 and <= 63 } table || !char.IsAsciiLetter(table[0]) || !table.All(char.IsAsciiLetterOrDigit))
            failures.Add("Lifecycle__TableName must be 3 to 63 letters and digits, starting with a letter.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
