using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SeamFunctions.DevServer;
using SeamFunctions.FunctionApp;
using SeamFunctions.Inbound;

namespace SeamFunctions.Tests.Hosting;

/// <summary>Bad settings stop the app at start-up with a message that names the setting, in both hosts.</summary>
public sealed class StartupValidationTests
{
    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["KeyVault:Uri"] = "",
            ["Seam:ApiKey"] = "",
            ["Seam:BaseUrl"] = "https://connect.getseam.com",
            // What the Functions host hands its worker at launch; nothing listens there.
            ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
            ["Functions:Worker:WorkerId"] = "test-worker",
            ["Functions:Worker:RequestId"] = "test-request",
            ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
        };
        foreach (var (key, value) in settings)
            all[key] = value;
        return all;
    }

    [Fact]
    public async Task TheFunctionAppRefusesToStartWithoutAnApiKeySource()
    {
        var builder = FunctionAppHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(Settings());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("KeyVault__Uri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InAzureTheKeyMayNotComeFromAnAppSetting()
    {
        var builder = FunctionAppHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(Settings(("Seam:ApiKey", "seam_key_in_a_setting"), ("WEBSITE_SITE_NAME", "func-seam-abc")));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("must come from Key Vault", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("seam_key_in_a_setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFunctionAppRefusesAPlainHttpVault()
    {
        var builder = FunctionAppHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(Settings(("KeyVault:Uri", "http://my-vault.vault.azure.net/")));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("KeyVault__Uri must be the vault's https URL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Seam:BaseUrl", "http://connect.getseam.com", "Seam__BaseUrl")]
    [InlineData("Seam:BaseUrl", "not a url", "Seam__BaseUrl")]
    [InlineData("Seam:Timeout", "00:10:00", "Seam__Timeout")]
    [InlineData("Seam:ApiKeySecretName", "seam_api_key!", "Seam__ApiKeySecretName")]
    public async Task TheDevServerRefusesToStartWithABadSetting(string key, string value, string named)
    {
        var settings = Settings((key, value), ("Seam:ApiKey", "k"));
        if (key == "Seam:ApiKeySecretName")
            settings["KeyVault:Uri"] = "https://my-vault.vault.azure.net/";
        await using var app = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALocalSeamWebhookSecretBesideAVaultStopsStartUp()
    {
        var settings = Settings(("KeyVault:Uri", "https://my-vault.vault.azure.net/"), ("Seam:WebhookSecret", "whsec_c2VhbS1ldmVudHMtc2lnbmluZy1zZWNyZXQ="));
        await using var app = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Seam__WebhookSecret is for local development only", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VhbS1ldmVudHMt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Webhooks:Sources:pms:Scheme", "hmac-md5", "Webhooks__Sources__pms__Scheme")]
    [InlineData("Webhooks:Sources:pms:Secret", "local-secret", "Webhooks__Sources__pms__Secret is for local development only")]
    [InlineData("Webhooks:Sources:pms:Map:pin", "$.door", "Webhooks__Sources__pms__Map")]
    [InlineData("Webhooks:Sources:pms:QueryParameter", "token", "Webhooks__Sources__pms__QueryParameter is for shared-token only")]
    [InlineData("Webhooks:Sources:pms:TimeZone", "Europe/Atlantis", "Webhooks__Sources__pms__TimeZone")]
    [InlineData("Webhooks:Sources:pms:CheckInTime", "3pm", "Webhooks__Sources__pms__CheckInTime")]
    public async Task AMisconfiguredWebhookSourceStopsStartUp(string key, string value, string named)
    {
        var settings = Settings(("KeyVault:Uri", "https://my-vault.vault.azure.net/"),
            ("Webhooks:Sources:pms:Scheme", "hmac-sha256"), ("Webhooks:Sources:pms:SecretName", "webhook-pms"), (key, value));
        await using var app = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000=5b1f8a3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b", "1000=lock-1|lock-2", "unit '1000' is in both Units and Devices")]
    [InlineData(null, "1000=has space", "Webhooks__Sources__pms__Devices has '1000=has space'")]
    public async Task AUnitOnBothEntrancesAndLocksOrAMalformedDevicesListStopsStartUpNamingIt(string? units, string devices, string named)
    {
        var settings = Settings(("KeyVault:Uri", "https://my-vault.vault.azure.net/"),
            ("Webhooks:Sources:pms:Scheme", "hmac-sha256"), ("Webhooks:Sources:pms:SecretName", "webhook-pms"), ("Webhooks:Sources:pms:Map:unit", "$.unit"),
            ("Webhooks:Sources:pms:Units", units), ("Webhooks:Sources:pms:Devices", devices));
        await using var app = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("standard-webhooks", "whsec_")]
    [InlineData("standard-webhooks", "whsec_c2hvcnQ=")]
    [InlineData("standard-webhooks", "whsec_*not-base64*")]
    [InlineData("hmac-sha256", "fifteen-bytes!!")]
    [InlineData("shared-token", "tok")]
    [InlineData("basic", "no-colon-in-this-secret")]
    [InlineData("basic", "user-without-password:")]
    [InlineData("basic", "u:short")]
    public async Task ALocalWebhookSecretTooWeakToSignStopsStartUpWithoutQuotingIt(string scheme, string secret)
    {
        var settings = Settings(("Seam:ApiKey", "k"), ("Webhooks:Sources:pms:Scheme", scheme), ("Webhooks:Sources:pms:Secret", secret));
        await using var app = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Webhooks__Sources__pms__Secret cannot sign", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Replace("whsec_", "", StringComparison.Ordinal) is { Length: > 0 } key ? key : "\0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://seam.attacker.example", null, false)]
    [InlineData("https://getseam.com.attacker.example", null, false)]
    [InlineData("https://connect.getseam.com:8443", null, false)]
    [InlineData("https://connect.getseam.com", null, true)]
    [InlineData("https://seam-proxy.contoso.example", "true", true)]
    public async Task InAzureTheSeamAddressMustBeSeamsUnlessAllowedOnPurpose(string baseUrl, string? allowAny, bool starts)
    {
        var settings = Settings(("WEBSITE_SITE_NAME", "func-seam-abc"), ("KeyVault:Uri", "https://my-vault.vault.azure.net/"),
            ("Seam:BaseUrl", baseUrl), ("Seam:AllowAnyBaseUrl", allowAny));
        await using var app = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));

        if (starts)
        {
            await app.StartAsync();
            await app.StopAsync();
        }
        else
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains("Seam__AllowAnyBaseUrl=true", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HealthSays503WithoutDetailsWhenStartUpValidationWasSkipped()
    {
        // Some Functions set-ups skip ValidateOnStart; the health endpoint still notices.
        var services = new ServiceCollection().AddLogging()
            .AddSeamFunctions(new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build())
            .BuildServiceProvider();
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };

        await services.GetRequiredService<HealthEndpoint>().HandleAsync(context);

        Assert.Equal(503, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = JsonNode.Parse(context.Response.Body)!.AsObject();
        Assert.Equal("""{"status":"unavailable"}""", body.ToJsonString());
    }
}
