using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SeamFunctions.FakeSeam;
using SeamFunctions.Intake;
using SeamFunctions.Notifications;
using SeamFunctions.Queues;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Intake;

/// <summary>
/// <c>POST /api/maintenance/replay</c>: poisoned messages back to their queue, each once — a notification with its own
/// <c>webhook-id</c>, a command that then runs once — only with the admin key, a dry run that lists without moving, on
/// memory and Azurite.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class ReplayTests(Azurite azurite)
{
    private const string AdminKey = "devserver-admin-key-for-tests";
    private const string Pin = "58203716";

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task APoisonedNotificationReplayedIsDeliveredOnceWithItsOwnWebhookId(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        target.Down = 503;
        await using var adapter = await StartAsync(store, target);
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("poisoned-stay", LockStays.Stay(Pin)), HttpStatusCode.Created));
        await adapter.SeamEventAsync("access_code.set_on_device", LockStays.Front, codes[0]);
        var failed = new[] { await target.NextAsync(), await target.NextAsync(), await target.NextAsync() };
        await Eventually.ValueAsync(() => ReplayAsync(adapter, """{"queue":"notifications","dry_run":true}"""), r => (int?)r.Body["count"] == 1);
        target.Down = null;

        var looked = await ReplayAsync(adapter, """{"queue":"notifications","dry_run":true,"reference":"poisoned-stay"}""");
        var replayed = await ReplayAsync(adapter, """{"queue":"notifications"}""");
        var delivered = await target.NextAsync();
        var again = await ReplayAsync(adapter, """{"queue":"notifications"}""");

        Assert.Equal((HttpStatusCode.OK, 1), (looked.Status, (int)looked.Body["count"]!));
        Assert.Equal(("credential.issued", "poisoned-stay"), ((string?)looked.Body["messages"]![0]!["type"], (string?)looked.Body["messages"]![0]!["reference"]));
        Assert.DoesNotContain(Pin, looked.Body.ToJsonString());
        Assert.Equal((HttpStatusCode.OK, 1), (replayed.Status, (int)replayed.Body["count"]!));
        Assert.Equal(failed[0].Id, delivered.Id); // the receiver can tell it is the same notification
        Assert.Equal(200, delivered.Answered);
        Assert.Equal((HttpStatusCode.OK, 0), (again.Status, (int)again.Body["count"]!));
        Assert.False(await target.AnyMoreAsync(seconds: 1));
    }

    [Fact]
    public async Task AReplayedCommandRunsOnce()
    {
        await using var adapter = await StartAsync("memory", target: null, ("Intake:RetryDelays", "00:00:00.2,00:00:00.2,00:00:00.2"), ("Idempotency:ReconcileAfter", "00:00:00"));
        adapter.Seam.State.Outage = new FakeSeamFault.Status(503, "service_unavailable", "Down for maintenance");
        using (var queued = await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/queued-stay", LockStays.Stay(Pin), respondAsync: true))
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var row = (await adapter.Services.GetRequiredService<IQueuedCommandStore>().GetAsync("anonymous", QueuedCommand.KeyOf("queued-stay"), CancellationToken.None))!;
        await adapter.Services.GetRequiredService<IMessageQueue<QueuedCommandMessage>>().PoisonAsync(new QueuedCommandMessage(row.Scope, row.Key, row.Sequence), CancellationToken.None); // as the host poisons one
        adapter.Seam.State.Outage = null;

        var replayed = await ReplayAsync(adapter, """{"queue":"commands","reference":"queued-stay"}""");
        var ran = await Eventually.ValueAsync(async () => await adapter.Http.GetStringAsync("api/credentials/queued-stay"), s => !s.Contains("attempts"), seconds: 8);
        var afterwards = await ReplayAsync(adapter, """{"queue":"commands"}""");

        Assert.Equal(1, (int)replayed.Body["count"]!);
        Assert.Equal(row.Sequence, (long)replayed.Body["messages"]![0]!["sequence"]!);
        Assert.DoesNotContain("attempts", ran, StringComparison.Ordinal);
        Assert.Equal(2, adapter.Seam.State.AccessCodes.Count(c => (string?)c["code"] == Pin)); // one per door, once
        Assert.Equal(0, (int)afterwards.Body["count"]!);
    }

    [Fact]
    public async Task OnlyTheAdminKeyMayReplayABadRequestSaysWhatToFixAndWithoutTheSettingThereIsNoRoute()
    {
        await using var adapter = await StartAsync("memory", target: null);
        await using var without = await Adapter.StartAsync();

        var wrongKey = await ReplayAsync(adapter, """{"queue":"notifications"}""", key: "not-the-admin-key");
        var badQueue = await ReplayAsync(adapter, """{"queue":"emails","max":0}""");
        var empty = await ReplayAsync(adapter, """{"queue":"commands"}""");
        var noRoute = await ReplayAsync(without, """{"queue":"notifications"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badQueue.Status);
        Assert.NotNull(badQueue.Body["errors"]!["queue"]);
        Assert.NotNull(badQueue.Body["errors"]!["max"]);
        Assert.Equal((HttpStatusCode.OK, 0), (empty.Status, (int)empty.Body["count"]!));
        Assert.Equal(HttpStatusCode.NotFound, noRoute.Status);
    }

    private async Task<Adapter> StartAsync(string store, NotifyTarget? target, params (string Key, string? Value)[] more)
    {
        if (store == "azurite")
            await azurite.ClearQueuesAsync(NotifyOptions.QueueName, NotifyOptions.PoisonQueueName);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
            ["DevServer:AdminKey"] = AdminKey,
            ["Seam:WebhookSecret"] = SeamEventAdapter.Secret,
            ["Notify:Url"] = target?.Url.ToString(),
            ["Notify:Secret"] = target is null ? null : NotifyTarget.Secret,
            ["Notify:RetryDelays"] = "00:00:00.1,00:00:00.1",
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return await Adapter.StartAsync(settings);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> ReplayAsync(Adapter adapter, string json, string key = AdminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/maintenance/replay") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", key);
        using var response = await adapter.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text)!.AsObject() : []);
    }
}
