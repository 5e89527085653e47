using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Secrets;
using SeamFunctions.Configuration;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Secrets;

/// <summary>The key cache over the real <c>SecretClient</c>, talking to a stub vault transport.</summary>
public sealed class SecretCacheTests : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromHours(1);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(15);

    private readonly StubKeyVault _vault = new() { SecretValue = "seam_key_v1" };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly SecretCache _cache;

    public SecretCacheTests()
    {
        var source = new KeyVaultSecretSource(_vault.Client(), SeamOptions.DefaultApiKeySecretName);
        var options = Options.Create(new KeyVaultOptions
        {
            Uri = StubKeyVault.VaultUri.ToString(),
            CacheTtl = Ttl,
            MaxStaleness = MaxStaleness,
            RetryAfterFailure = RetryAfterFailure,
        });
        _cache = new SecretCache(source, options, _time, NullLogger<SecretCache>.Instance);
    }

    [Fact]
    public async Task KeyIsReadOnceAndServedFromMemoryUntilTheTtlEnds()
    {
        for (var i = 0; i < 5; i++)
            Assert.Equal("seam_key_v1", await _cache.GetAsync(default));
        Assert.Equal(1, _vault.Reads);

        _vault.SecretValue = "seam_key_v2";
        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Equal("seam_key_v1", await _cache.GetAsync(default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("seam_key_v2", await _cache.GetAsync(default));
        Assert.Equal(2, _vault.Reads);
    }

    [Fact]
    public async Task SixtyFourRequestsArrivingTogetherShareOneVaultRead()
    {
        _vault.Latency = TimeSpan.FromMilliseconds(200);

        var keys = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => _cache.GetAsync(default).AsTask())));

        Assert.All(keys, key => Assert.Equal("seam_key_v1", key));
        Assert.Equal(1, _vault.Reads);
    }

    [Fact]
    public async Task WhenTheVaultFailsTheLastGoodKeyIsServedForABoundedTime()
    {
        await _cache.GetAsync(default);
        _vault.FailWith = HttpStatusCode.InternalServerError;

        _time.Advance(Ttl + TimeSpan.FromMinutes(1));
        Assert.Equal("seam_key_v1", await _cache.GetAsync(default));

        _time.Advance(MaxStaleness);
        await Assert.ThrowsAsync<SecretUnavailableException>(() => _cache.GetAsync(default).AsTask());
    }

    [Fact]
    public async Task ForbiddenVaultWithNoCachedKeyIsSecretUnavailable()
    {
        _vault.FailWith = HttpStatusCode.Forbidden;

        var error = await Assert.ThrowsAsync<SecretUnavailableException>(() => _cache.GetAsync(default).AsTask());

        Assert.DoesNotContain("seam_key", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingVaultIsNotAskedAgainByEveryWaitingRequest()
    {
        _vault.FailWith = HttpStatusCode.ServiceUnavailable;

        for (var i = 0; i < 10; i++)
            await Assert.ThrowsAsync<SecretUnavailableException>(() => _cache.GetAsync(default).AsTask());
        Assert.Equal(1, _vault.Reads);

        _vault.FailWith = null;
        _time.Advance(RetryAfterFailure);
        Assert.Equal("seam_key_v1", await _cache.GetAsync(default));
        Assert.Equal(2, _vault.Reads);
    }

    [Fact]
    public async Task AKeySeamRefusedIsReadAgainOnceAndTheNewOneServed()
    {
        var refused = await _cache.GetAsync(default);
        _vault.SecretValue = "seam_key_rotated";

        Assert.Equal("seam_key_rotated", await _cache.ReloadAfterRejectionAsync(refused, default));
        // A second request that was refused with the old key gets the new one without another read.
        Assert.Equal("seam_key_rotated", await _cache.ReloadAfterRejectionAsync(refused, default));
        Assert.Equal("seam_key_rotated", await _cache.GetAsync(default));
        Assert.Equal(2, _vault.Reads);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _vault.Dispose();
    }
}
