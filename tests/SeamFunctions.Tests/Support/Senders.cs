using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SeamFunctions.Tests.Support;

/// <summary>Deliveries signed or authenticated as PMS senders do it, over the exact bytes sent.</summary>
internal static class Senders
{
    /// <summary>HMAC-SHA256 of the body with the secret's UTF-8 bytes, as <c>sha256=&lt;hex&gt;</c> in <paramref name="header"/>.</summary>
    public static HttpRequestMessage HmacSha256(string source, string json, string secret, string header = "X-Signature")
    {
        var request = Post(source, json);
        request.Headers.Add(header, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(json))));
        return request;
    }

    /// <summary>Standard Webhooks (or, with <paramref name="prefix"/> <c>svix-</c>, Svix as Guesty signs): HMAC over id.timestamp.body.</summary>
    public static HttpRequestMessage StandardWebhooks(string source, string json, string secret, string prefix = "webhook-", string? id = null)
    {
        var request = Post(source, json);
        id ??= "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{json}"));
        request.Headers.Add(prefix + "id", id);
        request.Headers.Add(prefix + "timestamp", timestamp);
        request.Headers.Add(prefix + "signature", "v1," + Convert.ToBase64String(mac));
        return request;
    }

    /// <summary>One of Seam's events, as Seam sends it through Svix to <c>/api/seam/events</c>.</summary>
    public static HttpRequestMessage SeamEvent(string json, string secret, string? id = null, DateTimeOffset? at = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/seam/events") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        id ??= "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{json}"));
        request.Headers.Add("svix-id", id);
        request.Headers.Add("svix-timestamp", timestamp);
        request.Headers.Add("svix-signature", "v1," + Convert.ToBase64String(mac));
        return request;
    }

    /// <summary>HTTP Basic with <c>user:password</c>.</summary>
    public static HttpRequestMessage Basic(string source, string json, string login)
    {
        var request = Post(source, json);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(login)));
        return request;
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(this Adapter adapter, HttpRequestMessage request)
    {
        using (request)
        using (var response = await adapter.Http.SendAsync(request))
            return (response.StatusCode, await Adapter.ReadJsonAsync(response));
    }

    private static HttpRequestMessage Post(string source, string json) =>
        new(HttpMethod.Post, $"api/sources/{source}/credentials") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
