using System.Buffers;
using SeamFunctions.Answers;

namespace SeamFunctions.Webhooks;

/// <summary>
/// What <see cref="WebhookVerifier"/> made of a delivery: the payload to parse (mapped to our fields) with the
/// signed id that names the delivery, or the refusal to answer instead.
/// </summary>
internal sealed class VerifiedDelivery
{
    private VerifiedDelivery(WebhookSource? source, ReadOnlySequence<byte> payload, string? signedId, ApiResponse? refusal, string? eventValue = null)
    {
        Source = source;
        Payload = payload;
        SignedId = signedId;
        Refusal = refusal;
        Event = eventValue;
        Action = source?.Events?.For(eventValue) ?? DeliveryAction.Create;
    }

    /// <summary>The mapped event's value, when the source maps one.</summary>
    public string? Event { get; }

    /// <summary>What the delivery asks for: by the source's <c>Events</c>, or create.</summary>
    public DeliveryAction Action { get; }

    public WebhookSource? Source { get; }

    /// <summary>The body our parser reads: the sender's bytes, or what the source's field map made of them.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>The delivery's id, when the scheme signs one (<c>webhook-id</c> of Standard Webhooks).</summary>
    public string? SignedId { get; }

    public ApiResponse? Refusal { get; }

    public static VerifiedDelivery Accepted(WebhookSource source, ReadOnlySequence<byte> payload, string? signedId, string? eventValue) =>
        new(source, payload, signedId, null, eventValue);

    public static VerifiedDelivery Refused(ApiResponse refusal) => new(null, default, null, refusal);
}
