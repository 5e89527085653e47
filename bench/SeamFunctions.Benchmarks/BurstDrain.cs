using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using SeamFunctions.DevServer;
using SeamFunctions.FakeSeam;

namespace SeamFunctions.Benchmarks;

/// <summary>What a burst of signed deliveries got, and how long the queue took to put every PIN on its lock.</summary>
internal sealed record BurstResult(int Deliveries, int CreatesPerSecond, int Created201, int Queued202, int Other, int PinsCreated, int Duplicates, int SeamRateLimited, TimeSpan Drain)
{
    public TimeSpan Ideal => TimeSpan.FromSeconds((double)Deliveries / CreatesPerSecond);

    public double Ratio => Drain / Ideal;
}

/// <summary>
/// A PMS pushing a portfolio at once while Seam rate-limits: <c>deliveries</c> signed deliveries (each one booking on one
/// lock, its own PIN) sent 32 at a time to the DevServer, in front of the fake Seam allowing <c>createsPerSecond</c> creates
/// a second and answering 429 with <c>Retry-After: 1</c> beyond. Drain: from the first delivery sent to the last PIN on its lock.
/// </summary>
internal static class BurstDrain
{
    private const string Token = "burst-benchmark-shared-token-2f7c";

    public static async Task<BurstResult> RunAsync(int deliveries, int createsPerSecond)
    {
        await using var seam = await FakeSeamServer.StartAsync();
        await using var adapter = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(Settings(seam)));
        await adapter.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(adapter.Urls.First().TrimEnd('/') + "/") };
        await WarmUpAsync(http, seam);
        seam.State.CreatesPerSecond = createsPerSecond;

        var clock = Stopwatch.StartNew();
        var statuses = await SendAllAsync(http, deliveries);
        while (PinsOf(seam) < deliveries && clock.Elapsed < TimeSpan.FromMinutes(5))
            await Task.Delay(10);
        var drain = clock.Elapsed;
        await adapter.StopAsync();
        var pins = seam.State.AccessCodes.Where(c => ((string?)c["name"])?.StartsWith("burst-", StringComparison.Ordinal) == true).Select(c => (string?)c["name"]).ToList();
        return new BurstResult(deliveries, createsPerSecond, statuses.Count(s => s == 201), statuses.Count(s => s == 202), statuses.Count(s => s is not (201 or 202)),
            pins.Distinct().Count(), pins.Count - pins.Distinct().Count(), seam.State.Exchanges.Count(e => e.Status == 429), drain);
    }

    private static Dictionary<string, string?> Settings(FakeSeamServer seam) => new()
    {
        ["Seam:BaseUrl"] = seam.BaseUrl.ToString(),
        ["Seam:ApiKey"] = FakeSeamSeed.ApiKey,
        ["KeyVault:Uri"] = "",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Webhooks:Sources:pms:Scheme"] = "shared-token",
        ["Webhooks:Sources:pms:Secret"] = Token,
        ["Webhooks:Sources:pms:Map:reference"] = "$.id",
        ["Webhooks:Sources:pms:Map:unit"] = "$.unit",
        ["Webhooks:Sources:pms:Map:code"] = "$.code",
        ["Webhooks:Sources:pms:Map:starts_at"] = "$.from",
        ["Webhooks:Sources:pms:Map:ends_at"] = "$.to",
        ["Webhooks:Sources:pms:Devices"] = $"villa={FakeSeamSeed.FrontDoorId}",
    };

    /// <summary>One delivery first, so JIT and connection set-up are not counted in the drain.</summary>
    private static async Task WarmUpAsync(HttpClient http, FakeSeamServer seam)
    {
        using var response = await http.SendAsync(Delivery(-1));
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"warm-up delivery answered {(int)response.StatusCode}");
        seam.State.RemoveCodeForTest((string)seam.State.AccessCodes.Single()["access_code_id"]!);
    }

    private static async Task<List<int>> SendAllAsync(HttpClient http, int deliveries)
    {
        var statuses = new List<int>();
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, deliveries).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await http.SendAsync(Delivery(i));
                lock (statuses)
                    statuses.Add((int)response.StatusCode);
            }
            finally
            {
                gate.Release();
            }
        }));
        return statuses;
    }

    private static HttpRequestMessage Delivery(int i)
    {
        var json = $$"""{"id":"burst-{{i}}","unit":"villa","code":"{{(100_000 + i + 1).ToString(CultureInfo.InvariantCulture)}}","from":"2030-07-10T15:00:00Z","to":"2030-07-14T11:00:00Z"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "api/sources/pms/credentials") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Webhook-Token", Token);
        return request;
    }

    private static int PinsOf(FakeSeamServer seam) =>
        seam.State.AccessCodes.Count(c => ((string?)c["name"])?.StartsWith("burst-", StringComparison.Ordinal) == true);
}
