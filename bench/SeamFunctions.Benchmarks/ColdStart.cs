using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SeamFunctions.FakeSeam;

namespace SeamFunctions.Benchmarks;

/// <summary>
/// Time from process start to the first <c>201</c> of a published DevServer, against the fake Seam on loopback:
/// the published app as a fresh instance meets its first webhook. Each run is a new process (the OS's file cache
/// warm, as on an instance that just pulled its package); the median of the runs is reported, split into start
/// (process start to listening) and first request (listening to its 201).
/// </summary>
internal static class ColdStart
{
    /// <param name="Source">The repository the DevServer is published from (another checkout: a "before").</param>
    public sealed record Variant(string Name, string Folder, string PublishArguments, string Source);

    public sealed record Result(string Name, double StartMs, double FirstRequestMs, double TotalMs, int Runs);

    public static async Task<IReadOnlyList<Result>> RunAsync(string root, IReadOnlyList<Variant> variants, int runs)
    {
        await using var seam = await FakeSeamServer.StartAsync();
        var folders = new List<string>();
        foreach (var variant in variants)
        {
            folders.Add(Path.Combine(root, "artifacts", "coldstart", variant.Folder));
            await PublishAsync(variant.Source, folders[^1], variant.PublishArguments);
        }

        // Interleaved, so a machine that slows down meanwhile slows every variant alike.
        var samples = variants.Select(_ => new List<(double Start, double Request)>()).ToList();
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < variants.Count; i++)
                samples[i].Add(await OnceAsync(Path.Combine(folders[i], "SeamFunctions.DevServer.dll"), seam.BaseUrl));
        }

        return [.. variants.Select((v, i) => new Result(v.Name, Median(samples[i].Select(s => s.Start)), Median(samples[i].Select(s => s.Request)),
            Median(samples[i].Select(s => s.Start + s.Request)), runs))];
    }

    private static async Task PublishAsync(string root, string folder, string arguments)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        using var publish = Process.Start(new ProcessStartInfo("dotnet", $"publish src/SeamFunctions.DevServer -c Release -o \"{folder}\" {arguments} --verbosity quiet")
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
            throw new InvalidOperationException("publish failed: " + output);
    }

    /// <summary>One new process: milliseconds to listening, then to the first 201.</summary>
    private static async Task<(double Start, double Request)> OnceAsync(string dll, Uri seam)
    {
        var port = Nginx.FreePort();
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{port}") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["Seam__BaseUrl"] = seam.ToString();
        info.Environment["Seam__ApiKey"] = FakeSeamSeed.ApiKey;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            while (!await ListensAsync(port))
                await Task.Delay(2);
            var listening = clock.Elapsed.TotalMilliseconds;
            var body = $$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","code":"{{Random.Shared.Next(1000, 99999999)}}"}""";
            using var created = await http.PostAsync("api/credentials", new StringContent(body, Encoding.UTF8, "application/json"));
            if (created.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"the first request answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
            return (listening, clock.Elapsed.TotalMilliseconds - listening);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Markdown(IReadOnlyList<Result> results) =>
        "| published DevServer | process start → listening ms | listening → first 201 ms | process start → first 201 ms | runs |\n|---|---:|---:|---:|---:|\n"
        + string.Concat(results.Select(r => string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.StartMs:F0} | {r.FirstRequestMs:F0} | {r.TotalMs:F0} | {r.Runs} |\n")));
}
