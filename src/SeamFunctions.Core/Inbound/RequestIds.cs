using Microsoft.AspNetCore.Http;

namespace SeamFunctions.Inbound;

/// <summary>Every answer carries <c>x-request-id</c>: the caller's own when it is sane, else a new one.</summary>
internal static class RequestIds
{
    public const string Header = "x-request-id";
    private const int MaxLength = 128;

    /// <summary>Picks the request id and puts it on the response.</summary>
    public static string Accept(HttpContext context)
    {
        var inbound = context.Request.Headers[Header];
        var id = inbound.Count == 1 && IsSane(inbound[0]) ? inbound[0]! : Guid.CreateVersion7().ToString("N");
        context.Response.Headers[Header] = id;
        return id;
    }

    internal static bool IsSane(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
