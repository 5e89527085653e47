using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using SeamFunctions.Upstream;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Telemetry;

/// <summary>Each Seam operation is one named client span with its outcome and seam_request_id, and no PIN in any tag.</summary>
public sealed class SeamSpanTests
{
    [Fact]
    public async Task EachSeamOperationIsOneNamedSpanWithItsOutcomeAndNoPin()
    {
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?> { ["Idempotency:ReconcileAfter"] = "00:00:00" });
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SeamClient.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await adapter.PutAsync("span-1", Stay(code: "97531864"));
        await adapter.PutAsync("span-1", Stay(code: "86420975")); // update
        await adapter.Http.GetAsync("api/credentials/span-1");
        await adapter.DeleteAsync("span-1");
        await adapter.Http.GetAsync("api/credentials/span-1");
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(503, "service_unavailable", "Try again"));
        Assert.Equal(HttpStatusCode.BadGateway, (await adapter.PutAsync("span-2", Stay(code: "75319864"))).StatusCode);
        await adapter.PutAsync("span-2", Stay(code: "75319864")); // reconciles with a list, then creates

        var ours = spans.Where(s => Equals(s.GetTagItem("server.port"), adapter.Seam.BaseUrl.Port)).ToList();
        Assert.Equal(
            ["SeamClient.CreateCredential", "SeamClient.UpdateCredential", "SeamClient.GetCredential", "SeamClient.DeleteCredential",
             "SeamClient.CreateCredential", "SeamClient.ListCredentials", "SeamClient.CreateCredential"],
            ours.Select(s => s.DisplayName));
        Assert.All(ours, s => Assert.Equal(ActivityKind.Client, s.Kind));
        Assert.Equal(["ok", "ok", "ok", "ok", "unavailable", "ok", "ok"], ours.Select(s => (string?)s.GetTagItem("seam.outcome")));
        Assert.Equal(ActivityStatusCode.Error, ours[4].Status);
        Assert.All(ours, s => Assert.False(string.IsNullOrEmpty((string?)s.GetTagItem("seam_request_id"))));
        var tagText = string.Join("\n", ours.SelectMany(s => s.TagObjects).Select(t => $"{t.Key}={t.Value}"));
        foreach (var pin in (string[])["97531864", "86420975", "75319864"])
            Assert.DoesNotContain(pin, tagText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAListenerTheCallersTraceRunsThroughTheRequestAndItsSeamCallToSeam()
    {
        await using var adapter = await Adapter.StartAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "System.Net.Http" or SeamClient.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            // Tests running beside this one may listen too, and a listener hears every span of its sources: this trace's only.
            ActivityStopped = span =>
            {
                if (span.TraceId == traceId)
                    spans.Enqueue(span);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/credentials") { Content = new StringContent(Adapter.ValidRequest().ToJsonString(), Encoding.UTF8, "application/json") };
        var callersSpan = ActivitySpanId.CreateRandom();
        request.Headers.Add("traceparent", $"00-{traceId}-{callersSpan}-01");

        // A client that sends the caller's traceparent as given (another test's listener could make the default one
        // start a span of its own and send that instead).
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = adapter.Http.BaseAddress };

        using var response = await caller.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Four spans of this trace: the adapter's request, its Seam operation, the HTTP call, and the fake Seam's own
        // request (an ASP.NET Core server too), each stopped once its work is done.
        _ = await Eventually.ValueAsync(
            () => Task.FromResult(string.Join(", ", spans.Select(s => $"{s.Source.Name}:{s.DisplayName}"))), _ => spans.Count >= 4);
        var inbound = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.ParentSpanId == callersSpan);
        var seam = Assert.Single(spans, s => s.DisplayName == "SeamClient.CreateCredential");
        var outbound = Assert.Single(spans, s => s.Source.Name == "System.Net.Http");
        var atSeam = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.ParentSpanId != callersSpan);
        Assert.Equal(inbound.SpanId, seam.ParentSpanId);
        Assert.Equal(seam.SpanId, outbound.ParentSpanId);
        Assert.Equal(outbound.SpanId, atSeam.ParentSpanId);
        Assert.Equal(4, spans.Count);
    }
}
