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
        var id = inbound.Count == 1 && IsSane(inbound[0]) ? inbound[0]! : NewId();
        context.Response.Headers[Header] = id;
        return id;
    }

    /// <summary>
    /// A version-7 UUID in 32 hex digits (time-ordered, as <see cref="Guid.CreateVersion7()"/> makes them), its random
    /// bits from the shared non-cryptographic generator: a request id is told to the caller and logged, never a secret,
    /// and the cryptographic generator costs a system call per id.
    /// </summary>
    internal static string NewId()
    {
        Span<byte> id = stackalloc byte[16];
        Random.Shared.NextBytes(id);
        var milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
            id[i] = (byte)(milliseconds >> (40 - (8 * i)));
        id[6] = (byte)(0x70 | (id[6] & 0x0F)); // version 7
        id[8] = (byte)(0x80 | (id[8] & 0x3F)); // RFC 9562 variant
        return Convert.ToHexStringLower(id);
    }

    internal static bool IsSane(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
