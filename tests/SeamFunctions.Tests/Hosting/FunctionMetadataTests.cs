using System.Text.Json.Nodes;

namespace SeamFunctions.Tests.Hosting;

/// <summary>What the Functions host will read from the build: the triggers as intended.</summary>
public sealed class FunctionMetadataTests
{
    private static readonly JsonArray Functions =
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();

    private static JsonObject TriggerOf(string function) =>
        Functions.Single(f => (string?)f!["name"] == function)!["bindings"]!.AsArray()
            .Single(b => (string?)b!["type"] == "httpTrigger")!.AsObject();

    [Fact]
    public void CreateCredentialIsAPostOnCredentialsBehindAFunctionKey()
    {
        var trigger = TriggerOf("CreateCredential");

        Assert.Equal("credentials", (string?)trigger["route"]);
        Assert.Equal(["post"], trigger["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("Function", (string?)trigger["authLevel"]);
    }

    [Fact]
    public void HealthIsAnAnonymousGet()
    {
        var trigger = TriggerOf("Health");

        Assert.Equal("health", (string?)trigger["route"]);
        Assert.Equal(["get"], trigger["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("Anonymous", (string?)trigger["authLevel"]);
    }

    [Fact]
    public void SourcesAreAnonymousPostsWhoseSignatureIsTheAuthentication()
    {
        var trigger = TriggerOf("CreateCredentialFromSource");

        Assert.Equal("sources/{source}/credentials", (string?)trigger["route"]);
        Assert.Equal(["post"], trigger["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("Anonymous", (string?)trigger["authLevel"]);
    }

    [Theory]
    [InlineData("PutCredential", "put")]
    [InlineData("RevokeCredential", "delete")]
    [InlineData("GetCredential", "get")]
    public void CredentialsByReferenceAreBehindAFunctionKey(string function, string method)
    {
        var trigger = TriggerOf(function);

        Assert.Equal("credentials/{reference}", (string?)trigger["route"]);
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("Function", (string?)trigger["authLevel"]);
    }

    [Fact]
    public void NotificationsAreSentFromTheirQueueWithTheAppsOwnStorage()
    {
        var trigger = Functions.Single(f => (string?)f!["name"] == "Notifications")!["bindings"]!.AsArray()
            .Single(b => (string?)b!["type"] == "queueTrigger")!;

        Assert.Equal("seam-notifications", (string?)trigger["queueName"]);
        Assert.Equal("AzureWebJobsStorage", (string?)trigger["connection"]);
    }

    [Fact]
    public void PendingAccessIsPolledFromATimerThatFiresEachMinute()
    {
        var trigger = Functions.Single(f => (string?)f!["name"] == "PollPendingAccess")!["bindings"]!.AsArray()
            .Single(b => (string?)b!["type"] == "timerTrigger")!;

        Assert.Equal("0 * * * * *", (string?)trigger["schedule"]);
    }

    [Fact]
    public void ExpiredIdempotencyRecordsArePurgedDaily()
    {
        var trigger = Functions.Single(f => (string?)f!["name"] == "PurgeExpiredRecords")!["bindings"]!.AsArray()
            .Single(b => (string?)b!["type"] == "timerTrigger")!;

        Assert.Equal("0 17 3 * * *", (string?)trigger["schedule"]);
    }

    [Fact]
    public void OnlyTheseFunctionsAreDeployed() =>
        Assert.Equal(["Board", "Commands", "CreateCredential", "CreateCredentialFromSource", "GetCredential", "Health", "ListStays", "Notifications", "OpenApi", "PollPendingAccess", "PurgeExpiredRecords", "PutCredential", "RedriveQueuedCommands", "ReplayPoisoned", "RevokeCredential", "SeamEvents"], Functions.Select(f => (string?)f!["name"]).Order(StringComparer.Ordinal));

    [Fact]
    public void HostJsonShipsWithTheBuildAndUsesTheApiPrefix()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;

        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
    }

    [Fact]
    public void TheQueueTriggerReadsMessagesAsTheAppWritesThemAndGivesUpOnAFailingOneAfterFiveTries()
    {
        var queues = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!["extensions"]!["queues"]!;
        Assert.Equal(Storage.StorageAccount.MessageEncoding.ToString(), (string?)queues["messageEncoding"], ignoreCase: true);
        Assert.Equal(5, (int)queues["maxDequeueCount"]!);
    }
}
