using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SeamFunctions.Idempotency;

/// <summary>
/// The key that makes a retry a replay, first found of: header <c>Idempotency-Key</c> (IETF httpapi draft: a
/// structured-field string <c>"…"</c>, or a bare token), header <c>webhook-id</c> (Standard Webhooks), body
/// <c>reference</c>. The key itself is never stored or logged: only its SHA-256.
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

    /// <summary>The key, or null when the request has none; false with a message when a header is malformed.</summary>
    public static bool TryRead(HttpRequest request, string? reference, out IdempotencyKey? key, out string? error)
    {
        key = null;
        error = null;
        foreach (var header in (string[])[Header, WebhookIdHeader])
        {
            var values = request.Headers[header];
            if (StringValues.IsNullOrEmpty(values))
                continue;
            if (values.Count > 1 || !TryUnwrap(values[0]!, out var value))
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
