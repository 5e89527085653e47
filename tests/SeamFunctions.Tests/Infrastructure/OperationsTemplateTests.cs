using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Infrastructure;

/// <summary>
/// The compiled template (artifacts/infra/main.json, built from infra/main.bicep by tests/run.sh) deploys the
/// operations with the app: one log alert rule per query file in infra/alerts on the app's Application Insights,
/// the e-mail action group wired to every rule (none without <c>alertEmail</c>, the rules still there), the workbook
/// with a panel per query file in infra/workbook, and the always-ready parameter of the HTTP group.
/// </summary>
public sealed partial class OperationsTemplateTests
{
    private static readonly JsonObject Template = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "artifacts", "infra", "main.json")))!.AsObject();

    private static JsonObject Monitoring => Template["resources"]!.AsArray().Select(r => r!.AsObject())
        .Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == "monitoring");

    private static JsonObject Module => Monitoring["properties"]!["template"]!.AsObject();

    private static JsonObject Resource(string type) => Module["resources"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string?)r["type"] == type);

    /// <summary>A template variable's value, following <c>[variables('$fxv#n')]</c> to the file text loadTextContent put there.</summary>
    private static string Text(JsonNode? expression) =>
        VariableReference().Match((string)expression!) is { Success: true } match ? (string)Module["variables"]![match.Groups[1].Value]! : (string)expression!;

    private static IEnumerable<(string Name, string Text)> QueryFiles(string folder) =>
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "infra", folder), "*.kql").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f)));

    [Fact]
    public void EveryAlertQueryFileIsOneRuleOnTheAppsInsightsWithItsSeverityAndWindow()
    {
        var rules = Module["variables"]!["rules"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var resource = Resource("Microsoft.Insights/scheduledQueryRules");
        var criteria = resource["properties"]!["criteria"]!["allOf"]![0]!;

        Assert.Equal(QueryFiles("alerts").Select(f => f.Name).Order(StringComparer.Ordinal), rules.Select(r => (string)r["name"]!).Order(StringComparer.Ordinal));
        foreach (var (name, text) in QueryFiles("alerts"))
        {
            var rule = rules.Single(r => (string?)r["name"] == name);
            Assert.Equal(text, Text(rule["query"]));
            Assert.InRange((int)rule["severity"]!, 0, 2);
            Assert.Matches("^PT(5|15)M$", (string?)rule["frequency"]);
        }

        Assert.Equal("[length(variables('rules'))]", (string?)resource["copy"]!["count"]);
        Assert.Equal("LogAlert", (string?)resource["kind"]);
        Assert.Equal("[variables('rules')[copyIndex()].query]", (string?)criteria["query"]);
        Assert.Equal(("Count", "GreaterThan"), ((string?)criteria["timeAggregation"], (string?)criteria["operator"]));
        Assert.Equal("[parameters('insightsId')]", (string?)resource["properties"]!["scopes"]![0]);
        Assert.StartsWith("[resourceId('Microsoft.Insights/components'", (string?)Monitoring["properties"]!["parameters"]!["insightsId"]!["value"], StringComparison.Ordinal);
    }

    [Fact]
    public void TheActionGroupEmailsAlertEmailOnlyWhenGivenAndEveryRuleUsesIt()
    {
        var group = Resource("Microsoft.Insights/actionGroups");
        var rules = Resource("Microsoft.Insights/scheduledQueryRules");

        Assert.Equal("[not(empty(parameters('alertEmail')))]", (string?)group["condition"]);
        Assert.Equal("[parameters('alertEmail')]", (string?)group["properties"]!["emailReceivers"]![0]!["emailAddress"]);
        Assert.Null(rules["condition"]); // deployed with or without an e-mail
        Assert.Contains("empty(parameters('alertEmail'))", (string?)rules["properties"]!["actions"]!["actionGroups"], StringComparison.Ordinal);
        Assert.Contains("Microsoft.Insights/actionGroups", (string?)rules["properties"]!["actions"]!["actionGroups"], StringComparison.Ordinal);
        Assert.Equal("", (string?)Template["parameters"]!["alertEmail"]!["defaultValue"]);
        Assert.Equal("[parameters('alertEmail')]", (string?)Monitoring["properties"]!["parameters"]!["alertEmail"]!["value"]);
    }

    [Fact]
    public void TheWorkbookHasAPanelForEveryWorkbookQueryFileOverTheAppsInsights()
    {
        var workbook = Resource("Microsoft.Insights/workbooks");
        var panels = Module["variables"]!["panels"]!.AsArray().Select(p => Text(p!["query"])).ToList();

        Assert.Equal("shared", (string?)workbook["kind"]);
        Assert.Equal("[parameters('insightsId')]", (string?)workbook["properties"]!["sourceId"]);
        Assert.Contains("workbookItems", (string?)workbook["properties"]!["serializedData"], StringComparison.Ordinal);
        Assert.Equal(QueryFiles("workbook").Select(f => f.Text).Order(StringComparer.Ordinal), panels.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AlwaysReadyInstancesOfTheHttpGroupAreAParameterThatDefaultsToNone()
    {
        var app = Template["resources"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string?)r["type"] == "Microsoft.Web/sites");
        var alwaysReady = (string?)app["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"];

        Assert.Equal(0, (int)Template["parameters"]!["httpAlwaysReady"]!["defaultValue"]!);
        Assert.Contains("parameters('httpAlwaysReady')", alwaysReady, StringComparison.Ordinal);
        Assert.Contains("'name', 'http'", alwaysReady, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\[variables\('(\$fxv#\d+)'\)\]$")]
    private static partial Regex VariableReference();
}
