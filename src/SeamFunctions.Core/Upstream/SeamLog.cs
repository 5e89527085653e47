using Microsoft.Extensions.Logging;

namespace SeamFunctions.Upstream;

/// <summary>Calls to Seam: statuses, Seam's request ids and timings; never the key, the body or the PIN.</summary>
internal static partial class SeamLog
{
    [LoggerMessage(EventId = 2000, EventName = "SeamAnswered", Level = LogLevel.Information,
        Message = "Seam answered {StatusCode} in {ElapsedMs:F1} ms (seam_request_id {SeamRequestId})")]
    public static partial void Answered(ILogger logger, int statusCode, string? seamRequestId, double elapsedMs);

    [LoggerMessage(EventId = 2001, EventName = "SeamTimedOut", Level = LogLevel.Warning,
        Message = "Seam did not answer within the time limit ({ElapsedMs:F0} ms)")]
    public static partial void TimedOut(ILogger logger, double elapsedMs);

    [LoggerMessage(EventId = 2002, EventName = "SeamUnreachable", Level = LogLevel.Warning,
        Message = "Seam could not be reached ({HttpRequestError}) after {ElapsedMs:F0} ms")]
    public static partial void Unreachable(ILogger logger, HttpRequestError httpRequestError, double elapsedMs);

    [LoggerMessage(EventId = 2003, EventName = "SeamAnswerUnreadable", Level = LogLevel.Warning,
        Message = "Seam's answer could not be read (seam_request_id {SeamRequestId})")]
    public static partial void AnswerUnreadable(ILogger logger, string? seamRequestId);

    [LoggerMessage(EventId = 2004, EventName = "SeamRejectedKey", Level = LogLevel.Warning,
        Message = "Seam refused the API key with {StatusCode} (seam_request_id {SeamRequestId}); re-read key differs: {KeyChanged}")]
    public static partial void RejectedKey(ILogger logger, int statusCode, string? seamRequestId, bool keyChanged);
}
