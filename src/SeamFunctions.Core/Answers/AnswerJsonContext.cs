using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary>Our own answers: snake_case like Seam's, with nulls written so every success has the same keys.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(CredentialEnvelope))]
[JsonSerializable(typeof(RevokedAnswer))]
[JsonSerializable(typeof(ReadinessAnswer))]
[JsonSerializable(typeof(IgnoredAnswer))]
[JsonSerializable(typeof(SeamEventAnswer))]
[JsonSerializable(typeof(AccessAnswer))]
[JsonSerializable(typeof(LastEventAnswer))]
[JsonSerializable(typeof(ProblemAnswer))]
[JsonSerializable(typeof(HealthAnswer))]
[JsonSerializable(typeof(QueuedAnswer))]
[JsonSerializable(typeof(QueuedStatusAnswer))]
[JsonSerializable(typeof(StaysAnswer))]
[JsonSerializable(typeof(ReplayAnswer))]
internal sealed partial class AnswerJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context answers are written with: like <see cref="JsonSerializerContext"/>'s default, but quotes and
    /// non-ASCII letters stay readable ("0123" rather than \u00220123\u0022). Answers are JSON, never HTML.
    /// </summary>
    public static AnswerJsonContext Web => WebHolder.Instance;

    // A holder, so the generated Default exists before this is built (partial static initializers have no order).
    private static class WebHolder
    {
        public static readonly AnswerJsonContext Instance = new(new JsonSerializerOptions(Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
