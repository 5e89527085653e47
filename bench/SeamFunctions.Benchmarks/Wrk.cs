using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SeamFunctions.Benchmarks;

/// <summary>One wrk run's numbers.</summary>
internal sealed record LoadResult(string Target, int Connections, double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, long Requests, long Errors);

/// <summary>What makes each request of a run its own: nothing, its own Idempotency-Key, or its own reference in the body.</summary>
internal enum Unique
{
    None,
    IdempotencyKey,
    Reference,
}

/// <summary>wrk (Debian's package) as the load generator: POST with a JSON body, latency distribution on.</summary>
internal static partial class Wrk
{
    /// <param name="unique">Send every request with its own Idempotency-Key or reference (the exactly-once paths).</param>
    /// <param name="threads">wrk's threads (1 beside an in-process server; 2 when each server has its own process).</param>
    public static async Task<LoadResult> RunAsync(string target, string url, string body, int connections, TimeSpan duration, Unique unique = Unique.None, int threads = 1)
    {
        var script = Path.Combine(Path.GetTempPath(), $"seam-bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, $"""
            wrk.method = "POST"
            wrk.body = '{body}'
            wrk.headers["Content-Type"] = "application/json"
            """ + Script(unique));
        try
        {
            var start = new ProcessStartInfo("wrk",
                [$"-t{Math.Min(threads, connections)}", $"-c{connections}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--timeout", "10s", "--latency", "-s", script, url])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return Parse(target, connections, output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>
    /// Each request's own key: the run, wrk's thread (each thread runs its own copy of the script, so a counter alone
    /// would repeat across threads) and a counter; sent as the header or as the body's <c>reference</c>.
    /// </summary>
    private static string Script(Unique unique) => unique == Unique.None ? "" : $$"""

        local run = "{{Guid.NewGuid():N}}"
        local counter = 0
        local threads = 0
        function setup(thread)
          threads = threads + 1
          thread:set("tid", threads)
        end
        request = function()
          counter = counter + 1
          local key = run .. "-" .. tid .. "-" .. counter
        {{(unique == Unique.IdempotencyKey
            ? """
                  wrk.headers["Idempotency-Key"] = key
                  return wrk.format()
                """
            : """
                  return wrk.format(nil, nil, nil, (string.gsub(wrk.body, "}$", ',"reference":"bench-' .. key .. '"}')))
                """)}}
        end
        """;

    internal static LoadResult Parse(string target, int connections, string output)
    {
        double Latency(string percentile) =>
            Regex.Match(output, $@"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline) is { Success: true } m
                ? ToMs(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value)
                : double.NaN;
        long Count(Regex pattern) => pattern.Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

        var socketErrors = SocketErrors().Match(output);
        var errors = Count(Non2xx()) + (socketErrors.Success
            ? Enumerable.Range(1, 4).Sum(i => long.Parse(socketErrors.Groups[i].Value, CultureInfo.InvariantCulture))
            : 0);
        return new LoadResult(target, connections,
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Latency("50"), Latency("90"), Latency("99"), Count(TotalRequests()), errors);
    }

    private static double ToMs(double value, string unit) => unit switch
    {
        "us" => value / 1000,
        "s" => value * 1000,
        _ => value,
    };

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
