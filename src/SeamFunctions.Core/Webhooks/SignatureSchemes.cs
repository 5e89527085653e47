using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.Webhooks;

/// <summary>
/// The ways a sender can prove who it is — <c>standard-webhooks</c>, <c>hmac-sha256</c>, <c>shared-token</c> and
/// <c>basic</c> — each checked over the raw body bytes before any parsing, always with constant-time comparison.
/// </summary>
internal static class SignatureSchemes
{
    public const string StandardWebhooks = "standard-webhooks";
    public const string HmacSha256 = "hmac-sha256";
    public const string SharedToken = "shared-token";
    public const string Basic = "basic";
    public const string DefaultHmacHeader = "X-Signature";
    public const string DefaultTokenHeader = "X-Webhook-Token";

    public static readonly string[] All = [StandardWebhooks, HmacSha256, SharedToken, Basic];

    /// <summary>A shorter key is guessable; an empty one would make every signature "valid".</summary>
    public const int MinimumKeyBytes = 16;

    /// <summary>Why <paramref name="secret"/> cannot serve as this scheme's key, or null when it can. Never quotes the secret.</summary>
    public static string? WeaknessOf(string? scheme, string secret)
    {
        if (scheme == StandardWebhooks)
        {
            if (!TryDecodeBase64(WithoutPrefix(secret), out var key))
                return "a standard-webhooks secret is whsec_ followed by base64";
            return key.Length < MinimumKeyBytes ? $"its key is shorter than {MinimumKeyBytes} bytes" : null;
        }

        if (scheme == Basic && secret.IndexOf(':', StringComparison.Ordinal) is var colon && (colon <= 0 || colon == secret.Length - 1))
            return "a basic secret is user:password";
        return Encoding.UTF8.GetByteCount(secret) < MinimumKeyBytes ? $"it is shorter than {MinimumKeyBytes} bytes" : null;
    }

    /// <summary>The delivery id the scheme signs, if it signs one: exactly the text the signature covered.</summary>
    public static string? SignedId(WebhookSourceOptions source, IHeaderDictionary headers) =>
        source.Scheme == StandardWebhooks ? StandardHeader(headers, "id") : null;

    public static SignatureCheck Verify(
        WebhookSourceOptions source, string secret, HttpRequest request, ReadOnlySequence<byte> body, DateTimeOffset now)
    {
        var headers = request.Headers;
        return source.Scheme switch
        {
            StandardWebhooks => VerifyStandardWebhooks(secret, StandardHeader(headers, "id"), StandardHeader(headers, "timestamp"), StandardHeader(headers, "signature"), body, now, source.Tolerance),
            HmacSha256 => VerifyHmacSha256(secret, headers[source.Header ?? DefaultHmacHeader], body),
            SharedToken => VerifySharedToken(secret, source.QueryParameter is { } name ? request.Query[name].ToString() : headers[source.Header ?? DefaultTokenHeader].ToString()),
            Basic => VerifyBasic(secret, headers.Authorization),
            _ => SignatureCheck.Invalid,
        };
    }

    /// <summary>Standard Webhooks' <c>webhook-*</c> headers, or Svix's <c>svix-*</c> names for the same (Guesty signs so).</summary>
    private static string? StandardHeader(IHeaderDictionary headers, string name) =>
        headers.TryGetValue("webhook-" + name, out var standard) ? standard.ToString()
        : headers.TryGetValue("svix-" + name, out var svix) ? svix.ToString()
        : null;

    /// <summary>HTTP Basic credentials (<c>Authorization: Basic base64(user:password)</c>) against <c>user:password</c>, hashed first.</summary>
    public static SignatureCheck VerifyBasic(string secret, string? authorization)
    {
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return SignatureCheck.Missing;
        if (!TryDecodeBase64(authorization[6..].Trim(), out var credentials))
            return SignatureCheck.Invalid;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(credentials), SHA256.HashData(Encoding.UTF8.GetBytes(secret)))
            ? SignatureCheck.Valid
            : SignatureCheck.Invalid;
    }

    /// <summary>
    /// Standard Webhooks: HMAC-SHA256 over <c>id.timestamp.body</c> with the base64 secret (<c>whsec_</c> prefix),
    /// signatures as space-separated <c>v1,&lt;base64&gt;</c> entries (several during rotation).
    /// </summary>
    public static SignatureCheck VerifyStandardWebhooks(
        string secret, string? id, string? timestamp, string? signatures, ReadOnlySequence<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
            return SignatureCheck.Missing;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SignatureCheck.Invalid;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
            return SignatureCheck.Stale;
        if (!TryDecodeBase64(WithoutPrefix(secret), out var key) || key.Length < MinimumKeyBytes)
            return SignatureCheck.Invalid;

        var expected = StandardWebhooksMac(key, id, timestamp, body);

        var valid = false;
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Check every entry, so the time taken does not tell which one matched.
            if (entry.StartsWith("v1,", StringComparison.Ordinal) && TryDecodeBase64(entry[3..], out var given))
                valid |= CryptographicOperations.FixedTimeEquals(expected, given);
        }

        return valid ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    /// <summary>The <c>webhook-signature</c> of <paramref name="body"/> under a Standard Webhooks secret (<c>whsec_</c> + base64): <c>v1,&lt;base64&gt;</c>.</summary>
    public static string SignStandardWebhooks(string secret, string id, string timestamp, byte[] body)
    {
        if (!TryDecodeBase64(WithoutPrefix(secret), out var key) || key.Length < MinimumKeyBytes)
            throw new ArgumentException("The signing secret is not whsec_ and base64 of at least 16 bytes.", nameof(secret));
        return "v1," + Convert.ToBase64String(StandardWebhooksMac(key, id, timestamp, new ReadOnlySequence<byte>(body)));
    }

    private static byte[] StandardWebhooksMac(byte[] key, string id, string timestamp, ReadOnlySequence<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
        foreach (var segment in body)
            hmac.AppendData(segment.Span);
        return hmac.GetHashAndReset();
    }

    /// <summary>HMAC-SHA256 of the raw body with the secret's UTF-8 bytes: <c>sha256=&lt;hex&gt;</c>, bare hex, or base64.</summary>
    public static SignatureCheck VerifyHmacSha256(string secret, string? header, ReadOnlySequence<byte> body)
    {
        if (string.IsNullOrEmpty(header))
            return SignatureCheck.Missing;
        var value = header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? header[7..] : header;
        byte[] given;
        try
        {
            given = value.Length == 64 ? Convert.FromHexString(value) : Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return SignatureCheck.Invalid;
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        foreach (var segment in body)
            hmac.AppendData(segment.Span);
        return CryptographicOperations.FixedTimeEquals(hmac.GetHashAndReset(), given) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    /// <summary>A static token in a header. Both sides are hashed first so not even the length leaks.</summary>
    public static SignatureCheck VerifySharedToken(string secret, string? header)
    {
        if (string.IsNullOrEmpty(header))
            return SignatureCheck.Missing;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header)),
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)))
            ? SignatureCheck.Valid
            : SignatureCheck.Invalid;
    }

    private static string WithoutPrefix(string secret) =>
        secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret;

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
