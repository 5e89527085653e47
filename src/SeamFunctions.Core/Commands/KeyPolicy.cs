using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using SeamFunctions.Lifecycle;

namespace SeamFunctions.Commands;

/// <summary>
/// Which key makes a command exactly-once, decided here and nowhere else (docs/idempotency.md says the same).
/// <list type="bullet">
/// <item>Callers with a function key (<c>POST /api/credentials</c>): at most one of the <c>Idempotency-Key</c>
/// header, the <c>webhook-id</c> header, or a body <c>reference</c> that can stand in a path (it names the
/// credential for its whole stay). Two different ones are a <c>400</c> naming the one to drop: one command, one key
/// (a header equal to the reference is the reference, given twice). A
/// reference that cannot stand in a path is a label: the key only when no header gives one.</item>
/// <item>Signed deliveries: signed material only, so that no one replaying a captured delivery can choose the
/// key: a path-valid reference; else the signed delivery id (<c>webhook-id</c>); else a label reference; else
/// the SHA-256 of the exact body. Headers the signature does not cover never count.</item>
/// <item><c>PUT</c>, <c>DELETE</c>, <c>GET</c>: the path's reference.</item>
/// </list>
/// </summary>
internal static class KeyPolicy
{
    /// <summary>
    /// A function-key caller's key (null when the request has none); false with the field and what to fix when a
    /// key header is malformed (an empty one too: a mistake, not a request without a key) or two keys are given.
    /// </summary>
    public static bool ForCaller(IHeaderDictionary headers, string? reference, out IdempotencyKey? key, out KeyError? error)
    {
        (key, error) = (null, null);
        string? chosen = null;
        foreach (var header in (string[])[IdempotencyKey.Header, IdempotencyKey.WebhookIdHeader])
        {
            if (!headers.TryGetValue(header, out var values))
                continue;
            var value = "";
            if (values.Count != 1 || !TryUnwrap(values[0] ?? "", out value))
                error = new KeyError(header, $"{header} must be one string of 1 to {IdempotencyKey.MaxLength} visible ASCII characters, bare or in double quotes.");
            else if (chosen is not null)
                error = new KeyError(header, $"Give one key: {chosen} or {header}, not both.");
            else if (CredentialReference.IsValid(reference) && string.Equals(value, reference, StringComparison.Ordinal))
                continue; // the same key twice is one key: the reference's
            else if (CredentialReference.IsValid(reference))
                error = new KeyError(header, $"The body's reference names this credential and is its key: send the reference or {header}, not both (or the same value in both).");
            if (error is not null)
                return false;
            (chosen, key) = (header, IdempotencyKey.OfHeader(header, value));
        }

        key ??= Of(reference);
        return true;
    }

    /// <summary>A signed delivery's key, from what the signature covers.</summary>
    public static IdempotencyKey ForDelivery(string? signedId, string? reference, ReadOnlySequence<byte> rawBody) =>
        CredentialReference.IsValid(reference) ? IdempotencyKey.OfReference(reference!)
        : !string.IsNullOrEmpty(signedId) ? IdempotencyKey.OfSignedId(signedId)
        : reference is not null ? IdempotencyKey.OfLabel(reference)
        : IdempotencyKey.OfBody(rawBody);

    private static IdempotencyKey? Of(string? reference) =>
        reference is null ? null : CredentialReference.IsValid(reference) ? IdempotencyKey.OfReference(reference) : IdempotencyKey.OfLabel(reference);

    /// <summary>A structured-field string (<c>"abc"</c>, with <c>\"</c> and <c>\\</c> escapes) or a bare token.</summary>
    private static bool TryUnwrap(string raw, out string value)
    {
        value = raw.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            if (!TryUnquote(value, out value))
                return false;
        }
        else if (value.Any(c => c is <= ' ' or > '~' or '"' or ',' or ';' or '\\'))
        {
            return false;
        }

        return value.Length is > 0 and <= IdempotencyKey.MaxLength;
    }

    private static bool TryUnquote(string quoted, out string value)
    {
        value = "";
        var inner = new StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c == '\\')
            {
                if (++i >= quoted.Length - 1 || quoted[i] is not ('"' or '\\'))
                    return false;
                c = quoted[i];
            }
            else if (c == '"' || c < 0x20 || c > 0x7E)
            {
                return false;
            }

            inner.Append(c);
        }

        value = inner.ToString();
        return true;
    }
}

/// <summary>What is wrong with a request's keys: the header (field) to fix, and how.</summary>
internal sealed record KeyError(string Field, string Message);
