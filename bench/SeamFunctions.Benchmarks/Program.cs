using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeamFunctions.Benchmarks;
using SeamFunctions.DevServer;
using SeamFunctions.FunctionApp;
using SeamFunctions.Inbound;
using SeamFunctions.Tests.Support;

// dotnet run -c Release --project bench/SeamFunctions.Benchmarks [-- --smoke] [--out FILE]
if (args.Contains("--di-probe"))
{
    Console.WriteLine(DiProbe().ToString("F1", CultureInfo.InvariantCulture));
    return 0;
}

if (args.Contains("--naive-server"))
{
    // The naive .NET hop in a process of its own (for --processes).
    var upstream = args.SkipWhile(a => a != "--naive-server").Skip(1).First();
    var urls = args.SkipWhile(a => a != "--urls").Skip(1).First();
    var hop = await NaivePassThrough.StartAsync(upstream, urls);
    await hop.WaitForShutdownAsync();
    return 0;
}

if (args.Contains("--serve-stub"))
{
    // A zero-work Seam stand-in in its own process (for profiling the adapter against it).
    var urls = args.SkipWhile(a => a != "--urls").Skip(1).First();
    var stubBuilder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder(["--urls", urls]);
    stubBuilder.Logging.ClearProviders();
    var stub = stubBuilder.Build();
    var answer = Encoding.UTF8.GetBytes(Upstream.CreatedCredential);
    stub.MapPost("/{**path}", async (Microsoft.AspNetCore.Http.HttpContext context) =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(answer);
    });
    await stub.RunAsync();
    return 0;
}

if (args.Contains("--processes"))
{
    // dotnet run -c Release --project bench/SeamFunctions.Benchmarks -- --processes [--short]
    var shortRun = args.Contains("--short");
    var rows = await ProcessHarness.RunAsync(RepoRoot(), TimeSpan.FromSeconds(shortRun ? 3 : 20), TimeSpan.FromSeconds(shortRun ? 3 : 8), shortRun ? 1 : 3);
    Console.WriteLine(ProcessHarness.Markdown(rows, shortRun ? 1 : 3));
    return 0;
}

if (args.Contains("--endpoint-loop"))
{
    // For profilers: the in-process endpoint, 64 requests in flight, until killed.
    var harness = new EndpointHarness();
    await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
    {
        while (true)
            await harness.RunOnceAsync();
    })));
    return 0;
}

if (args.Contains("--endpoint"))
{
    // dotnet run -c Release --project bench/SeamFunctions.Benchmarks -- --endpoint: the in-process path benchmarks alone
    foreach (var (name, meanNs, bytes) in RunInProcess(smoke: false))
        Console.WriteLine($"{name}: {meanNs / 1000:F2} us, {bytes} B");
    return 0;
}

if (args.Contains("--cold-start"))
{
    // dotnet run -c Release --project bench/SeamFunctions.Benchmarks -- --cold-start [runs]: process start to the first 201
    var runs = args.SkipWhile(a => a != "--cold-start").Skip(1).FirstOrDefault() is { } n && int.TryParse(n, CultureInfo.InvariantCulture, out var r) ? r : 7;
    // --before <checkout>: also the DevServer as published from another checkout (the code before a change).
    var before = args.SkipWhile(a => a != "--before").Skip(1).FirstOrDefault();
    List<ColdStart.Variant> variants = before is null ? [] : [new("before: JIT, no warm-up", "before", "", before)];
    variants.Add(new("JIT (portable publish)", "jit", "", RepoRoot()));
    variants.Add(new("ReadyToRun (linux-x64 publish)", "r2r", "-r linux-x64 --self-contained false -p:PublishReadyToRun=true", RepoRoot()));
    var coldStarts = await ColdStart.RunAsync(RepoRoot(), variants, runs);
    Console.WriteLine(ColdStart.Markdown(coldStarts));
    return 0;
}

if (args.Contains("--burst"))
{
    // dotnet run -c Release --project bench/SeamFunctions.Benchmarks -- --burst [deliveries] [creates per second]
    var sizes = args.SkipWhile(a => a != "--burst").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
    var only = await BurstDrain.RunAsync(sizes.ElementAtOrDefault(0) is > 0 and var n ? n : 1000, sizes.ElementAtOrDefault(1) is > 0 and var rate ? rate : 100);
    Console.WriteLine(only);
    Console.WriteLine($"drain {only.Drain.TotalSeconds:F2} s, ideal {only.Ideal.TotalSeconds:F2} s, ratio {only.Ratio:F3}");
    return 0;
}

var smoke = args.Contains("--smoke");
var quick = args.Contains("--quick"); // adapter and hop at 64 connections only, for trying settings
var root = RepoRoot();
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault()
    ?? Path.Combine(root, smoke ? "artifacts/bench/smoke.md" : "bench/results.md");
var warmUp = TimeSpan.FromSeconds(smoke ? 1 : 3);
var measure = TimeSpan.FromSeconds(smoke ? 1 : 10);
var problems = new List<string>();

// The request path as production runs it, first, while nothing else in this process competes for the cores.
var processes = smoke ? "" : ProcessHarness.Markdown(await ProcessHarness.RunAsync(root, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(8), rounds: 3), rounds: 3);

using var nginx = await Nginx.StartAsync();
using var vault = new StubKeyVault { SecretValue = "seam_bench_key" };
var stubUrl = $"http://127.0.0.1:{nginx.StubPort}";

await using var adapter = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Seam:BaseUrl"] = stubUrl,
        ["KeyVault:Uri"] = StubKeyVault.VaultUri.ToString(),
        ["Logging:LogLevel:Default"] = "Warning",
    });
    builder.Services.AddSingleton(StubKeyVault.Credential());
    builder.Services.AddSingleton(vault.ClientOptions());
});
await adapter.StartAsync();
var adapterUrl = adapter.Urls.First();

await using var naive = await NaivePassThrough.StartAsync(stubUrl + "/");
var targets = new (string Name, string Url, string Body)[]
{
    ("adapter (DevServer)", $"{adapterUrl}/api/credentials", Upstream.AdapterBody),
    ("nginx hop", $"http://127.0.0.1:{nginx.HopPort}/acs/credentials/create", Upstream.SeamBody),
    ("upstream direct", $"{stubUrl}/acs/credentials/create", Upstream.SeamBody),
    ("naive .NET pass-through (reference)", $"{naive.Urls.First()}/naive", Upstream.SeamBody),
};

var results = new List<LoadResult>();
long kvReadsAtStart = -1;
foreach (var connections in quick ? [64] : new[] { 64, 1 })
{
    foreach (var (name, url, body) in quick ? targets[..2] : targets)
    {
        // Warm-up, excluded. The .NET servers get long enough for tiered compilation to reach optimized code
        // under load (measured: about 15 s for the adapter at 64 connections; before that it runs instrumented code).
        var dotnet = name.StartsWith("adapter", StringComparison.Ordinal) || name.StartsWith("naive", StringComparison.Ordinal);
        await Wrk.RunAsync(name, url, body, connections, dotnet && !smoke && connections == 64 ? TimeSpan.FromSeconds(20) : warmUp);
        if (kvReadsAtStart < 0)
            kvReadsAtStart = vault.Reads; // 64 requests arrived together at a cold cache
        var before = await nginx.TryRequestsAsync();
        var result = await Wrk.RunAsync(name, url, body, connections, measure);
        await Task.Delay(200);
        var stubRequests = await nginx.TryRequestsAsync() - before - 1;
        if (name.StartsWith("adapter", StringComparison.Ordinal))
        {
            var answered = result.Requests - result.Errors;
            if (answered > stubRequests)
                problems.Add($"{name} c{connections}: {answered} answered 2xx but the stub saw only {stubRequests}");
        }

        if (result.Errors > 0)
            problems.Add($"{name} c{connections}: {result.Errors} errors");
        results.Add(result);
    }
}

if (quick)
{
    foreach (var r in results)
        Console.WriteLine($"{r.Target} c{r.Connections}: {r.RequestsPerSecond:F0} req/s, p50 {r.P50Ms:F2} ms, p99 {r.P99Ms:F2} ms, errors {r.Errors}");
    Console.WriteLine($"adapter/hop {results[0].RequestsPerSecond / results[1].RequestsPerSecond:F2}");
    return 0;
}

var kvReads = vault.Reads;
var workingSetMb = Environment.WorkingSet / 1024.0 / 1024.0;

// The exactly-once path: every request with its own Idempotency-Key, so each one claims a key, calls the
// stub and stores its answer (in the DevServer's in-memory store: a floor; Table storage adds its round trips).
var keyed = $"{adapterUrl}/api/credentials";
await Wrk.RunAsync("adapter, own Idempotency-Key each", keyed, Upstream.AdapterBody, 64, warmUp, unique: Unique.IdempotencyKey);
foreach (var connections in new[] { 64, 1 })
{
    var result = await Wrk.RunAsync("adapter, own Idempotency-Key each", keyed, Upstream.AdapterBody, connections, measure, unique: Unique.IdempotencyKey);
    if (result.Errors > 0)
        problems.Add($"{result.Target} c{connections}: {result.Errors} errors");
    results.Add(result);
}
// The one-lock path: one access code per request (keyless), next to the ACS path above.
await Wrk.RunAsync("adapter, one lock", keyed, Upstream.LockBody, 64, warmUp);
foreach (var connections in new[] { 64, 1 })
{
    var result = await Wrk.RunAsync("adapter, one lock", keyed, Upstream.LockBody, connections, measure);
    if (result.Errors > 0)
        problems.Add($"{result.Target} c{connections}: {result.Errors} errors");
    results.Add(result);
}

await adapter.StopAsync();
await naive.StopAsync();

// The median of three fresh processes, so one slow disk read or a busy moment does not decide it.
var first201 = new[] { await DevServerFirst201Async(root, stubUrl), await DevServerFirst201Async(root, stubUrl), await DevServerFirst201Async(root, stubUrl) }
    .Order().ElementAt(1);
var di = new[] { await DiProbeInChildAsync(), await DiProbeInChildAsync(), await DiProbeInChildAsync() }.Order().ElementAt(1);
var inProcess = RunInProcess(smoke);

// A portfolio pushed at once while Seam allows 100 creates a second: every delivery 2xx, every PIN once, drained at Seam's pace.
var burst = await BurstDrain.RunAsync(smoke ? 200 : 1000, createsPerSecond: 100);
if (burst.Other > 0 || burst.PinsCreated != burst.Deliveries || burst.Duplicates > 0)
    problems.Add($"burst: {burst.Other} deliveries not 2xx, {burst.PinsCreated} of {burst.Deliveries} PINs, {burst.Duplicates} duplicates");

if (kvReadsAtStart != 1 || kvReads != 1)
    problems.Add($"Key Vault reads: {kvReadsAtStart} at the start, {kvReads} in all (expected 1 and 1 within one TTL)");

var report = Report.Markdown(results, kvReadsAtStart, kvReads, first201, di, workingSetMb, inProcess, measure, smoke, processes) + Report.Burst(burst);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report);
Console.WriteLine(report);
Console.WriteLine($"Written to {output}");
foreach (var problem in problems)
    Console.Error.WriteLine("PROBLEM: " + problem);
if (smoke)
    await GuardKeylessRatioAsync(root);
return problems.Count == 0 ? 0 : 1;

// CI's guard on the keyless path: its ratio to the naive hop beside the one the last full run recorded. A drop of
// more than a fifth is a loud warning, never a failure (these machines are noisy; a full run decides).
static async Task GuardKeylessRatioAsync(string root)
{
    var measured = await ProcessHarness.KeylessRatioAsync(root, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5));
    var recorded = ProcessHarness.RecordedRatio(await File.ReadAllTextAsync(Path.Combine(root, "bench/results.md")));
    Console.WriteLine(FormattableString.Invariant(
        $"keyless adapter / naive .NET hop at c64, processes apart: {measured:F2} × now, {recorded?.ToString("F2", CultureInfo.InvariantCulture) ?? "none"} × recorded in bench/results.md"));
    if (recorded is { } before && measured < before * 0.8)
    {
        var warning = FormattableString.Invariant($"keyless throughput ratio dropped by more than a fifth: {measured:F2} × against {before:F2} × recorded");
        Console.WriteLine(new string('!', 100));
        Console.WriteLine("WARNING: " + warning + " (a noisy machine, or a change that lost it: run the full benchmark to tell)");
        Console.WriteLine(new string('!', 100));
        Console.Error.WriteLine("::warning::" + warning);
    }
}

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "SeamFunctions.sln")))
            return dir.FullName;
    }

    throw new InvalidOperationException("SeamFunctions.sln not found");
}

// From process start to the first 201, for a fresh DevServer process (Release build).
static async Task<double> DevServerFirst201Async(string root, string stubUrl)
{
    var dll = Path.Combine(root, "src/SeamFunctions.DevServer/bin/Release/net10.0/SeamFunctions.DevServer.dll");
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]) { UseShellExecute = false, RedirectStandardOutput = true };
    start.Environment["Seam__BaseUrl"] = stubUrl;
    start.Environment["Seam__ApiKey"] = "seam_bench_key";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    using var http = new HttpClient();
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    try
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var response = await http.PostAsync($"http://127.0.0.1:{port}/api/credentials",
                    new StringContent(Upstream.AdapterBody, Encoding.UTF8, "application/json"));
                if (response.StatusCode == HttpStatusCode.Created)
                    return clock.Elapsed.TotalMilliseconds;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(5);
            }
        }

        return double.NaN;
    }
    finally
    {
        process.Kill(entireProcessTree: true);
    }
}

// The function app's DI container, built and resolved cold in a fresh process: what a cold start pays for it.
static double DiProbe()
{
    var clock = Stopwatch.StartNew();
    using var host = FunctionAppHost.CreateBuilder([], new Dictionary<string, string?>
    {
        ["KeyVault:Uri"] = "https://bench-vault.vault.azure.net/",
        ["AzureWebJobsStorage:accountName"] = "benchaccount",
    }).Build();
    _ = host.Services.GetRequiredService<CredentialsEndpoint>();
    return clock.Elapsed.TotalMilliseconds;
}

static async Task<double> DiProbeInChildAsync()
{
    var start = new ProcessStartInfo("dotnet", [typeof(Report).Assembly.Location, "--di-probe"]) { UseShellExecute = false, RedirectStandardOutput = true };
    using var process = Process.Start(start)!;
    var text = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return double.Parse(text.Trim(), CultureInfo.InvariantCulture);
}

static IReadOnlyList<(string Name, double MeanNs, long AllocatedBytes)> RunInProcess(bool smoke)
{
    var job = (smoke ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
    var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableLogFile);
    var summary = BenchmarkRunner.Run<RequestPathBenchmarks>(config);
    return [.. summary.Reports.Select(r => (
        r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,
        r.ResultStatistics?.Mean ?? double.NaN,
        r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1))];
}
