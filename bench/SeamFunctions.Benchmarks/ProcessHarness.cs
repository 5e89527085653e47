using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SeamFunctions.Benchmarks;

/// <summary>
/// The request path as production runs it: every server in its own process (the Seam stand-in and the nginx hop in
/// nginx, the naive .NET hop, the adapter's DevServer in Release with logs at Warning), wrk in its own with 2
/// threads; each target warmed up 20 s, then three interleaved rounds, medians reported.
/// </summary>
internal static class ProcessHarness
{
    public sealed record Row(string Target, double C1Rps, double C1P50, double C64Rps, double C64P99);

    public static async Task<IReadOnlyList<Row>> RunAsync(string root, TimeSpan warmUp, TimeSpan measure, int rounds)
    {
        using var nginx = await Nginx.StartAsync();
        var stub = $"http://127.0.0.1:{nginx.StubPort}";
        using var adapter = await StartAsync("adapter", Path.Combine(root, "src/SeamFunctions.DevServer/bin/Release/net10.0/SeamFunctions.DevServer.dll"), [], new()
        {
            ["Seam__BaseUrl"] = stub, ["Seam__ApiKey"] = "seam_bench_key", ["Logging__LogLevel__Default"] = "Warning",
        });
        using var naive = await StartAsync("naive", typeof(ProcessHarness).Assembly.Location, ["--naive-server", stub + "/"], []);
        var targets = new (string Name, string Url, string Body)[]
        {
            ("Seam stand-in, direct", $"{stub}/acs/credentials/create", Upstream.SeamBody),
            ("nginx pass-through", $"http://127.0.0.1:{nginx.HopPort}/acs/credentials/create", Upstream.SeamBody),
            ("naive .NET hop", $"{naive.Url}/naive", Upstream.SeamBody),
            ("adapter (DevServer)", $"{adapter.Url}/api/credentials", Upstream.AdapterBody),
        };
        foreach (var (name, url, body) in targets)
            await Wrk.RunAsync(name, url, body, 64, warmUp, threads: 2);

        var runs = new List<LoadResult>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var connections in new[] { 1, 64 })
            {
                foreach (var (name, url, body) in targets)
                    runs.Add(await Wrk.RunAsync(name, url, body, connections, measure, threads: 2));
            }
        }

        double Median(string target, int connections, Func<LoadResult, double> value) =>
            runs.Where(r => r.Target == target && r.Connections == connections).Select(value).Order().ElementAt(rounds / 2);
        return [.. targets.Select(t => new Row(t.Name, Median(t.Name, 1, r => r.RequestsPerSecond), Median(t.Name, 1, r => r.P50Ms),
            Median(t.Name, 64, r => r.RequestsPerSecond), Median(t.Name, 64, r => r.P99Ms)))];
    }

    public static string Markdown(IReadOnlyList<Row> rows, int rounds)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Each server its own process, wrk -t2 in its own, 20 s warm-up each, medians of {rounds} interleaved rounds, the keyless POST:");
        text.AppendLine();
        text.AppendLine("| path | c1 req/s | c1 p50 ms | c64 req/s | c64 p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
            text.AppendLine(c, $"| {row.Target} | {row.C1Rps:F0} | {row.C1P50:F3} | {row.C64Rps:F0} | {row.C64P99:F2} |");
        var (hop, naive, adapter) = (rows[1], rows[2], rows[3]);
        text.AppendLine();
        text.AppendLine(c, $"adapter / naive .NET hop at c64: **{adapter.C64Rps / naive.C64Rps:F2} ×**; adapter / nginx hop: {adapter.C64Rps / hop.C64Rps:F2} ×; " +
                           $"p50 at c1 over the naive hop: {adapter.C1P50 - naive.C1P50:+0.000;-0.000} ms");
        return text.ToString();
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
