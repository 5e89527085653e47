using System.Buffers;
using SeamFunctions.Answers;

namespace SeamFunctions.Webhooks;

/// <summary>
/// What <see cref="WebhookVerifier"/> made of a delivery: the payload to parse (mapped to our fields) with the
/// signed id that names the delivery, or the refusal to answer instead.
/// </summary>
internal sealed class VerifiedDelivery
{
    private VerifiedDelivery(WebhookSource? source, ReadOnlySequence<byte> payload, string? signedId, ApiResponse? refusal)
    {
        Source = source;
        Payload = payload;
        SignedId = signedId;
        Refusal = refusal;
    }

    public WebhookSource? Source { get; }

    /// <summary>The body our parser reads: the sender's bytes, or what the source's field map made of them.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>The delivery's id, when the scheme signs one (<c>webhook-id</c> of Standard Webhooks).</summary>
    public string? SignedId { get; }

    public ApiResponse? Refusal { get; }

    public static VerifiedDelivery Accepted(WebhookSource source, ReadOnlySequence<byte> payload, string? signedId) =>
        new(source, payload, signedId, null);

    public static VerifiedDelivery Refused(ApiResponse refusal) => new(null, default, null, refusal);
}
