using System.Buffers;
using SeamFunctions.Answers;

namespace SeamFunctions.Webhooks;

/// <summary>
/// What <see cref="WebhookVerifier"/> made of a delivery: the payload to parse (mapped to our fields) with the
/// signed id that names the delivery, or the refusal to answer instead.
/// </summary>
internal sealed class VerifiedDelivery
{
    private VerifiedDelivery(WebhookSource? source, ReadOnlySequence<byte> payload, string? signedId, Outcome.Failed? refusal, string? eventValue = null)
    {
        Source = source;
        Payload = payload;
        SignedId = signedId;
        Refusal = refusal;
        Event = eventValue;
        Action = source?.Events?.For(eventValue) ?? DeliveryAction.Create;
    }

    /// <summary>The mapped event's value, when the source maps one: what <see cref="Action"/> was chosen by.</summary>
    public string? Event { get; }

    /// <summary>The event as it may be echoed and logged: its first line, at most <see cref="MaxShown"/> characters.</summary>
    public string? ShownEvent => Shown(Event);

    public const int MaxShown = 64;

    /// <summary>A sender's value made safe to echo or log: cut at the first control character and at <see cref="MaxShown"/>.</summary>
    public static string? Shown(string? value)
    {
        if (value is null)
            return null;
        var length = 0;
        while (length < value.Length && length < MaxShown && !char.IsControl(value[length]))
            length++;
        if (length == value.Length)
            return value;
        if (length > 0 && char.IsHighSurrogate(value[length - 1]))
            length--; // never half a character
        return string.Concat(value.AsSpan(0, length), "…");
    }

    /// <summary>What the delivery asks for: by the source's <c>Events</c>, or create.</summary>
    public DeliveryAction Action { get; }

    public WebhookSource? Source { get; }

    /// <summary>The body our parser reads: the sender's bytes, or what the source's field map made of them.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>The delivery's id, when the scheme signs one (<c>webhook-id</c> of Standard Webhooks).</summary>
    public string? SignedId { get; }

    public Outcome.Failed? Refusal { get; }

    public static VerifiedDelivery Accepted(WebhookSource source, ReadOnlySequence<byte> payload, string? signedId, string? eventValue) =>
        new(source, payload, signedId, null, eventValue);

    public static VerifiedDelivery Refused(Outcome.Failed refusal) => new(null, default, null, refusal);
}
