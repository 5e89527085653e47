using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.EndToEnd;

/// <summary>Every row of the error table, through the DevServer over real HTTP.</summary>
public sealed class ErrorAnswerTests : IAsyncLifetime
{
    private Adapter _adapter = null!;

    public async Task InitializeAsync() => _adapter = await Adapter.StartAsync(new Dictionary<string, string?> { ["Seam:Timeout"] = "00:00:03" });

    public async Task DisposeAsync() => await _adapter.DisposeAsync();

    /// <summary>Checks the problem shape every failure shares and returns its body.</summary>
    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, bool retryable)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Adapter.ReadJsonAsync(response);
        Assert.False((bool)body["ok"]!);
        Assert.Equal(code, (string?)body["code"]);
        Assert.Equal((int)status, (int)body["status"]!);
        Assert.Equal("urn:seamfunctions:problem:" + code, (string?)body["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)body["detail"]));
        Assert.Equal(retryable, (bool)body["retryable"]!);
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), (string?)body["request_id"]);
        return body;
    }

    [Fact]
    public async Task BrokenJsonIs400InvalidJsonAndNothingReachesSeam()
    {
        using var response = await _adapter.PostAsync("""{"acs_user_id": "3f6c2a9e""");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_json", retryable: false);
        Assert.Equal(0, _adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task InvalidFieldsAre400InvalidRequestWithFieldErrorsAndNoPinEcho()
    {
        using var response = await _adapter.PostAsync($$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","code":"98x7"}""");

        var body = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request", retryable: false);
        Assert.NotEmpty(body["errors"]!["code"]!.AsArray());
        Assert.DoesNotContain("98x7", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, _adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ProblemTextStaysReadableAsRawJson()
    {
        using var response = await _adapter.PostAsync($$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","code":4821}""");

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains(@"e.g. \""0123\""", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("""\u0022""", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task ABodyThatIsNotJsonIs415(string contentType)
    {
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Adapter.ValidRequest().ToJsonString()));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await _adapter.Http.PostAsync("api/credentials", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", retryable: false);
        Assert.Equal(0, _adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ABodyOverSixtyFourKibIs413()
    {
        var request = Adapter.ValidRequest();
        request["padding"] = new string('x', 64 * 1024);

        using var response = await _adapter.PostAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large", retryable: false);
        Assert.Equal(0, _adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitIs413Too()
    {
        var big = Adapter.ValidRequest();
        big["padding"] = new string('x', 70 * 1024);
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big.ToJsonString())));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/credentials") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _adapter.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large", retryable: false);
    }

    [Fact]
    public async Task AnUnknownAcsUserIs404WithSeamsNotFoundCode()
    {
        using var response = await _adapter.PostAsync($$"""{"acs_user_id":"{{Guid.NewGuid()}}","code":"1234"}""");

        var body = await AssertProblemAsync(response, HttpStatusCode.NotFound, "acs_user_not_found", retryable: false);
        Assert.False(string.IsNullOrEmpty((string?)body["seam_request_id"]));
    }

    [Fact]
    public async Task SeamsInvalidInputIs422UpstreamRejectedWithItsValidationMessages()
    {
        using var response = await _adapter.PostAsync(Adapter.ValidRequest("12"));

        var body = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "upstream_rejected", retryable: false);
        Assert.Equal("invalid_input", (string?)body["seam_error_type"]);
        Assert.Contains("digits", (string?)body["errors"]!["code"]![0], StringComparison.Ordinal);
        Assert.Empty(_adapter.Seam.State.Credentials);
    }

    [Fact]
    public async Task SeamRateLimitingIs429WithRetryAfterPassedOn()
    {
        _adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(429, "rate_limited", "Slow down", RetryAfter: "7"));

        using var response = await _adapter.PostAsync(Adapter.ValidRequest());

        await AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "rate_limited", retryable: true);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ABadApiKeyIs502UpstreamAuthFailedNotTheCallersFault()
    {
        _adapter.Seam.State.ApiKeys.Clear();

        using var response = await _adapter.PostAsync(Adapter.ValidRequest());

        await AssertProblemAsync(response, HttpStatusCode.BadGateway, "upstream_auth_failed", retryable: false);
    }

    [Fact]
    public async Task SeamServerErrorIs502UpstreamUnavailableAndIsNotRetried()
    {
        _adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(503, "service_unavailable", "Down for maintenance"));

        using var response = await _adapter.PostAsync(Adapter.ValidRequest());

        await AssertProblemAsync(response, HttpStatusCode.BadGateway, "upstream_unavailable", retryable: true);
        Assert.Equal(1, _adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AnUnreadableAnswerIs502UpstreamUnavailable()
    {
        _adapter.Seam.State.EnqueueFault(new FakeSeamFault.Garbage());

        using var response = await _adapter.PostAsync(Adapter.ValidRequest());

        await AssertProblemAsync(response, HttpStatusCode.BadGateway, "upstream_unavailable", retryable: true);
    }

    [Fact]
    public async Task AConnectionResetAfterSeamCreatedIsNotRetried()
    {
        _adapter.Seam.State.EnqueueFault(new FakeSeamFault.Reset(CreateFirst: true));

        using var response = await _adapter.PostAsync(Adapter.ValidRequest());

        await AssertProblemAsync(response, HttpStatusCode.BadGateway, "upstream_unavailable", retryable: true);
        Assert.Equal(1, _adapter.Seam.State.CreateRequests);
        Assert.Single(_adapter.Seam.State.Credentials);
    }

    [Fact]
    public async Task ASlowSeamIs504UpstreamTimeoutAndIsNotRetried()
    {
        _adapter.Seam.State.EnqueueFault(new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: true));

        using var response = await _adapter.PostAsync(Adapter.ValidRequest());

        await AssertProblemAsync(response, HttpStatusCode.GatewayTimeout, "upstream_timeout", retryable: true);
        Assert.Equal(1, _adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task HealthAndCreateCarryRequestIdsOnFailuresToo()
    {
        using var response = await _adapter.PostAsync("[]");

        Assert.Single(response.Headers.GetValues("x-request-id"));
    }
}
