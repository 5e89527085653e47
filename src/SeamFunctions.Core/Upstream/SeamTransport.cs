using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace SeamFunctions.Upstream;

/// <summary>
/// How a Seam call travels: one POST straight to the pooled <see cref="SocketsHttpHandler"/> (no HttpClient
/// layers: its per-request token linking, default-header merging and response buffering were a third of the
/// adapter's allocations), under one time limit for the whole call — retries and reading the answer included — and
/// sent again only when the connection could not even be made. The answer is read into a pooled buffer, at most
/// <see cref="MaxAnswerBytes"/>. The handler keeps its own diagnostics: a listener (Application Insights) still gets
/// the outbound span and trace propagation, and nothing is spent on them when none listens.
/// </summary>
internal sealed class SeamTransport(HttpMessageInvoker handler, Uri baseAddress, TimeSpan timeout, TimeProvider time) : IDisposable
{
    public const int MaxAnswerBytes = 1024 * 1024;
    public const string RequestIdHeader = "seam-request-id";
    public const int MaxAttempts = 3;
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private const string UserAgent = "SeamFunctions/1.0";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly ConcurrentDictionary<string, Uri> _addresses = new(StringComparer.Ordinal);

    public Uri BaseAddress => baseAddress;

    /// <summary>
    /// Posts <paramref name="payload"/> and reads the whole answer, or says why there is none: the time limit passed
    /// (<see cref="SeamAnswer.TimedOut"/>), or Seam could not be reached or its answer not read whole
    /// (<see cref="SeamAnswer.Unreachable"/>). Only the caller going away throws.
    /// </summary>
    public async Task<SeamAnswer> PostAsync(string path, string authorization, byte[] payload, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var callerGone = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), deadline);
        var address = Address(path);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = Request(address, authorization, payload);
                using var response = await handler.SendAsync(request, deadline.Token);
                var status = (int)response.StatusCode;
                var retryAfter = status == 429 ? RetryAfterOf(response.Headers.RetryAfter, time.GetUtcNow()) : null;
                var (buffer, length) = await ReadBodyAsync(response.Content, deadline.Token);
                return new SeamAnswer(status, SeamRequestIdOf(response), retryAfter, buffer, length);
            }
            catch (HttpRequestException e) when (NeverReachedSeam(e) && attempt < MaxAttempts && !deadline.IsCancellationRequested)
            {
                await Task.Delay(RetryDelay(attempt), time, deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (HttpRequestException e)
            {
                return SeamAnswer.Unreachable(e.HttpRequestError, NeverReachedSeam(e));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                return SeamAnswer.TimedOut;
            }
        }
    }

    private static HttpRequestMessage Request(Uri address, string authorization, byte[] payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new ByteArrayContent(payload) { Headers = { ContentType = Json } } };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return request;
    }

    private static string? SeamRequestIdOf(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues(RequestIdHeader, out var ids) && ids.Count > 0 ? ids.ToString() : null;

    /// <summary>The connection (or its TLS handshake) failed: not one byte of the request was sent.</summary>
    internal static bool NeverReachedSeam(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError };

    /// <summary>200 ms, then 400 ms, each with up to a quarter more at random, so instances that lost Seam together do not return together.</summary>
    internal static TimeSpan RetryDelay(int attempt) =>
        FirstRetryDelay * Math.Pow(2, attempt - 1) * (1 + (Random.Shared.NextDouble() / 4));

    /// <summary>The whole body into a pooled buffer that grows as it arrives, refused beyond <see cref="MaxAnswerBytes"/>.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > MaxAnswerBytes)
                    throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, $"Seam's answer is longer than {MaxAnswerBytes} bytes.");
                if (length == buffer.Length)
                    buffer = Grow(buffer, length);
            }

            return (buffer, length);
        }
        catch (Exception e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (e is OperationCanceledException or HttpRequestException)
                throw;
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "Seam's answer ended before it was complete.", e);
        }
    }

    private static byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>Seam's <c>Retry-After</c> as a wait from <paramref name="now"/>, whether it came as seconds or as an HTTP date (a date past: no wait).</summary>
    internal static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Each operation's absolute address, made once (resolving a relative one against the base on every call costs a parse).</summary>
    private Uri Address(string path) => _addresses.GetOrAdd(path, static (p, root) => new Uri(root, p), baseAddress);

    public void Dispose() => handler.Dispose();
}

/// <summary>
/// Seam's answer: status, its request id, Retry-After on a 429, and the body in a pooled buffer until disposed; or,
/// with <see cref="Status"/> 0, why there is none. A class, so every holder disposes the one buffer once at most:
/// a second <see cref="Dispose"/> (or a read after the first) finds it gone instead of handing it to the pool twice.
/// </summary>
internal sealed class SeamAnswer(int status, string? seamRequestId, TimeSpan? retryAfter, byte[]? buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;
    private readonly bool _hadBody = buffer is not null;

    public static readonly SeamAnswer TimedOut = new(0, null, null, null, 0) { DidTimeOut = true };

    public static SeamAnswer Unreachable(HttpRequestError error, bool neverReachedSeam) =>
        new(0, null, null, null, 0) { Error = error, NeverReachedSeam = neverReachedSeam };

    public int Status => status;

    public string? SeamRequestId => seamRequestId;

    public TimeSpan? RetryAfter => retryAfter;

    /// <summary>The body; empty when there was none (no answer); read only before <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Body => Volatile.Read(ref _buffer) is { } held ? held.AsSpan(0, length)
        : _hadBody ? throw new ObjectDisposedException(nameof(SeamAnswer)) : default;

    /// <summary>The time limit passed before the whole answer was read; Seam may have acted.</summary>
    public bool DidTimeOut { get; private init; }

    /// <summary>Why Seam could not be reached or its answer not read whole (when <see cref="Status"/> is 0 and it did not time out).</summary>
    public HttpRequestError Error { get; private init; }

    /// <summary>Not one byte of the request was sent: Seam surely did not act.</summary>
    public bool NeverReachedSeam { get; private init; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } held)
            ArrayPool<byte>.Shared.Return(held);
    }
}
