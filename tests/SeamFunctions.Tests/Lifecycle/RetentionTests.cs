using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Idempotency;
using SeamFunctions.Lifecycle;
using SeamFunctions.Storage;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Lifecycle;

/// <summary>The daily purge removes a record after its credential's end (or revoke) plus the retention, and never one that may be live.</summary>
[Collection(UsesAzurite.Name)]
public sealed class RetentionTests(Azurite azurite)
{
    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task RecordsLiveUntilTheEndOrRevokePlusTheRetentionAndLiveCredentialsForever(string store)
    {
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
            ["Lifecycle:Retention"] = "30.00:00:00",
        });
        var now = DateTimeOffset.UtcNow;
        var ends = now.AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var (ending, open, revoked) = ("stay-" + Guid.NewGuid().ToString("N")[..8], "open-" + Guid.NewGuid().ToString("N")[..8], "gone-" + Guid.NewGuid().ToString("N")[..8]);
        var withEnd = Adapter.ValidRequest("1111");
        withEnd["ends_at"] = ends;
        Assert.Equal(HttpStatusCode.Created, (await adapter.PutAsync(ending, withEnd)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await adapter.PutAsync(open, Adapter.ValidRequest("2222"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await adapter.PutAsync(revoked, Adapter.ValidRequest("3333"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adapter.Http.DeleteAsync($"api/credentials/{revoked}")).StatusCode);

        await PurgeAtAsync(adapter, now.AddDays(29));
        Assert.Equal(HttpStatusCode.OK, (await adapter.Http.GetAsync($"api/credentials/{revoked}")).StatusCode);
        await PurgeAtAsync(adapter, now.AddDays(31));
        Assert.Equal(HttpStatusCode.NotFound, (await adapter.Http.GetAsync($"api/credentials/{revoked}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adapter.Http.GetAsync($"api/credentials/{ending}")).StatusCode);
        await PurgeAtAsync(adapter, now.AddDays(33));
        Assert.Equal(HttpStatusCode.NotFound, (await adapter.Http.GetAsync($"api/credentials/{ending}")).StatusCode);
        await PurgeAtAsync(adapter, now.AddYears(50));
        Assert.Equal(HttpStatusCode.OK, (await adapter.Http.GetAsync($"api/credentials/{open}")).StatusCode);
    }

    /// <summary>The daily purge as if it ran at <paramref name="at"/>, over the adapter's own stores.</summary>
    private static Task<int> PurgeAtAsync(Adapter adapter, DateTimeOffset at) =>
        new RecordJanitor(adapter.Services.GetRequiredService<IIdempotencyStore>(), adapter.Services.GetRequiredService<ICredentialRecordStore>(),
            new FakeTimeProvider(at), NullLogger<RecordJanitor>.Instance).PurgeAsync(CancellationToken.None);
}
