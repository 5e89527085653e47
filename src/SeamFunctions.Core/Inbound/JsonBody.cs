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
    /// Returns false as soon as more than the limit has arrived. The pipe grows only as the body does: asking it
    /// for the limit up front (ReadAtLeastAsync) would make it allocate 64 KiB for every small request.
    /// </summary>
    public static async Task<(bool Fits, T Result)> ReadAsync<T>(PipeReader reader, Func<ReadOnlySequence<byte>, T> use, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return (false, default!);
            }

            if (read.IsCompleted)
            {
                try
                {
                    return (true, use(buffer));
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End); // nothing consumed yet: wait for more
        }
    }
}
