using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;

namespace SeamFunctions.Idempotency;

internal sealed class IdempotencyOptionsValidator(IOptions<SeamOptions> seam) : IValidateOptions<IdempotencyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options)
    {
        var failures = new List<string>();
        if (options.Retention < TimeSpan.FromMinutes(1) || options.Retention > TimeSpan.FromDays(30))
            failures.Add("Idempotency__Retention must be between 00:01:00 and 30.00:00:00.");
        if (options.Lease > TimeSpan.FromMinutes(30))
            failures.Add("Idempotency__Lease must be at most 00:30:00.");
        else if (OptionsPeek.TryGet(seam, out var seamOptions) && options.Lease < seamOptions.Timeout + TimeSpan.FromSeconds(5))
            failures.Add("Idempotency__Lease must be at least Seam__Timeout plus 5 seconds, or a slow attempt would lose its key mid-flight.");
        if (options.ReconcileAfter < TimeSpan.Zero || options.ReconcileAfter > TimeSpan.FromMinutes(10))
            failures.Add("Idempotency__ReconcileAfter must be between 00:00:00 and 00:10:00.");
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromHours(1))
            failures.Add("Idempotency__ClockSkew must be between 00:00:00 and 01:00:00.");
        if (options.TableName is not { Length: >= 3 and <= 63 } table || !char.IsAsciiLetter(table[0]) || !table.All(char.IsAsciiLetterOrDigit))
            failures.Add("Idempotency__TableName must be 3 to 63 letters and digits, starting with a letter.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
