using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.Idempotency;

/// <summary>
/// The key that makes a retry a replay. For callers with a function key, first found of: header
/// <c>Idempotency-Key</c> (IETF httpapi draft: a structured-field string <c>"…"</c>, or a bare token), header
/// <c>webhook-id</c>, body <c>reference</c>. For signed webhook deliveries only what the signature covers counts
/// (see <see cref="OfDelivery"/>). The key itself is never stored or logged: only its SHA-256.
/// </summary>
internal sealed class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string WebhookIdHeader = "webhook-id";
    public const int MaxLength = 255;

    private IdempotencyKey(string hash, string source)
    {
        Hash = hash;
        Source = source;
    }

    /// <summary>Hex SHA-256 of the key: the table row key.</summary>
    public string Hash { get; }

    /// <summary>Where the key came from (header or body field name), for logs.</summary>
    public string Source { get; }

    /// <summary>
    /// A function-key caller's key, or null when the request has none; false with a message when a header is
    /// malformed (an empty header too: it is a mistake, not a request without a key).
    /// </summary>
    public static bool TryReadFromCaller(HttpRequest request, string? reference, out IdempotencyKey? key, out string? error)
    {
        key = null;
        error = null;
        foreach (var header in (string[])[Header, WebhookIdHeader])
        {
            if (!request.Headers.TryGetValue(header, out var values))
                continue;
            if (values.Count != 1 || !TryUnwrap(values[0] ?? "", out var value))
            {
                error = $"{header} must be one string of 1 to {MaxLength} visible ASCII characters, bare or in double quotes.";
                return false;
            }

            key = new IdempotencyKey(Sha256(value), header);
            return true;
        }

        if (reference is not null)
            key = new IdempotencyKey(Sha256(reference), "reference");
        return true;
    }

    /// <summary>
    /// A signed delivery's key, from signed material only, so that no one replaying a captured delivery can choose
    /// it: the delivery id the signature covers (Standard Webhooks' <c>webhook-id</c>); else the body's (mapped)
    /// <c>reference</c>; else the SHA-256 of the raw body, so that an identical resend replays.
    /// </summary>
    public static IdempotencyKey OfDelivery(string? signedId, string? reference, ReadOnlySequence<byte> rawBody)
    {
        if (!string.IsNullOrEmpty(signedId))
            return new IdempotencyKey(Sha256(signedId), "signed delivery id");
        if (reference is not null)
            return new IdempotencyKey(Sha256(reference), "reference");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var segment in rawBody)
            hash.AppendData(segment.Span);
        return new IdempotencyKey("body-" + Convert.ToHexStringLower(hash.GetHashAndReset()), "body");
    }

    /// <summary>
    /// The key of a lifecycle create: the reference and the record's generation, so that a credential created anew
    /// after a revoke or a replace is a new create, while every retry of one create stays one.
    /// </summary>
    public static IdempotencyKey OfLifecycle(string reference, int generation) =>
        new(Sha256($"lifecycle\n{reference}\n{generation}"), "reference");

    /// <summary>A structured-field string (<c>"abc"</c>, with <c>\"</c> and <c>\\</c> escapes) or a bare token.</summary>
    private static bool TryUnwrap(string raw, out string value)
    {
        value = raw.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var inner = new StringBuilder(value.Length);
            for (var i = 1; i < value.Length - 1; i++)
            {
                var c = value[i];
                if (c == '\\')
                {
                    if (++i >= value.Length - 1 || value[i] is not ('"' or '\\'))
                        return false;
                    c = value[i];
                }
                else if (c == '"' || c < 0x20 || c > 0x7E)
                {
                    return false;
                }

                inner.Append(c);
            }

            value = inner.ToString();
        }
        else if (value.Any(c => c is <= ' ' or > '~' or '"' or ',' or ';' or '\\'))
        {
            return false;
        }

        return value.Length is > 0 and <= MaxLength;
    }

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public override string ToString() => $"IdempotencyKey({Source})";
}
