using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeamFunctions.FakeSeam;
using SeamFunctions.FunctionApp;
using SeamFunctions.Inbound;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.EndToEnd;

/// <summary>Requests an attacker or a sloppy client would send, through the DevServer over real HTTP.</summary>
public sealed class HardenedInboundTests : IAsyncLifetime
{
    private Adapter _adapter = null!;

    public async Task InitializeAsync() => _adapter = await Adapter.StartAsync();

    public async Task DisposeAsync() => await _adapter.DisposeAsync();

    private static HttpRequestMessage Create(string code, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/credentials")
        {
            Content = new StringContent(Adapter.ValidRequest(code).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    [Theory]
    [InlineData("code")]
    [InlineData("reference")]
    [InlineData("acs_user_id")]
    [InlineData("starts_at")]
    [InlineData("access_method")]
    public async Task AnUnpairedSurrogateInAnyFieldIs400InvalidJsonNot500(string field)
    {
        var json = Adapter.ValidRequest().ToJsonString().Replace("{", $"{{\"{field}\":\"\\ud800\",", StringComparison.Ordinal);

        using var response = await _adapter.PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_json", (string?)(await Adapter.ReadJsonAsync(response))["code"]);
        Assert.DoesNotContain(_adapter.Logs.Collector.GetSnapshot(), r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task TheSameCallersRetryWithItsFunctionKeyTwiceReplays()
    {
        using var first = await _adapter.Http.SendAsync(Create("4821", ("x-functions-key", "key-one"), ("Idempotency-Key", "booking-7")));

        // Two header lines of one name: HttpClient would fold them into one, so this is written by hand.
        var status = await RawPostAsync(Adapter.ValidRequest("4821").ToJsonString(), null,
            "x-functions-key: key-one", "x-functions-key: key-two", "Idempotency-Key: booking-7");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.StartsWith("HTTP/1.1 201", status, StringComparison.Ordinal);
        Assert.Contains("Idempotent-Replayed: true", status, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, _adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ABodyCutShortBeforeItsContentLengthIsRefusedNotAnError()
    {
        var json = Adapter.ValidRequest().ToJsonString();

        // Kestrel closes such a connection itself, so the sender may see no answer at all; never a 500.
        var answer = await RawPostAsync(json[..10], contentLength: json.Length);

        Assert.DoesNotContain("HTTP/1.1 500", answer, StringComparison.Ordinal);
        // Depending on when Kestrel sees the connection end, the read fails (refused) or the request is aborted.
        static bool Ended(string logs) =>
            logs.Contains("refused before reaching Seam: invalid_json", StringComparison.Ordinal) || logs.Contains("the caller went away", StringComparison.Ordinal);
        for (var wait = 0; wait < 50 && !Ended(_adapter.AllLogText()); wait++)
            await Task.Delay(100);
        Assert.True(Ended(_adapter.AllLogText()));
        Assert.DoesNotContain(_adapter.Logs.Collector.GetSnapshot(), r => r.Level >= LogLevel.Error);
        Assert.Equal(0, _adapter.Seam.State.CreateRequests);
    }

    /// <summary>
    /// A POST written on the socket, for what HttpClient cannot produce (repeated header lines, a body shorter
    /// than its Content-Length: the sending side is then closed). Returns the whole answer.
    /// </summary>
    private async Task<string> RawPostAsync(string json, int? contentLength = null, params string[] headerLines)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_adapter.Http.BaseAddress!.Host, _adapter.Http.BaseAddress.Port);
        await using var stream = client.GetStream();
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST /api/credentials HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {contentLength ?? body.Length}\r\n" +
                   string.Concat(headerLines.Select(line => line + "\r\n")) + "Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        if (contentLength is not null)
            client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            return await reader.ReadToEndAsync();
        }
        catch (IOException) when (contentLength is not null)
        {
            return ""; // the server reset the connection: no answer
        }
    }

    [Fact]
    public async Task AFunctionKeyOrTokenInTheQueryStringNeverReachesTheLogs()
    {
        using var response = await _adapter.Http.PostAsync("api/credentials?code=fnkey-Qx81-secret&token=tok-Zk22-secret",
            new StringContent(Adapter.ValidRequest().ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var logs = _adapter.AllLogText();
        Assert.Contains("created for request", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("fnkey-Qx81-secret", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-Zk22-secret", logs, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFunctionAppKeepsUrlLoggingCategoriesAtWarningAndHostingDiagnosticsOff()
    {
        using var host = FunctionAppHost.CreateBuilder([], new Dictionary<string, string?> { ["Seam:ApiKey"] = "k", ["KeyVault:Uri"] = "" }).Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger("SeamFunctions.Inbound.CredentialsEndpoint").IsEnabled(LogLevel.Information));
        foreach (var category in new[] { "Microsoft.AspNetCore.Routing.EndpointMiddleware", "Microsoft.AspNetCore.Server.Kestrel" })
        {
            Assert.False(loggers.CreateLogger(category).IsEnabled(LogLevel.Information), category);
            Assert.True(loggers.CreateLogger(category).IsEnabled(LogLevel.Warning), category);
        }

        // Its lines are request URLs and a failed start (which the host throws); while it is on at all, every request
        // gets an Activity and a log scope whether anyone listens or not.
        Assert.False(loggers.CreateLogger(HostLogFilters.HostingDiagnostics).IsEnabled(LogLevel.Critical));
    }

    [Fact]
    public async Task TheOpenApiDocumentIgnoresAForgedHostAndMayBeCached()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/openapi.json");
        request.Headers.Host = "evil.example";

        using var response = await _adapter.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.MaxAge > TimeSpan.Zero);
    }

    [Fact]
    public async Task AQuotedUtf8CharsetIsJson()
    {
        var content = new StringContent(Adapter.ValidRequest().ToJsonString());
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=\"utf-8\"");

        using var response = await _adapter.Http.PostAsync("api/credentials", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AnEmptyIdempotencyKeyHeaderIsA400NotARequestWithoutKey()
    {
        using var response = await _adapter.Http.SendAsync(Create("4821", ("Idempotency-Key", "")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Adapter.ReadJsonAsync(response);
        Assert.Equal("invalid_request", (string?)body["code"]);
        Assert.NotNull(body["errors"]!["Idempotency-Key"]);
        Assert.Equal(0, _adapter.Seam.State.CreateRequests);
    }
}
