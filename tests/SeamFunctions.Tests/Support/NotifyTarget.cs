using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SeamFunctions.Tests.Support;

/// <summary>
/// A caller's notification receiver on 127.0.0.1: answers each delivery with the next planned status (200 once the
/// plan is used up, or always <see cref="Down"/>'s), and keeps every delivery with its headers, body and whether
/// its Standard Webhooks signature verifies under <see cref="Secret"/> (checked here, independently of the adapter).
/// </summary>
internal sealed class NotifyTarget : IAsyncDisposable
{
    public const string Secret = "whsec_bm90aWZ5LXNpZ25pbmctc2VjcmV0LWZvci10ZXN0cw==";
    private readonly WebApplication _app;
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly Queue<int> _plan;
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;

    private NotifyTarget(IEnumerable<int> plan, TimeProvider clock)
    {
        _plan = new Queue<int>(plan);
        _clock = clock;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hooks/seam", ReceiveAsync);
    }

    public sealed record Delivery(string? Id, string? Timestamp, bool SignatureValid, JsonObject Body, string Text, int Answered);

    /// <summary>Every status to answer after the plan runs out; null: 200.</summary>
    public int? Down { get; set; }

    public Uri Url => new(_app.Urls.First().TrimEnd('/') + "/hooks/seam");

    public List<Delivery> Received { get; } = [];

    /// <param name="plan">The statuses of the first deliveries, in order (e.g. three 500s).</param>
    public static Task<NotifyTarget> StartAsync(params int[] plan) => StartAsync(TimeProvider.System, plan);

    /// <param name="clock">The receiver's clock, for the signature's five-minute window (the adapter's, when a test moves it).</param>
    /// <param name="plan">The statuses of the first deliveries, in order.</param>
    public static async Task<NotifyTarget> StartAsync(TimeProvider clock, params int[] plan)
    {
        var target = new NotifyTarget(plan, clock);
        await target._app.StartAsync();
        return target;
    }

    /// <summary>The next delivery; fails after <paramref name="seconds"/> without one.</summary>
    public async Task<Delivery> NextAsync(int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await _deliveries.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Whether another delivery arrives within <paramref name="seconds"/>.</summary>
    public async Task<bool> AnyMoreAsync(double seconds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await _deliveries.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var (id, timestamp) = (context.Request.Headers["webhook-id"].FirstOrDefault(), context.Request.Headers["webhook-timestamp"].FirstOrDefault());
        var valid = Verifies(id, timestamp, context.Request.Headers["webhook-signature"].FirstOrDefault(), text);
        int status;
        lock (_lock)
            status = _plan.Count > 0 ? _plan.Dequeue() : Down ?? 200;
        var delivery = new Delivery(id, timestamp, valid, (JsonObject)JsonNode.Parse(text)!, text, status);
        lock (_lock)
            Received.Add(delivery);
        await _deliveries.Writer.WriteAsync(delivery);
        context.Response.StatusCode = status;
    }

    private bool Verifies(string? id, string? timestamp, string? signature, string body)
    {
        if (id is null || timestamp is null || signature is null || !long.TryParse(timestamp, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(_clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > 300)
            return false;
        var mac = HMACSHA256.HashData(Convert.FromBase64String(Secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return signature.Split(' ').Contains("v1," + Convert.ToBase64String(mac));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
