using System.Net;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.EndToEnd;

/// <summary>The key read through the real SecretClient (stub transport), end to end.</summary>
public sealed class KeyVaultEndToEndTests
{
    [Fact]
    public async Task ARotatedKeyIsPickedUpWhenSeamRefusesTheOldOne()
    {
        using var vault = new StubKeyVault { SecretValue = FakeSeamSeed.ApiKey };
        await using var adapter = await Adapter.StartAsync(vault: vault);
        using (var first = await adapter.PostAsync(Adapter.ValidRequest()))
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // The operator rotates: Seam accepts only the new key, the vault holds it.
        adapter.Seam.State.ApiKeys.Clear();
        adapter.Seam.State.ApiKeys["seam_rotated_key"] = FakeSeamSeed.WorkspaceId;
        vault.SecretValue = "seam_rotated_key";

        using var second = await adapter.PostAsync(Adapter.ValidRequest("5555"));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, vault.Reads);
        Assert.Equal(3, adapter.Seam.State.CreateRequests); // ok, refused, ok
        Assert.Equal(2, adapter.Seam.State.Credentials.Count);
    }

    [Fact]
    public async Task AKeySeamStillRefusesAfterTheRereadIs502AndSentOnlyOnce()
    {
        using var vault = new StubKeyVault { SecretValue = "seam_revoked_key" };
        await using var adapter = await Adapter.StartAsync(vault: vault);

        using var response = await adapter.PostAsync(Adapter.ValidRequest());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_auth_failed", (string?)(await Adapter.ReadJsonAsync(response))["code"]);
        Assert.Equal(2, vault.Reads);
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AnUnreadableVaultWithNoCachedKeyIs503AndSeamIsNotCalled()
    {
        using var vault = new StubKeyVault { FailWith = HttpStatusCode.Forbidden };
        await using var adapter = await Adapter.StartAsync(vault: vault);

        using var response = await adapter.PostAsync(Adapter.ValidRequest());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await Adapter.ReadJsonAsync(response);
        Assert.Equal("secret_unavailable", (string?)body["code"]);
        Assert.True((bool)body["retryable"]!);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }
}
