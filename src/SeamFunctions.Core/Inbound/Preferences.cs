using Microsoft.AspNetCore.Http;

namespace SeamFunctions.Inbound;

/// <summary>RFC 7240 <c>Prefer</c>: what a caller would like; <c>respond-async</c> queues its command and answers 202.</summary>
internal static class Preferences
{
    public const string RespondAsyncToken = "respond-async";

    public static bool RespondAsync(IHeaderDictionary headers)
    {
        foreach (var value in headers["Prefer"])
        {
            foreach (var preference in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (preference.Split(';', 2)[0].Trim().Equals(RespondAsyncToken, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }

        return false;
    }
}
