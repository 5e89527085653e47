using System.Security.Cryptography;
using System.Text;

namespace SeamFunctions.DevServer;

/// <summary>
/// The DevServer's stand-in for the host's master key on the maintenance route: <c>x-functions-key</c> must equal
/// <c>DevServer__AdminKey</c> (compared in constant time); without that setting the route does not exist.
/// </summary>
internal static class AdminKey
{
    public static bool Matches(HttpContext context, string adminKey) =>
        context.Request.Headers["x-functions-key"].FirstOrDefault() is { } given
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(adminKey));

    public static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
