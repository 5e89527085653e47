using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary>Our own answers: snake_case like Seam's, with nulls written so every success has the same keys.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreatedAnswer))]
[JsonSerializable(typeof(ProblemAnswer))]
[JsonSerializable(typeof(HealthAnswer))]
internal sealed partial class AnswerJsonContext : JsonSerializerContext;
