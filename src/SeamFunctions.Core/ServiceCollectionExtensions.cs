using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SeamFunctions.Secrets;
using SeamFunctions.Configuration;
using SeamFunctions.Idempotency;
using SeamFunctions.Inbound;
using SeamFunctions.Lifecycle;
using SeamFunctions.Notifications;
using SeamFunctions.Intake;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;
using SeamFunctions.Webhooks;
using SeamFunctions.Commands;

namespace SeamFunctions;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the whole request flow. Hosts may register their own <see cref="TokenCredential"/>,
    /// <see cref="TimeProvider"/> or <see cref="SecretClientOptions"/> first; these are only defaults.
    /// </summary>
    public static IServiceCollection AddSeamFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSeamKey(configuration);
        services.AddSeamClient();
        services.TryAddSingleton<AccessRequestParser>();
        services.TryAddSingleton<Guests.GuestResolver>();
        services.AddIdempotency(configuration);
        services.AddLifecycle(configuration);
        services.AddAccessKinds(configuration);
        services.TryAddSingleton<ExactlyOnceIssuer>();
        services.TryAddSingleton<CommandHandler>();
        services.AddWebhookSources(configuration);
        services.TryAddSingleton<CredentialsEndpoint>();
        services.TryAddSingleton<LifecycleEndpoint>();
        services.TryAddSingleton<HealthEndpoint>();
        services.TryAddSingleton<StaysEndpoint>();
        services.TryAddSingleton<ReplayEndpoint>();
        services.AddNotifications(configuration);
        services.AddIntake(configuration);
        services.TryAddSingleton<Events.SeamEventSource>();
        services.TryAddSingleton<Events.SeamWorkspace>();
        services.TryAddSingleton<Events.DeviceEvents>();
        services.TryAddSingleton<Events.ExternalChanges>();
        services.TryAddSingleton<Commands.ExactlyOnceCreate>();
        services.TryAddSingleton<Events.SeamEventApplier>();
        services.TryAddSingleton<Events.PendingAccessPoller>();
        services.TryAddSingleton<Events.ReadinessReads>();
        services.TryAddSingleton<Events.ReadinessChecks>();
        services.TryAddSingleton<Events.MinuteTick>();
        services.TryAddSingleton<SeamEventsEndpoint>();
        services.AddHostedService<StartupWarmUp>();
        return services;
    }

    /// <summary>The kinds of access Seam holds for a guest: ACS credentials, access codes on locks, access grants.</summary>
    private static void AddAccessKinds(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<Access.AcsCredentialFinder>();
        services.TryAddSingleton<Access.AcsCredentials>();
        services.TryAddSingleton<Access.AccessGrants>();
        services.TryAddSingleton<Access.GrantMethods>();
        services.TryAddSingleton<Upstream.SeamGrantClient>();
        services.AddOptions<Access.LocksOptions>().Bind(configuration.GetSection(Access.LocksOptions.Section));
        services.TryAddSingleton<Access.AccessCodeCalls>();
        services.TryAddSingleton<Access.AccessCodeChanges>();
        services.TryAddSingleton<Access.AccessCodes>();
        services.TryAddSingleton<Access.BackupCodes>();
        services.TryAddSingleton<Access.AccessKindSelector>();
    }

    /// <summary>Seam's options, and its API key: from Key Vault with the managed identity, or locally from a setting; cached.</summary>
    private static void AddSeamKey(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SeamOptions>().Bind(configuration.GetSection(SeamOptions.Section)).ValidateOnStart();
        services.AddOptions<KeyVaultOptions>().Bind(configuration.GetSection(KeyVaultOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SeamOptions>>(provider =>
            new SeamOptionsValidator(provider.GetRequiredService<IOptions<KeyVaultOptions>>(), configuration));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidator>());
        services.TryAddSingleton<TokenCredential>(_ => ManagedIdentity());
        services.TryAddSingleton(_ => new SecretClientOptions
        {
            Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(500), NetworkTimeout = TimeSpan.FromSeconds(10) },
        });
        services.TryAddSingleton(provider => new SecretClient(
            provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri
                ?? throw new InvalidOperationException("KeyVault:Uri is not set."),
            provider.GetRequiredService<TokenCredential>(),
            provider.GetRequiredService<SecretClientOptions>()));
        services.TryAddSingleton<SecretSources>();
        services.TryAddSingleton<ISecretSource>(provider => provider.GetRequiredService<SecretSources>().Source(
            provider.GetRequiredService<IOptions<SeamOptions>>().Value.ApiKeySecretName, "Seam__ApiKey",
            () => provider.GetRequiredService<IOptionsMonitor<SeamOptions>>().CurrentValue.ApiKey));
        services.TryAddSingleton<SecretCache>();
    }

    /// <summary>Named, signed webhook sources (<c>Webhooks__Sources__*</c>) and the ledger of what they had applied.</summary>
    private static void AddWebhookSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton<WebhookSources>();
        services.TryAddSingleton<WebhookVerifier>();
        services.TryAddSingleton<DeliveryLedger>();
    }

    /// <summary>
    /// The app's managed identity: user-assigned when <c>AZURE_CLIENT_ID</c> names one, else system-assigned.
    /// </summary>
    private static ManagedIdentityCredential ManagedIdentity() =>
        Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
}
