namespace SeamFunctions.Tests.Support;

/// <summary>Real Azurite (Table and Queue services, in memory) on 127.0.0.1, shared by the tests of one collection.</summary>
public sealed class Azurite : IAsyncLifetime
{
    private NodePeer _peer = null!;

    /// <summary>Azurite's well-known development account, on this instance's port.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"TableEndpoint=http://127.0.0.1:{_peer.Port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_peer.Announced["queue"]}/devstoreaccount1;";

    public async Task InitializeAsync() => _peer = await NodePeer.StartAsync("azurite-loopback.mjs");

    /// <summary>Empties <paramref name="queues"/> (creating them): what an earlier test left there is not the next one's.</summary>
    public async Task ClearQueuesAsync(params string[] queues)
    {
        foreach (var name in queues)
        {
            var queue = new Azure.Storage.Queues.QueueServiceClient(ConnectionString).GetQueueClient(name);
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }
    }

    public async Task DisposeAsync() => await _peer.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class UsesAzurite : ICollectionFixture<Azurite>
{
    public const string Name = "Azurite";
}
