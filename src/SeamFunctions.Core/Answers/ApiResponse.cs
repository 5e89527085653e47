using System.Text.Json;

namespace SeamFunctions.Answers;

/// <summary>
/// A finished answer: status, content type and the serialized body. Kept as bytes so an answer can be
/// stored and replayed exactly as it was first sent.
/// </summary>
internal sealed class ApiResponse
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    private ApiResponse(int statusCode, string contentType, byte[] body, string? retryAfter, string? problemCode = null)
    {
        ProblemCode = problemCode;
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    /// <summary>The problem's machine code, for failures; null for successes.</summary>
    public string? ProblemCode { get; }
    public string ContentType { get; }
    public byte[] Body { get; }

    /// <summary>Value for the <c>Retry-After</c> header, when the caller should wait before retrying.</summary>
    public string? RetryAfter { get; }

    /// <summary>
    /// Where to poll a queued command (a 202): the route-relative path of its reference, <c>credentials/{reference}</c>;
    /// the writer makes it absolute for the request's host.
    /// </summary>
    public string? Location { get; private init; }

    /// <summary>True when this is a stored answer sent again for the same idempotency key.</summary>
    public bool Replayed { get; private init; }

    public ApiResponse AsReplay() => new(StatusCode, ContentType, Body, RetryAfter, ProblemCode) { Replayed = true, Location = Location };

    /// <summary>A command queued: 202, its reference to poll, and when to look.</summary>
    public static ApiResponse Queued(QueuedAnswer answer, int retryAfterSeconds) =>
        new(202, JsonContentType, JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJsonContext.Web.QueuedAnswer), Seconds(retryAfterSeconds))
        {
            Location = LocationOf(answer.Reference),
        };

    /// <summary>GET while the reference's command is queued: 202, the same Location, and when it runs next.</summary>
    public static ApiResponse StillQueued(QueuedStatusAnswer answer, int retryAfterSeconds) =>
        new(202, JsonContentType, JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJsonContext.Web.QueuedStatusAnswer), Seconds(retryAfterSeconds))
        {
            Location = LocationOf(answer.Reference),
        };

    private static string LocationOf(string reference) => "credentials/" + Uri.EscapeDataString(reference);

    private static string Seconds(int seconds) => Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A credential envelope: the 201 of a create, the 200 of PUT and GET by reference.</summary>
    public static ApiResponse Credential(CredentialEnvelope answer, int statusCode = 201) =>
        new(statusCode, JsonContentType, JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJsonContext.Web.CredentialEnvelope), null);

    public static ApiResponse Ignored(IgnoredAnswer answer) =>
        new(200, JsonContentType, JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJsonContext.Web.IgnoredAnswer), null);

    public static ApiResponse SeamEvent(SeamEventAnswer answer) =>
        new(200, JsonContentType, JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJsonContext.Web.SeamEventAnswer), null);

    public static ApiResponse Revoked(RevokedAnswer answer) =>
        new(200, JsonContentType, JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJsonContext.Web.RevokedAnswer), null);

    public static ApiResponse Problem(ProblemAnswer problem, string? retryAfter = null) =>
        new(problem.Status, ProblemContentType, JsonSerializer.SerializeToUtf8Bytes(problem, AnswerJsonContext.Web.ProblemAnswer), retryAfter, problem.Code);

    public static ApiResponse Stays(StaysAnswer answer) =>
        new(200, JsonContentType, JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJsonContext.Web.StaysAnswer), null);

    public static ApiResponse Replay(ReplayAnswer answer) =>
        new(200, JsonContentType, JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJsonContext.Web.ReplayAnswer), null);

    public static ApiResponse Health(bool healthy) =>
        new(healthy ? 200 : 503, JsonContentType,
            JsonSerializer.SerializeToUtf8Bytes(new HealthAnswer(healthy ? "ok" : "unavailable"), AnswerJsonContext.Web.HealthAnswer), null);

    /// <summary>A stored answer; a stored 202 of a queued command names its Location again.</summary>
    public static ApiResponse Restore(int statusCode, string contentType, byte[] body, string? retryAfter) =>
        new(statusCode, contentType, body, retryAfter) { Location = statusCode == 202 ? QueuedLocation(body) : null };

    private static string? QueuedLocation(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AnswerJsonContext.Web.QueuedAnswer)?.Reference is { } reference ? LocationOf(reference) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
