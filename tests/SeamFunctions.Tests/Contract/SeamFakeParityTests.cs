using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Contract;

/// <summary>
/// Our fake and Seam's own fake (<c>@seamapi/fake-seam-connect</c>) answer the same requests alike, on the
/// routes both serve. Seam's fake has no <c>/acs/credentials/*</c> routes, which is why ours exists at all.
/// </summary>
public sealed class SeamFakeParityTests : IAsyncLifetime
{
    /// <summary>Seam's own fake; its seeded API key is <c>seam_apikey1_token</c>.</summary>
    private NodePeer _theirs = null!;
    private FakeSeamServer _ours = null!;

    public async Task InitializeAsync()
    {
        _theirs = await NodePeer.StartAsync("seam-fake-loopback.mjs");
        _ours = await FakeSeamServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _theirs.DisposeAsync();
        await _ours.DisposeAsync();
    }

    public enum Auth
    {
        None,
        WrongKey,
        ValidKey,
    }

    [Theory]
    [InlineData(Auth.None, """{"acs_user_id":"5d1f3f8e-4a3b-4d5e-9b7a-1c2d3e4f5a6b"}""")]
    [InlineData(Auth.WrongKey, """{"acs_user_id":"5d1f3f8e-4a3b-4d5e-9b7a-1c2d3e4f5a6b"}""")]
    [InlineData(Auth.ValidKey, """{"acs_user_id":"5d1f3f8e-4a3b-4d5e-9b7a-1c2d3e4f5a6b"}""")]
    [InlineData(Auth.ValidKey, """{"acs_user_id":12}""")]
    [InlineData(Auth.ValidKey, """{"acs_user_id":null}""")]
    [InlineData(Auth.ValidKey, """{}""")]
    [InlineData(Auth.ValidKey, """[]""")]
    [InlineData(Auth.None, """[]""")]
    [InlineData(Auth.ValidKey, """not json""")]
    [InlineData(Auth.None, """not json""")]
    public async Task BothFakesAnswerAcsUsersGetAlike(Auth auth, string body)
    {
        var theirs = await SendAsync(_theirs.BaseUrl, "seam_apikey1_token", auth, body);
        var ours = await SendAsync(_ours.BaseUrl, FakeSeamSeed.ApiKey, auth, body);

        Assert.Equal(theirs.Status, ours.Status);
        Assert.Equal(theirs.ErrorType, ours.ErrorType);
        Assert.Equal(theirs.ValidationFields, ours.ValidationFields);
        Assert.Equal(theirs.HasRequestId, ours.HasRequestId);
    }

    private static async Task<(int Status, string? ErrorType, string ValidationFields, bool HasRequestId)> SendAsync(
        Uri baseUrl, string validKey, Auth auth, string body)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "acs/users/get")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (auth != Auth.None)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auth == Auth.ValidKey ? validKey : "seam_wrong_key");

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null;
        var validation = json?["error"]?["validation_errors"]?.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        return ((int)response.StatusCode, (string?)json?["error"]?["type"], string.Join(",", validation ?? Enumerable.Empty<string>()),
            response.Headers.Contains("seam-request-id"));
    }
}
