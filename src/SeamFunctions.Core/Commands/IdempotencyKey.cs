using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using SeamFunctions.Lifecycle;

namespace SeamFunctions.Commands;

/// <summary>
/// A command's exactly-once key, as <see cref="KeyPolicy"/> chose it. The key itself is never stored or logged:
/// only its SHA-256. A key that is a path-valid reference names the credential for its whole stay
/// (<see cref="Reference"/>): its record, not an idempotency record, makes the command exactly-once.
/// </summary>
internal sealed class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string WebhookIdHeader = "webhook-id";
    public const int MaxLength = 255;

    private IdempotencyKey(string hash, string source, string? reference = null)
    {
        Hash = hash;
        Source = source;
        Reference = reference;
    }

    /// <summary>Hex SHA-256 of the key: the table row key.</summary>
    public string Hash { get; }

    /// <summary>Where the key came from (header, reference, signed id, body), for logs.</summary>
    public string Source { get; }

    /// <summary>The reference this key names the credential by; null for keys that name one request only.</summary>
    public string? Reference { get; }

    /// <summary>A path-valid reference: the credential's handle for its whole stay.</summary>
    public static IdempotencyKey OfReference(string reference) => new(CredentialReference.Hash(reference), "reference", reference);

    /// <summary>A reference that cannot stand in a path: a key for this one request, not a handle.</summary>
    public static IdempotencyKey OfLabel(string reference) => new(Sha256(reference), "reference");

    public static IdempotencyKey OfHeader(string header, string value) => new(Sha256(value), header);

    public static IdempotencyKey OfSignedId(string signedId) => new(Sha256(signedId), "signed delivery id");

    /// <summary>The SHA-256 of a delivery's exact bytes, so that an identical resend replays.</summary>
    public static IdempotencyKey OfBody(ReadOnlySequence<byte> rawBody)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var segment in rawBody)
            hash.AppendData(segment.Span);
        return new IdempotencyKey("body-" + Convert.ToHexStringLower(hash.GetHashAndReset()), "body");
    }

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public override string ToString() => $"IdempotencyKey({Source})";
}
