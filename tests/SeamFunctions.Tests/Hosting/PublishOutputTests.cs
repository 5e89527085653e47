using System.Diagnostics;
using System.Text.Json.Nodes;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Hosting;

/// <summary>
/// What <c>dotnet publish</c> of the function app hands to Azure (tests/run.sh publishes it to
/// artifacts/publish before the tests; run alone, the test publishes it itself).
/// </summary>
public sealed class PublishOutputTests
{
    private static readonly Lazy<string> Output = new(Publish);

    private static string Publish()
    {
        var output = Path.Combine(RepositoryRoot.Path, "artifacts", "publish", "SeamFunctions.FunctionApp");
        if (File.Exists(Path.Combine(output, "functions.metadata")))
            return output;

        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", "src/SeamFunctions.FunctionApp", "-c", "Release", "-o", output])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = publish.StandardOutput.ReadToEndAsync();
        publish.StandardError.ReadToEnd();
        publish.WaitForExit();
        Assert.True(publish.ExitCode == 0, "dotnet publish failed:\n" + log.Result);
        return output;
    }

    private static JsonNode Read(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Output.Value, file)))!;

    [Fact]
    public void EveryFunctionIsDescribedWithItsRouteAndAuthLevel()
    {
        var functions = Read("functions.metadata").AsArray().ToDictionary(f => (string)f!["name"]!, f => f!["bindings"]!.AsArray());
        string Describe(string name) => string.Join(" ", functions[name]
            .Where(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal))
            .Select(b => $"{b!["type"]} {b["route"] ?? b["schedule"] ?? b["queueName"]} {b["authLevel"]} {string.Join(",", b["methods"]?.AsArray().Select(m => (string?)m) ?? [])}".TrimEnd()));

        Assert.Equal(
            [
                "Board: httpTrigger board Function get",
                "Commands: queueTrigger seam-commands",
                "CreateCredential: httpTrigger credentials Function post",
                "CreateCredentialFromSource: httpTrigger sources/{source}/credentials Anonymous post",
                "GetCredential: httpTrigger credentials/{reference} Function get",
                "Health: httpTrigger health Anonymous get",
                "ListStays: httpTrigger stays Function get",
                "Notifications: queueTrigger seam-notifications",
                "OpenApi: httpTrigger openapi.json Anonymous get",
                "PollPendingAccess: timerTrigger 0 * * * * *",
                "PurgeExpiredRecords: timerTrigger 0 17 3 * * *",
                "PutCredential: httpTrigger credentials/{reference} Function put",
                "RedriveQueuedCommands: timerTrigger 30 * * * * *",
                "ReplayPoisoned: httpTrigger maintenance/replay Admin post",
                "RevokeCredential: httpTrigger credentials/{reference} Function delete",
                "SeamEvents: httpTrigger seam/events Anonymous post",
            ],
            functions.Keys.Order(StringComparer.Ordinal).Select(name => $"{name}: {Describe(name)}"));
    }

    [Fact]
    public void TheRepositoryHostJsonShipsAsIs() =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json"))), Read("host.json")));

    [Fact]
    public void TheWorkerAndItsExtensionsAreDescribed()
    {
        Assert.Equal("dotnet-isolated", (string?)Read("worker.config.json")["description"]!["language"]);
        Assert.Equal("SeamFunctions.FunctionApp.dll", (string?)Read("worker.config.json")["description"]!["defaultWorkerPath"]);
        Assert.True(File.Exists(Path.Combine(Output.Value, "SeamFunctions.FunctionApp.dll")));
        Assert.NotEmpty(Read("extensions.json")["extensions"]!.AsArray());
        Assert.True(File.Exists(Path.Combine(Output.Value, ".azurefunctions", "function.deps.json")));
    }

    [Fact]
    public void NoLocalSettingsAreShipped() =>
        Assert.Empty(Directory.GetFiles(Output.Value, "local.settings*.json", SearchOption.AllDirectories));
}
