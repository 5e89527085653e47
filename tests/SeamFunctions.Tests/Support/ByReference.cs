using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SeamFunctions.Tests.Support;

/// <summary>The lifecycle routes as a caller uses them: PUT and DELETE by reference, and reading an answer of an expected status.</summary>
internal static class ByReference
{
    public const string Starts = "2030-01-01T15:00:00Z";
    public const string Ends = "2030-01-03T11:00:00Z";

    /// <summary>A stay for the seeded ACS user.</summary>
    public static JsonObject Stay(string code = "4821", string starts = Starts, string ends = Ends, object? version = null)
    {
        var body = Adapter.ValidRequest(code);
        body["starts_at"] = starts;
        body["ends_at"] = ends;
        if (version is not null)
            body["version"] = JsonValue.Create(version);
        return body;
    }

    public static Task<HttpResponseMessage> PutAsync(this Adapter adapter, string reference, JsonObject body) =>
        adapter.Http.PutAsync($"api/credentials/{reference}", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> DeleteAsync(this Adapter adapter, string reference, object? version = null) =>
        adapter.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/credentials/{reference}")
        {
            Content = version is null ? null : new StringContent(new JsonObject { ["version"] = JsonValue.Create(version) }.ToJsonString(), Encoding.UTF8, "application/json"),
        });

    /// <summary>A request to one of the adapter's routes with an optional JSON body; with <paramref name="respondAsync"/>, <c>Prefer: respond-async</c> (queue it, answer 202).</summary>
    public static async Task<HttpResponseMessage> SendJsonAsync(this Adapter adapter, HttpMethod method, string path, JsonObject? body, bool respondAsync = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (respondAsync)
            request.Headers.Add("Prefer", "respond-async");
        return await adapter.Http.SendAsync(request);
    }

    /// <summary>GET by reference, sent again (up to three times) as a caller would when Seam failed the read (a queued fault may hit it).</summary>
    public static async Task<HttpResponseMessage> GetRetriedAsync(this Adapter adapter, string reference)
    {
        for (var attempt = 0; ; attempt++)
        {
            var read = await adapter.Http.GetAsync("api/credentials/" + reference);
            if ((int)read.StatusCode < 500 || attempt == 3)
                return read;
            read.Dispose();
        }
    }

    /// <summary>DELETE until it is answered (200, or 404 for a reference never made), as a PMS cancelling a booking would.</summary>
    public static async Task RevokedAsync(this Adapter adapter, string reference)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await adapter.Http.DeleteAsync("api/credentials/" + reference);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
                return;
            Assert.True(attempt < 6, $"DELETE {reference}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The answer's body, asserting its status (the body in the message when it differs).</summary>
    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await Adapter.ReadJsonAsync(response);
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }
}
