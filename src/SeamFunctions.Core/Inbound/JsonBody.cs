using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SeamFunctions.Inbound;

/// <summary>The checks before parsing: JSON content type, and no more than <see cref="MaxBytes"/> of body.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public enum Refusal
    {
        None,
        NotJson,
        TooLarge,
    }

    public static Refusal CheckHeaders(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            || (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return Refusal.NotJson;
        }

        return request.ContentLength > MaxBytes ? Refusal.TooLarge : Refusal.None;
    }

    /// <summary>
    /// Reads the whole body (at most <see cref="MaxBytes"/>) and hands it to <paramref name="use"/> without copying.
    /// Returns false, having read no more than one byte past the limit, when the body is larger.
    /// </summary>
    public static async Task<(bool Fits, T Result)> ReadAsync<T>(PipeReader reader, Func<ReadOnlySequence<byte>, T> use, CancellationToken cancellationToken)
    {
        var read = await reader.ReadAtLeastAsync(MaxBytes + 1, cancellationToken);
        try
        {
            return read.Buffer.Length > MaxBytes ? (false, default!) : (true, use(read.Buffer));
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }
}
