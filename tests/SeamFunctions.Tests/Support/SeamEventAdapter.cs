using SeamFunctions.Notifications;

namespace SeamFunctions.Tests.Support;

/// <summary>An adapter that takes Seam's events (signed with <see cref="Secret"/>) and, with a target, tells it, on memory or Azurite.</summary>
internal static class SeamEventAdapter
{
    public const string Secret = "whsec_c2VhbS1ldmVudHMtc2lnbmluZy1zZWNyZXQ=";

    public static async Task<Adapter> StartAsync(Azurite azurite, string store, NotifyTarget? target = null, params (string Key, string? Value)[] more)
    {
        if (store == "azurite")
            await azurite.ClearQueuesAsync(NotifyOptions.QueueName, NotifyOptions.PoisonQueueName); // what an earlier test left is not this one's
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
            ["Seam:WebhookSecret"] = Secret,
            ["Notify:Url"] = target?.Url.ToString(),
            ["Notify:Secret"] = target is null ? null : NotifyTarget.Secret,
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return await Adapter.StartAsync(settings);
    }
}
