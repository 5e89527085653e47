using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.Idempotency;

/// <summary>
/// Whose keys these are: records of one caller never answer another. A function key is identified by a
/// short SHA-256 of it (the key itself is never stored); a request without one is "anonymous".
/// </summary>
internal static class CallerScope
{
    public static string Of(HttpContext context)
    {
        var functionKey = context.Request.Headers["x-functions-key"].ToString();
        if (functionKey.Length == 0)
            functionKey = context.Request.Query["code"].ToString();
        return functionKey.Length == 0
            ? "anonymous"
            : "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(functionKey)))[..16];
    }
}
