using Microsoft.Extensions.Options;

namespace SeamFunctions.Configuration;

/// <summary>
/// For validators that depend on another section: its value, or false when that section is itself invalid
/// (it reports its own errors, so the dependent rule is skipped rather than failing twice).
/// </summary>
internal static class OptionsPeek
{
    public static bool TryGet<T>(IOptions<T> options, out T value)
        where T : class
    {
        try
        {
            value = options.Value;
            return true;
        }
        catch (OptionsValidationException)
        {
            value = null!;
            return false;
        }
    }
}
