using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using SeamFunctions.Idempotency;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Idempotency;

/// <summary>Both stores keep the promises the exactly-once logic relies on: atomic insert, conditional change.</summary>
[Collection(UsesAzurite.Name)]
public sealed class IdempotencyStoreTests(Azurite azurite)
{
    public static TheoryData<string> Stores => new() { "azure-table", "memory" };

    private IIdempotencyStore Create(string store) => store == "memory"
        ? new InMemoryIdempotencyStore(NullLogger<InMemoryIdempotencyStore>.Instance)
        : new TableIdempotencyStore(new TableServiceClient(azurite.ConnectionString).GetTableClient("T" + Guid.NewGuid().ToString("N")));

    private static IdempotencyRecord Record(string key) => new()
    {
        Scope = "key-0123456789abcdef",
        KeyHash = key,
        Fingerprint = "f1",
        State = IdempotencyState.InFlight,
        AttemptStartedAt = DateTimeOffset.UnixEpoch,
        LastAttemptAt = DateTimeOffset.UnixEpoch,
        LeaseUntil = DateTimeOffset.UnixEpoch.AddMinutes(1),
        ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(1),
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task OnlyOneOfManyConcurrentInsertsOfAKeyWins(string kind)
    {
        var store = Create(kind);

        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.TryInsertAsync(Record("k1"), default)));

        Assert.Equal(1, wins.Count(w => w));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AReplaceBasedOnAStaleReadFails(string kind)
    {
        var store = Create(kind);
        await store.TryInsertAsync(Record("k2"), default);
        var first = (await store.GetAsync("key-0123456789abcdef", "k2", default))!;
        var second = (await store.GetAsync("key-0123456789abcdef", "k2", default))!;

        first.State = IdempotencyState.Done;
        first.Status = 201;
        first.ContentType = "application/json";
        first.Body = [1, 2, 3];
        Assert.True(await store.TryReplaceAsync(first, default));
        second.State = IdempotencyState.Unknown;
        Assert.False(await store.TryReplaceAsync(second, default));
        Assert.False(await store.TryDeleteAsync(second, default));

        var stored = (await store.GetAsync("key-0123456789abcdef", "k2", default))!;
        Assert.Equal(IdempotencyState.Done, stored.State);
        Assert.Equal([1, 2, 3], stored.Body);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), stored.ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task PurgingRemovesOnlyExpiredRecords(string kind)
    {
        var store = Create(kind);
        var now = DateTimeOffset.UnixEpoch.AddDays(2);
        foreach (var (key, expires) in new[] { ("old-1", now.AddHours(-2)), ("old-2", now.AddSeconds(-1)), ("live", now.AddHours(1)) })
        {
            var record = Record(key);
            record.ExpiresAt = expires;
            Assert.True(await store.TryInsertAsync(record, default));
        }

        Assert.Equal(2, await store.PurgeExpiredAsync(now, default));
        Assert.Null(await store.GetAsync("key-0123456789abcdef", "old-1", default));
        Assert.Null(await store.GetAsync("key-0123456789abcdef", "old-2", default));
        Assert.NotNull(await store.GetAsync("key-0123456789abcdef", "live", default));
        Assert.Equal(0, await store.PurgeExpiredAsync(now, default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ADeletedKeyCanBeClaimedAgain(string kind)
    {
        var store = Create(kind);
        var record = Record("k3");
        await store.TryInsertAsync(record, default);

        Assert.True(await store.TryDeleteAsync(record, default));
        Assert.Null(await store.GetAsync(record.Scope, "k3", default));
        Assert.True(await store.TryInsertAsync(Record("k3"), default));
    }
}
