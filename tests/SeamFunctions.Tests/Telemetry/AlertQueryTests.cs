using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Events;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Telemetry;

/// <summary>
/// The alert rules' and the workbook's queries (infra/alerts, infra/workbook) match what the app writes: the app
/// runs through the function app's OpenTelemetry configuration with an in-memory exporter in Azure Monitor's place
/// (<see cref="AppInsightsCapture"/>), through every situation a rule is about, and every event name, field and
/// span name each query relies on is found in what was exported. A renamed log event breaks this test, not an alert.
/// </summary>
public sealed partial class AlertQueryTests
{
    private const string AdminKey = "admin-key-of-the-alert-query-test";

    [Fact]
    public async Task EveryEventFieldAndSpanTheQueriesReadIsWhatTheAppExports()
    {
        var capture = new AppInsightsCapture();
        await NotificationsCommandsAndSeamFailuresAsync(capture);
        await KeyRefusedAndUnreadableAsync(capture);
        await GrantCreatedAsync(capture);
        await NotReadyTwoHoursBeforeArrivalAsync(capture);
        var rows = capture.Rows.ToList();

        var queries = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "infra", "alerts"), "*.kql")
            .Concat(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "infra", "workbook"), "*.kql")).ToList();
        Assert.Equal(11, queries.Count);
        var missing = queries.SelectMany(file => Missing(Path.GetFileName(file), File.ReadAllText(file), rows)).ToList();

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    /// <summary>What a query relies on that nothing exported has: its event names, its fields, its spans.</summary>
    private static IEnumerable<string> Missing(string file, string query, IReadOnlyList<AppInsightsRow> rows)
    {
        var text = string.Join('\n', query.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        var table = text.TrimStart().Split('\n', 2)[0].Trim();
        var fields = Field().Matches(text).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Where(f => f != "EventName").Distinct().ToList();
        IEnumerable<AppInsightsRow> relevant;
        switch (table)
        {
            case "traces":
                var events = Literal().Matches(text).Select(m => m.Groups[1].Value).Where(v => EventLike().IsMatch(v) && v is not ("True" or "False")).Distinct().ToList();
                foreach (var name in events.Where(name => rows.All(r => r.EventName != name)))
                    yield return $"{file}: no log event named {name} was exported";
                relevant = rows.Where(r => r.Table == "traces" && events.Contains(r.EventName!));
                break;
            case "dependencies":
                var prefixes = StartsWith().Matches(text).Select(m => m.Groups[1].Value).ToList();
                foreach (var prefix in prefixes.Where(p => !rows.Any(r => r.Table == "dependencies" && r.Name!.StartsWith(p, StringComparison.Ordinal))))
                    yield return $"{file}: no span named {prefix}… was exported";
                relevant = rows.Where(r => r.Table == "dependencies" && prefixes.Any(p => r.Name!.StartsWith(p, StringComparison.Ordinal)));
                foreach (var value in InList().Matches(text).SelectMany(m => Literal().Matches(m.Value)).Select(m => m.Groups[1].Value)
                             .Where(v => !relevant.Any(r => r.Dimensions.Values.Contains(v))))
                    yield return $"{file}: no span has the value {value}";
                break;
            default:
                yield break; // requests: the Functions host's own columns
        }

        foreach (var field in fields.Where(f => !relevant.Any(r => r.Dimensions.ContainsKey(f))))
            yield return $"{file}: customDimensions.{field} is in none of the rows it reads";
    }

    /// <summary>
    /// Created, refused and failed PINs; an event delivered and one poisoned (a code Seam could not remove), then put
    /// back; a queued command that landed and one that failed for good; Seam down and Seam slow.
    /// </summary>
    private static async Task NotificationsCommandsAndSeamFailuresAsync(AppInsightsCapture capture)
    {
        await using var target = await NotifyTarget.StartAsync(200);
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:WebhookSecret"] = SeamEventAdapter.Secret, ["Notify:Url"] = target.Url.ToString(), ["Notify:Secret"] = NotifyTarget.Secret,
            ["Notify:RetryDelays"] = "00:00:00.1,00:00:00.1", ["DevServer:AdminKey"] = AdminKey, ["Idempotency:ReconcileAfter"] = "00:00:00",
            ["Seam:Timeout"] = "00:00:03", ["Intake:RetryDelays"] = "00:00:00.2,00:00:00.2",
        }, services: capture.Register);
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("ops-1", LockStays.Stay("60417")), HttpStatusCode.Created));
        await ReadAsync(await adapter.PostAsync(Adapter.ValidRequest("3917").ToJsonString()), HttpStatusCode.Created);
        await ReadAsync(await adapter.PutAsync("ops-2", LockStays.Stay("60417", [LockStays.Back])), HttpStatusCode.UnprocessableEntity);
        await adapter.SeamEventAsync("access_code.set_on_device", LockStays.Front, codes[0]);
        await target.NextAsync();
        target.Down = 500;
        await adapter.SeamEventAsync("access_code.failed_to_remove_from_device", LockStays.Back, codes[1]);
        await Eventually.ValueAsync(() => Task.FromResult(capture.Rows.Any(r => r.EventName == "NotificationPoisoned")), poisoned => poisoned);
        await ReplayAsync(adapter);
        Assert.Equal(HttpStatusCode.Accepted, (await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/ops-3", LockStays.Stay("82046", [LockStays.NewLock(adapter)]), respondAsync: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/ops-4", LockStays.Stay("60417", [LockStays.Front]), respondAsync: true)).StatusCode); // the front door has this PIN: refused for good
        await Eventually.ValueAsync(() => Task.FromResult(capture.Rows.Count(r => r.EventName is "QueuedCommandLanded" or "QueuedCommandFailed")), n => n == 2);
        adapter.Seam.State.EnqueueFault("access_codes/create", new FakeSeamFault.Status(503, "service_unavailable", "Try again"));
        await ReadAsync(await adapter.PutAsync("ops-5", LockStays.Stay("51937")), HttpStatusCode.BadGateway);
        adapter.Seam.State.EnqueueFault("access_codes/create", new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: false));
        await ReadAsync(await adapter.PutAsync("ops-6", LockStays.Stay("71593")), HttpStatusCode.GatewayTimeout);
    }

    private static async Task KeyRefusedAndUnreadableAsync(AppInsightsCapture capture)
    {
        await using (var refused = await Adapter.StartAsync(new Dictionary<string, string?> { ["Seam:ApiKey"] = "seam_not_a_key_of_this_workspace" }, services: capture.Register))
            await ReadAsync(await refused.PutAsync("ops-key", LockStays.Stay("4821")), HttpStatusCode.BadGateway);
        using var vault = new StubKeyVault { FailWith = HttpStatusCode.InternalServerError };
        await using var unreadable = await Adapter.StartAsync(vault: vault, services: capture.Register);
        using var failed = await unreadable.PutAsync("ops-vault", LockStays.Stay("4821"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
    }

    private static async Task GrantCreatedAsync(AppInsightsCapture capture)
    {
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?> { ["Seam:AccessModel"] = "grants" }, services: capture.Register);
        await ReadAsync(await adapter.PutAsync("ops-grant", GrantStays.Stay("4821")), HttpStatusCode.Created);
    }

    private static async Task NotReadyTwoHoursBeforeArrivalAsync(AppInsightsCapture capture)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var starts = clock.GetUtcNow() + TimeSpan.FromDays(3);
        await using var seam = await FakeSeamServer.StartAsync(time: clock);
        await using var adapter = await Adapter.StartAsync(services: s => { s.AddSingleton<TimeProvider>(clock); capture.Register(s); }, sharedSeam: seam);
        await ReadAsync(await adapter.PutAsync("ops-arrival", LockStays.Stay("28461", [LockStays.NewLock(adapter)], LockStays.Iso(starts), LockStays.Iso(starts.AddDays(2)))), HttpStatusCode.Created);
        clock.SetUtcNow(starts - TimeSpan.FromHours(2));
        await adapter.Services.GetRequiredService<MinuteTick>().RunAsync(CancellationToken.None); // the code is still setting: not ready
    }

    private static async Task ReplayAsync(Adapter adapter)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/maintenance/replay") { Content = new StringContent("""{"queue":"notifications"}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await adapter.Http.SendAsync(request)).StatusCode);
    }

    [GeneratedRegex(@"customDimensions(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[""([^""]+)""\])")]
    private static partial Regex Field();

    [GeneratedRegex(@"""([^""]*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^[A-Z][A-Za-z]+$")]
    private static partial Regex EventLike();

    [GeneratedRegex(@"name startswith ""([^""]+)""")]
    private static partial Regex StartsWith();

    [GeneratedRegex(@"\bin \(([^)]*)\)")]
    private static partial Regex InList();
}
