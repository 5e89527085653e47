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

    /// <summary>
    /// Seam's event about <paramref name="device"/> (and <paramref name="accessCodeId"/>), signed with <see cref="Secret"/>
    /// at <paramref name="at"/> (the adapter's clock when a test moves it), and answered 200 — asserted.
    /// </summary>
    public static async Task SeamEventAsync(this Adapter adapter, string type, string device, string? accessCodeId = null, DateTimeOffset? at = null)
    {
        var when = at ?? DateTimeOffset.UtcNow;
        var (status, body) = await adapter.SendAsync(Senders.SeamEvent(new System.Text.Json.Nodes.JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = type,
            ["occurred_at"] = LockStays.Iso(when),
            ["workspace_id"] = FakeSeam.FakeSeamSeed.WorkspaceId.ToString(), ["device_id"] = device, ["access_code_id"] = accessCodeId,
        }.ToJsonString(), Secret, at: when));
        Assert.True(status == System.Net.HttpStatusCode.OK, $"{type}: {(int)status} {body.ToJsonString()}");
    }
}
