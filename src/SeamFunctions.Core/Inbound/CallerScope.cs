using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.Inbound;

/// <summary>
/// Whose keys these are: records of one caller never answer another. A function key is identified by a
/// short SHA-256 of it (the key itself is never stored); a request without one is "anonymous". The key is the
/// one the Functions host authorizes with: the first <c>x-functions-key</c> value, else the first <c>code</c>.
/// A rotated function key therefore starts a new scope.
/// </summary>
internal static class CallerScope
{
    public static string Of(HttpContext context)
    {
        var functionKey = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? "";
        if (functionKey.Length == 0 && context.Request.QueryString.HasValue) // no query string, nothing to parse
            functionKey = context.Request.Query["code"].FirstOrDefault() ?? "";
        return functionKey.Length == 0
            ? "anonymous"
            : "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(functionKey)))[..16];
    }
}
