using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SeamFunctions.Benchmarks;

internal static class Report
{
    public static string Markdown(
        IReadOnlyList<LoadResult> results, long kvReadsAtStart, long kvReads, double first201Ms, double diMs, double workingSetMb,
        IReadOnlyList<(string Name, double MeanNs, long AllocatedBytes)> inProcess, TimeSpan measured, bool smoke, string processes = "")
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# SeamFunctions benchmark{(smoke ? " (smoke: 1 s runs, numbers not meaningful)" : "")}");
        text.AppendLine();
        text.AppendLine(c, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {RuntimeInformation.OSDescription} · .NET {Environment.Version} · " +
                           $"everything on 127.0.0.1 of one machine");
        text.AppendLine();
        if (processes.Length > 0)
        {
            text.AppendLine("## Each server in its own process (as production runs it)");
            text.AppendLine();
            text.Append(processes);
            text.AppendLine();
            text.AppendLine("## Adapter and runner in one process (the earlier harness)");
            text.AppendLine();
        }

        text.AppendLine(c, $"wrk 1 thread, {measured.TotalSeconds:F0} s per run after a warm-up:");
        text.AppendLine();
        text.AppendLine("| target | connections | req/s | p50 ms | p90 ms | p99 ms | requests | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            text.AppendLine(c, $"| {r.Target} | {r.Connections} | {r.RequestsPerSecond:F0} | {r.P50Ms:F3} | {r.P90Ms:F3} | {r.P99Ms:F3} | {r.Requests} | {r.Errors} |");
        text.AppendLine();

        LoadResult Of(string prefix, int connections) => results.Single(r => r.Target.StartsWith(prefix, StringComparison.Ordinal) && r.Connections == connections);
        var keyed64 = Of("adapter, own", 64);
        var (adapter64, hop64, direct64) = (Of("adapter (", 64), Of("nginx", 64), Of("upstream", 64));
        var (adapter1, direct1) = (Of("adapter (", 1), Of("upstream", 1));
        var naive64 = Of("naive", 64);
        var vsHop = adapter64.RequestsPerSecond / hop64.RequestsPerSecond;
        var added50 = adapter1.P50Ms - direct1.P50Ms;
        var added99 = adapter1.P99Ms - direct1.P99Ms;

        text.AppendLine("| target (from the issue) | measured | result |");
        text.AppendLine("|---|---|---|");
        Row(text, "throughput at 64 connections ≥ 0.75 × nginx hop",
            $"{vsHop:F2} × hop ({adapter64.RequestsPerSecond / direct64.RequestsPerSecond:F2} × direct; the naive .NET hop: {naive64.RequestsPerSecond / hop64.RequestsPerSecond:F2} × hop)", vsHop >= 0.75);
        Row(text, "added p50 latency at 1 connection ≤ 0.3 ms", $"{added50:F3} ms", added50 <= 0.3);
        Row(text, "added p99 latency at 1 connection ≤ 2 ms", $"{added99:F3} ms", added99 <= 2);
        Row(text, "zero errors, zero lost requests", $"{results.Sum(r => r.Errors)} errors", results.All(r => r.Errors == 0));
        Row(text, "Key Vault reads: 1 per TTL, also with 64 at once at the start", $"{kvReadsAtStart} at the start, {kvReads} in all", kvReadsAtStart == 1 && kvReads == 1);
        Row(text, "DevServer: process start to first 201 ≤ 1 s", $"{first201Ms:F0} ms (median of 3 fresh processes)", first201Ms <= 1000);
        text.AppendLine(c, $"| function app: DI container built and endpoint resolved, cold | {diMs:F0} ms (median of 3; JIT build, ReadyToRun on publish saves ~18%) | (reported) |");
        text.AppendLine(c, $"| exactly-once path (own key per request, in-memory store) at 64 connections | {keyed64.RequestsPerSecond / adapter64.RequestsPerSecond:F2} × the keyless adapter | (reported) |");
        var lock64 = Of("adapter, one lock", 64);
        text.AppendLine(c, $"| one-lock path (an access code per request, keyless) at 64 connections | {lock64.RequestsPerSecond / adapter64.RequestsPerSecond:F2} × the ACS path | (reported) |");
        text.AppendLine(c, $"| working set after the load runs (runner + DevServer in one process) | {workingSetMb:F0} MiB | (reported) |");
        text.AppendLine();
        text.AppendLine("In-process path (BenchmarkDotNet, no I/O):");
        text.AppendLine();
        text.AppendLine("| step | mean | allocated |");
        text.AppendLine("|---|---:|---:|");
        foreach (var (name, meanNs, allocated) in inProcess)
            text.AppendLine(c, $"| {name} | {meanNs / 1000:F2} µs | {allocated} B |");
        return text.ToString();
    }

    /// <summary>The burst drain: what the deliveries got and how long Seam's pace took, against the ideal.</summary>
    public static string Burst(BurstResult burst)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine(c, $"Burst while Seam rate-limits (queued commands): {burst.Deliveries} signed deliveries, 32 in flight, to a Seam stand-in allowing " +
                           $"{burst.CreatesPerSecond} creates a second (a fixed one-second window; 429 with Retry-After: 1 beyond it):");
        text.AppendLine();
        text.AppendLine("| target (from the issue) | measured | result |");
        text.AppendLine("|---|---|---|");
        Row(text, "every delivery answered 2xx", $"{burst.Created201} × 201 (Seam took them at once), {burst.Queued202} × 202 (queued), {burst.Other} other", burst.Other == 0);
        Row(text, "every PIN created exactly once", $"{burst.PinsCreated} of {burst.Deliveries} PINs on the lock, {burst.Duplicates} duplicates", burst.PinsCreated == burst.Deliveries && burst.Duplicates == 0);
        Row(text, "drain within 1.25 × the ideal deliveries / N", $"{burst.Drain.TotalSeconds:F2} s vs {burst.Ideal.TotalSeconds:F2} s ideal: {burst.Ratio:F2} ×", burst.Ratio <= 1.25);
        text.AppendLine(c, $"| 429 answers Seam gave (no storm: the queue waits out each one together) | {burst.SeamRateLimited} for {burst.Deliveries} creates | (reported) |");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string target, string measured, bool pass) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {measured} | {(pass ? "pass" : "**miss**")} |");
}
