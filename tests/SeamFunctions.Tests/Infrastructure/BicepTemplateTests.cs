using System.Reflection;
using System.Text.Json.Nodes;
using SeamFunctions.Configuration;
using SeamFunctions.Idempotency;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Infrastructure;

/// <summary>
/// The compiled ARM template (infra/main.bicep, built by tests/run.sh with the pinned Bicep CLI) holds the
/// security properties a review asks for, and sets exactly the settings the app reads.
/// </summary>
public sealed class BicepTemplateTests
{

    private static readonly JsonNode Template = Load();
    private static readonly JsonArray Resources = Template["resources"]!.AsArray();

    private static JsonNode Load()
    {
        var path = Path.Combine(RepositoryRoot.Path, "artifacts", "infra", "main.json");
        return File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path))!
            : throw new InvalidOperationException("artifacts/infra/main.json is missing: run `bash tests/run.sh`, which builds infra/main.bicep.");
    }

    /// <summary>The role definition GUID an assignment grants (the template names them in <c>variables.roles</c>).</summary>
    private static string RoleOf(JsonObject assignment)
    {
        var expression = (string)assignment["properties"]!["roleDefinitionId"]!;
        var name = System.Text.RegularExpressions.Regex.Match(expression, @"variables\('roles'\)\.(\w+)").Groups[1].Value;
        return (string)Template["variables"]!["roles"]![name]!;
    }

    private static JsonObject[] OfType(string type) =>
        [.. Resources.Select(r => r!.AsObject()).Where(r => (string?)r["type"] == type)];

    private static JsonObject Single(string type) => Assert.Single(OfType(type));

    private static JsonNode Props(string type) => Single(type)["properties"]!;

    [Fact]
    public void StorageAllowsNoSharedKeyNoPublicBlobsAndTls12Only()
    {
        var storage = Props("Microsoft.Storage/storageAccounts");

        Assert.False((bool)storage["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string?)storage["minimumTlsVersion"]);
        Assert.True((bool)storage["supportsHttpsTrafficOnly"]!);
    }

    [Fact]
    public void KeyVaultUsesRbacWithSoftDeleteAndPurgeProtection()
    {
        var vault = Props("Microsoft.KeyVault/vaults");

        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enableSoftDelete"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.Null(vault["accessPolicies"]);
    }

    [Fact]
    public void ApplicationInsightsAcceptsOnlyEntraIdTelemetry() =>
        Assert.True((bool)Props("Microsoft.Insights/components")["DisableLocalAuth"]!);

    [Fact]
    public void TheAppRunsDotnetIsolated10OnFlexConsumptionOverHttpsOnlyWithItsIdentity()
    {
        var plan = Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);

        var app = Single("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        var properties = app["properties"]!;
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);
        var config = properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Contains("'azd-service-name', 'api'", app["tags"]!.ToString(), StringComparison.Ordinal); // what azd deploys to
    }

    [Theory]
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults")] // Key Vault Secrets User
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts'")] // Storage Blob Data Owner
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "tableServices/tables")] // Storage Table Data Contributor: the table only
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")] // Monitoring Metrics Publisher
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts'")] // Storage Queue Data Contributor: the app's account only
    public void TheIdentityHoldsEachRoleOnItsNarrowScope(string roleId, string scopeContains)
    {
        var assignments = OfType("Microsoft.Authorization/roleAssignments").Where(a => RoleOf(a) == roleId).ToList();

        Assert.NotEmpty(assignments); // the table role twice: the idempotency table and the lifecycle table
        Assert.All(assignments, assignment =>
        {
            Assert.Contains(scopeContains, (string?)assignment["scope"], StringComparison.Ordinal);
            Assert.Contains("userAssignedIdentities", (string?)assignment["properties"]!["principalId"], StringComparison.Ordinal);
            Assert.StartsWith("[guid(", (string?)assignment["name"], StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        });
    }

    [Fact]
    public void OnlyTheseRolesAreGrantedAndTheDeployersIsOptional()
    {
        var assignments = OfType("Microsoft.Authorization/roleAssignments");

        Assert.Equal(7, assignments.Length);
        var deployer = Assert.Single(assignments, a => RoleOf(a) == "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"); // Key Vault Secrets Officer
        Assert.Contains("deployerPrincipalId", (string?)deployer["condition"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notificationsQueueName", SeamFunctions.Notifications.NotifyOptions.QueueName)]
    [InlineData("commandsQueueName", SeamFunctions.Intake.IntakeOptions.QueueName)]
    public void EachQueueAndItsPoisonQueueAreProvisioned(string variable, string queueName)
    {
        var names = OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => (string)q["name"]!)
            .Where(name => name.Contains($"variables('{variable}')", StringComparison.Ordinal)).ToList();

        Assert.Equal(queueName, (string?)Template["variables"]![variable]);
        Assert.Equal(2, names.Count);
        Assert.Single(names, name => name.Contains("'{0}-poison'", StringComparison.Ordinal)); // what the queue trigger moves a failing message to
    }

    private static JsonObject AppSettings() => Props("Microsoft.Web/sites/config").AsObject();

    [Fact]
    public void NoAppSettingHoldsASecret()
    {
        foreach (var (_, value) in AppSettings())
        {
            var text = value!.ToString();
            foreach (var secretLooking in new[] { "AccountKey=", "SharedAccessSignature", "sig=", "listKeys", "seam_", "Password", "InstrumentationKey=" })
                Assert.DoesNotContain(secretLooking, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Every setting the app's options read, in environment form (Section__Property).</summary>
    private static HashSet<string> SettingsTheAppReads()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (section, type) in new[] { (SeamOptions.Section, typeof(SeamOptions)), (KeyVaultOptions.Section, typeof(KeyVaultOptions)), (IdempotencyOptions.Section, typeof(IdempotencyOptions)), (SeamFunctions.Lifecycle.LifecycleOptions.Section, typeof(SeamFunctions.Lifecycle.LifecycleOptions)), (SeamFunctions.Notifications.NotifyOptions.Section, typeof(SeamFunctions.Notifications.NotifyOptions)) })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                names.Add($"{section}__{property.Name}");
        }

        names.Add(Storage.StorageAccount.AccountNameSetting.Replace(":", "__", StringComparison.Ordinal));
        names.Add(Storage.StorageAccount.TableServiceUriSetting.Replace(":", "__", StringComparison.Ordinal));
        names.Add(Storage.StorageAccount.QueueServiceUriSetting.Replace(":", "__", StringComparison.Ordinal));
        names.Add("AZURE_CLIENT_ID"); // which managed identity ServiceCollectionExtensions uses
        return names;
    }

    /// <summary>Read by the Functions host and platform, not by our code.</summary>
    private static readonly string[] HostSettings =
    [
        "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    [Fact]
    public void TheTemplateSetsOnlySettingsTheAppOrTheHostReads()
    {
        var known = SettingsTheAppReads();
        known.UnionWith(HostSettings);

        Assert.All(AppSettings().Select(s => s.Key), name => Assert.Contains(name, known));
    }

    [Fact]
    public void TheTemplateSetsEverySettingTheAppNeedsInAzure()
    {
        var set = AppSettings().Select(s => s.Key).ToHashSet();

        // KeyVault__Uri: without it start-up validation demands Seam__ApiKey, which must never be used in Azure.
        foreach (var required in new[] { "KeyVault__Uri", "Seam__ApiKeySecretName", "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__queueServiceUri", "AZURE_CLIENT_ID", "Notify__Url", "Notify__SecretName" })
            Assert.Contains(required, set);
        Assert.DoesNotContain("Seam__ApiKey", set);
        Assert.DoesNotContain("AzureWebJobsStorage", set);
    }
}
