using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SeamFunctions.Answers;

namespace SeamFunctions.Inbound;

/// <summary>The checks before parsing: JSON content type, and no more than <see cref="MaxBytes"/> of body.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The refusal for a request that is not JSON, or announces too large a body; null when it may be read.</summary>
    public static Outcome.Failed? CheckHeaders(HttpRequest request, string requestId)
    {
        if (!IsUtf8Json(request.ContentType))
            return Problems.UnsupportedMediaType(requestId);
        return request.ContentLength > MaxBytes ? Problems.PayloadTooLarge(requestId, MaxBytes) : null;
    }

    /// <summary>
    /// <c>application/json</c> or a <c>+json</c> type, in UTF-8 if a charset is named. What nearly every caller sends is
    /// recognised without parsing the header.
    /// </summary>
    private static bool IsUtf8Json(string? contentType) =>
        string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
        || string.Equals(contentType, "application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase)
        || (MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            && (!mediaType.Charset.HasValue || HeaderUtilities.RemoveQuotes(mediaType.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Reads the whole body (at most <see cref="MaxBytes"/>) and keeps it in the pipe, uncopied, until the
    /// <see cref="Body"/> is disposed. Stops as soon as more than the limit has arrived. The pipe grows only as the
    /// body does: asking it for the limit up front (ReadAtLeastAsync) would make it allocate 64 KiB for every
    /// small request.
    /// </summary>
    public static async ValueTask<Body> ReadAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException)
            {
                // The sender closed the connection before the body it announced was complete.
                return new Body(null, default, truncated: true);
            }

            var buffer = read.Buffer;
            if (buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return new Body(null, default, truncated: false);
            }

            if (read.IsCompleted)
                return new Body(reader, buffer, truncated: false);

            reader.AdvanceTo(buffer.Start, buffer.End); // nothing consumed yet: wait for more
        }
    }

    /// <summary>The refusal for a body that could not be read whole; null when <paramref name="body"/> is complete.</summary>
    public static Outcome.Failed? Refusal(in Body body, string requestId) =>
        body.Truncated ? Problems.InvalidJson(requestId, "The body ended before the length it announced (Content-Length); send it whole.")
        : body.Complete ? null
        : Problems.PayloadTooLarge(requestId, MaxBytes);

    /// <summary>The request body as received, held in the pipe until disposed.</summary>
    public readonly struct Body(PipeReader? reader, ReadOnlySequence<byte> bytes, bool truncated) : IDisposable
    {
        /// <summary>False when the body was larger than <see cref="MaxBytes"/> or cut short (then nothing was kept).</summary>
        public bool Complete => reader is not null;

        /// <summary>The connection ended before the announced body did.</summary>
        public bool Truncated => truncated;

        public ReadOnlySequence<byte> Bytes => bytes;

        public void Dispose() => reader?.AdvanceTo(bytes.End);
    }
}
