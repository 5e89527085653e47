using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;

namespace SeamFunctions.Secrets;

/// <summary>
/// One secret (the Seam API key, a webhook source's secret) in memory. One read of the source per TTL however
/// many requests arrive together; the last good value keeps being served for a bounded time while the source
/// fails; a value the other side refused is read again once (rotation). The value never reaches a log or an
/// exception.
/// </summary>
internal sealed class SecretCache(
    ISecretSource source,
    IOptions<KeyVaultOptions> options,
    TimeProvider time,
    ILogger<SecretCache> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _current;
    private DateTimeOffset _noReadBefore = DateTimeOffset.MinValue;

    public ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var entry = _current;
        return entry is not null && time.GetUtcNow() - entry.ReadAt < options.Value.CacheTtl
            ? ValueTask.FromResult(entry.Value)
            : new ValueTask<string>(RefreshAsync(entry, force: false, cancellationToken));
    }

    /// <summary>
    /// <paramref name="refused"/> was refused: read the secret again, unless someone already has, or unless the
    /// value was read less than <paramref name="minimumAge"/> ago (then it is current, and whoever sends refused
    /// requests cannot make every one of them a vault read).
    /// </summary>
    public async ValueTask<string> ReloadAfterRejectionAsync(string refused, CancellationToken cancellationToken, TimeSpan? minimumAge = null)
    {
        var entry = _current;
        if (entry is not null && !string.Equals(entry.Value, refused, StringComparison.Ordinal))
            return entry.Value;
        if (entry is not null && minimumAge is { } age && time.GetUtcNow() - entry.ReadAt < age)
            return entry.Value;
        return await RefreshAsync(entry, force: true, cancellationToken);
    }

    private async Task<string> RefreshAsync(Entry? seen, bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var current = _current;
            if (current is not null && !ReferenceEquals(current, seen))
                return current.Value; // another request refreshed it while this one waited

            if (!force && now < _noReadBefore)
            {
                // The source failed a moment ago: don't hammer it, however many requests are waiting.
                return current is not null && IsServable(current, now)
                    ? current.Value
                    : throw new SecretUnavailableException($"Reading the secret from {source.Name} failed moments ago.");
            }

            return await ReadAsync(current, now, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the source (the gate held); on failure serves the last value while it may be served, and backs off.</summary>
    private async Task<string> ReadAsync(Entry? current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var value = await source.ReadAsync(cancellationToken);
            _current = new Entry(value, now);
            _noReadBefore = DateTimeOffset.MinValue;
            SecretLog.Read(logger, source.Name);
            return value;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _noReadBefore = now + options.Value.RetryAfterFailure;
            if (current is not null && IsServable(current, now))
            {
                SecretLog.ReadFailedServingStale(logger, source.Name, e.GetType().Name, (now - current.ReadAt).TotalSeconds);
                return current.Value;
            }

            SecretLog.ReadFailed(logger, source.Name, e.GetType().Name);
            throw new SecretUnavailableException($"The secret could not be read from {source.Name}.", e);
        }
    }

    private bool IsServable(Entry entry, DateTimeOffset now) =>
        now - entry.ReadAt < options.Value.CacheTtl + options.Value.MaxStaleness;

    public void Dispose() => _gate.Dispose();

    private sealed record Entry(string Value, DateTimeOffset ReadAt)
    {
        public override string ToString() => $"Entry(read at {ReadAt:O})";
    }
}
