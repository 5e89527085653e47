using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SeamFunctions.Benchmarks;

/// <summary>
/// The request path as production runs it: every server in its own process (the Seam stand-in and the nginx hop in
/// nginx, the naive .NET hop, the adapter's DevServer in Release with logs at Warning), wrk in its own with 2
/// threads; each .NET process warmed up 20 s, then three interleaved rounds, medians reported. Beside the keyless
/// POST, the adapter's exactly-once paths (its own Idempotency-Key or reference per request, in the DevServer's
/// memory store) and the one-lock path.
/// </summary>
internal static class ProcessHarness
{
    public sealed record Row(string Target, double C1Rps, double C1P50, double C64Rps, double C64P99, long Errors);

    /// <summary>One path measured: its name, URL, body, and what makes each request its own.</summary>
    private sealed record Target(string Name, string Url, string Body, Unique Unique = Unique.None);

    public const string KeylessAdapter = "adapter (DevServer), keyless";
    public const string NaiveHop = "naive .NET hop";
    public const string NginxHop = "nginx pass-through";

    /// <summary>The marker in bench/results.md that the CI smoke reads the recorded keyless ratio from.</summary>
    public const string RatioMarker = "<!-- keyless-c64-adapter-per-naive-hop:";

    public static async Task<IReadOnlyList<Row>> RunAsync(string root, TimeSpan warmUp, TimeSpan measure, int rounds)
    {
        using var servers = await Servers.StartAsync(root);
        Target[] targets =
        [
            new("Seam stand-in, direct", $"{servers.Stub}/acs/credentials/create", Upstream.SeamBody),
            new(NginxHop, $"http://127.0.0.1:{servers.Nginx.HopPort}/acs/credentials/create", Upstream.SeamBody),
            servers.NaiveHop,
            servers.Keyless,
            servers.Keyless with { Name = "adapter, own Idempotency-Key each", Unique = Unique.IdempotencyKey },
            servers.Keyless with { Name = "adapter, own reference each", Unique = Unique.Reference },
            servers.Keyless with { Name = "adapter, one lock (an access code)", Body = Upstream.LockBody },
        ];
        // The .NET processes get the whole warm-up (tiered compilation needs ~15 s under load to reach optimized code);
        // nginx needs none, and the adapter's other paths run in the process its keyless path warmed.
        foreach (var target in targets)
            await LoadAsync(target, 64, target.Name is NaiveHop or KeylessAdapter ? warmUp : TimeSpan.FromSeconds(Math.Min(5, warmUp.TotalSeconds)));

        var runs = new List<LoadResult>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var connections in new[] { 1, 64 })
            {
                foreach (var target in targets)
                    runs.Add(await LoadAsync(target, connections, measure));
            }
        }

        return [.. targets.Select(t => Medians(runs, t.Name))];
    }

    /// <summary>
    /// What CI's smoke measures: the keyless adapter and the naive hop at c64, each warmed up long enough for tiered
    /// compilation to reach optimized code (about 15 s under load), one short round.
    /// </summary>
    public static async Task<double> KeylessRatioAsync(string root, TimeSpan warmUp, TimeSpan measure)
    {
        using var servers = await Servers.StartAsync(root);
        await LoadAsync(servers.Keyless, 64, warmUp);
        await LoadAsync(servers.NaiveHop, 64, warmUp);
        var ours = await LoadAsync(servers.Keyless, 64, measure);
        var theirs = await LoadAsync(servers.NaiveHop, 64, measure);
        return ours.RequestsPerSecond / theirs.RequestsPerSecond;
    }

    /// <summary>The keyless ratio a full run recorded in bench/results.md, or null when it holds none.</summary>
    public static double? RecordedRatio(string results) =>
        results.Split('\n').FirstOrDefault(l => l.StartsWith(RatioMarker, StringComparison.Ordinal)) is { } line
        && double.TryParse(line[RatioMarker.Length..].Replace("-->", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture, out var ratio)
            ? ratio : null;

    private static Task<LoadResult> LoadAsync(Target target, int connections, TimeSpan duration) =>
        Wrk.RunAsync(target.Name, target.Url, target.Body, connections, duration, target.Unique, threads: 2);

    private static Row Medians(List<LoadResult> runs, string target)
    {
        double Median(int connections, Func<LoadResult, double> value)
        {
            var values = runs.Where(r => r.Target == target && r.Connections == connections).Select(value).Order().ToList();
            return values[values.Count / 2];
        }

        return new Row(target, Median(1, r => r.RequestsPerSecond), Median(1, r => r.P50Ms), Median(64, r => r.RequestsPerSecond), Median(64, r => r.P99Ms),
            runs.Where(r => r.Target == target).Sum(r => r.Errors));
    }

    public static string Markdown(IReadOnlyList<Row> rows, int rounds)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Each server its own process, wrk -t2 in its own, each .NET process warmed up 20 s, medians of {rounds} interleaved rounds:");
        text.AppendLine();
        text.AppendLine("| path | c1 req/s | c1 p50 ms | c64 req/s | c64 p99 ms | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
            text.AppendLine(c, $"| {row.Target} | {row.C1Rps:F0} | {row.C1P50:F3} | {row.C64Rps:F0} | {row.C64P99:F2} | {row.Errors} |");
        var hop = rows.Single(r => r.Target == NginxHop);
        var naive = rows.Single(r => r.Target == NaiveHop);
        var adapter = rows.Single(r => r.Target == KeylessAdapter);
        var ratio = adapter.C64Rps / naive.C64Rps;
        text.AppendLine();
        text.AppendLine(c, $"Keyless adapter / naive .NET hop at c64: **{ratio:F2} ×** (target ≥ 0.85 ×); adapter / nginx hop: {adapter.C64Rps / hop.C64Rps:F2} ×; " +
                           $"p50 at c1 over the naive hop: **{adapter.C1P50 - naive.C1P50:+0.000;-0.000} ms** (target ≤ +0.050 ms)");
        text.AppendLine();
        text.AppendLine(c, $"{RatioMarker} {ratio:F2} -->");
        return text.ToString();
    }

    /// <summary>The stand-in and the hop in nginx, the adapter (DevServer, Release, logs at Warning) and the naive hop each in its own process.</summary>
    private sealed class Servers(Nginx nginx, Server adapter, Server naive) : IDisposable
    {
        public Nginx Nginx => nginx;

        public string Stub => $"http://127.0.0.1:{nginx.StubPort}";

        public Target Keyless => new(KeylessAdapter, $"{adapter.Url}/api/credentials", Upstream.AdapterBody);

        public Target NaiveHop => new(ProcessHarness.NaiveHop, $"{naive.Url}/naive", Upstream.SeamBody);

        public static async Task<Servers> StartAsync(string root)
        {
            var nginx = await Nginx.StartAsync();
            var stub = $"http://127.0.0.1:{nginx.StubPort}";
            Server? adapter = null;
            try
            {
                adapter = await ProcessHarness.StartAsync("adapter", Path.Combine(root, "src/SeamFunctions.DevServer/bin/Release/net10.0/SeamFunctions.DevServer.dll"), [], new()
                {
                    ["Seam__BaseUrl"] = stub, ["Seam__ApiKey"] = "seam_bench_key", ["Logging__LogLevel__Default"] = "Warning",
                });
                return new Servers(nginx, adapter, await ProcessHarness.StartAsync("naive", typeof(ProcessHarness).Assembly.Location, ["--naive-server", stub + "/"], []));
            }
            catch
            {
                adapter?.Dispose();
                nginx.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            naive.Dispose();
            adapter.Dispose();
            nginx.Dispose();
        }
    }

    /// <summary>A .NET server in its own process, on a free loopback port, once it accepts connections.</summary>
    private static async Task<Server> StartAsync(string name, string dll, string[] args, Dictionary<string, string> environment)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var start = new ProcessStartInfo("dotnet", [dll, .. args, "--urls", $"http://127.0.0.1:{port}"]) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        for (var tries = 0; tries < 300; tries++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new Server(process, $"http://127.0.0.1:{port}");
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"{name} did not start");
    }

    public sealed class Server(Process process, string url) : IDisposable
    {
        public string Url => url;

        public int ProcessId => process.Id;

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }
}
