using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SeamFunctions.DevServer;
using SeamFunctions.Tests.Support;
using SeamFunctions.Validation;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Tests.Webhooks;

/// <summary>
/// Every docs/pms profile's samples, mutated field by field (lone surrogates, huge numbers, wrong types), cut short, or
/// replaced by bytes that are not JSON, signed as the sender signs and run through the real verifier and parser in
/// process: each ends as a refusal or a request, never an exception; a body that cannot be read is never taken for
/// an event that asks for nothing; a create or upsert never goes ahead without a listed unit.
/// </summary>
public sealed class MappedDeliveryPropertyTests
{
    private const long Iterations = 6_000;

    private static readonly string[] Scalars =
    [
        "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"12\\ud83d\"", "\"\\u0000\"", "\"١٥\"", "\"１５:００\"", "\"9999-12-31\"", "\"\"",
        "1e99999999999999999999999", "-1", "123456789012345678901234567890", "0", "true", "null", "[]", "{}", "\"Declined\"", "\"Booked\"", "\"cancelled\"",
    ];

    private static readonly string[] SampleNames = ["created.json", "moved.json", "cancelled.json"];

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["guesty"] = PmsProfile.SvixSecret, ["lodgify"] = PmsProfile.LodgifySecret, ["hostaway"] = PmsProfile.HostawayLogin,
    };

    [Theory]
    [InlineData("guesty")]
    [InlineData("lodgify")]
    [InlineData("hostaway")]
    public async Task EveryMutatedSampleIsRefusedOrReadNeverThrownNorIgnoredUnread(string pms)
    {
        var profile = await PmsProfile.LoadAsync(pms);
        var samples = await Task.WhenAll(SampleNames.Select(profile.SampleAsync));
        await using var app = Build(profile);
        var verifier = app.Services.GetRequiredService<WebhookVerifier>();
        var parser = app.Services.GetRequiredService<AccessRequestParser>();

        Deliveries(samples).Sample(body =>
        {
            var sequence = new ReadOnlySequence<byte>(body);
            var delivery = verifier.VerifyAsync(pms, Signed(pms, body), sequence, "property", CancellationToken.None).GetAwaiter().GetResult();
            var readable = AccessRequestParser.CheckReadable(sequence) is null;
            if (delivery.Refusal is { } refusal)
            {
                Assert.True(readable || refusal.Code == "invalid_json", $"unreadable, refused as {refusal.Code}");
                return;
            }

            Assert.True(readable, "an unreadable body was accepted as " + delivery.Action);
            if (delivery.Action is DeliveryAction.Create or DeliveryAction.Upsert)
            {
                var parsed = parser.Parse(delivery.Payload, delivery.Source!.LocalTimes, codeMayBeGenerated: true);
                Assert.True(parsed.Request is not null || parsed.InvalidJsonDetail is not null || parsed.Errors is { IsEmpty: false });
                if (parsed.Request is { } request)
                    Assert.NotEmpty(request.AllowedAcsEntranceIds ?? []); // the profile maps units: a listed one, or no create
            }
            else if (delivery.Action == DeliveryAction.Revoke)
            {
                AccessRequestParser.ParseHandle(delivery.Payload, out _, out _);
            }
        }, iter: Iterations, print: Encoding.UTF8.GetString);
    }

    /// <summary>A sample with one leaf replaced, a sample cut short, or random bytes.</summary>
    private static Gen<byte[]> Deliveries(string[] samples)
    {
        var leaves = samples.Select(sample => Leaves(JsonNode.Parse(sample)!).ToArray()).ToArray();
        var mutated = Gen.Int[0, samples.Length - 1].SelectMany(i => Gen.Select(Gen.Int[0, leaves[i].Length - 1], Gen.OneOf(Scalars), (leaf, scalar) =>
        {
            return Encoding.UTF8.GetBytes(ReplaceFirst(samples[i], leaves[i][leaf], scalar));
        }));
        var truncated = Gen.Int[0, samples.Length - 1].SelectMany(i => Gen.Int[0, samples[i].Length - 1].Select(at => Encoding.UTF8.GetBytes(samples[i][..at])));
        return Gen.Frequency((6, mutated), (2, truncated), (1, Gen.Byte.Array[0, 200]));
    }

    private static IEnumerable<JsonNode> Leaves(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Leaves(p.Value)),
        JsonArray a => a.SelectMany(item => item is null ? [] : Leaves(item)),
        _ => [node],
    };

    /// <summary>The sample's text with the leaf (found again by its JSON path) replaced by <paramref name="scalar"/> as raw JSON.</summary>
    private static string ReplaceFirst(string sample, JsonNode leaf, string scalar)
    {
        var root = JsonNode.Parse(sample)!;
        const string marker = "\"__mutated__\"";
        var target = root;
        foreach (var step in Steps(leaf.GetPath()))
            target = step is int index ? target[index]! : target[(string)step]!;
        target.ReplaceWith("__mutated__");
        return root.ToJsonString().Replace(marker, scalar, StringComparison.Ordinal);
    }

    private static IEnumerable<object> Steps(string path)
    {
        foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Split('[')[0];
            if (name.Length > 0)
                yield return name;
            foreach (var index in part.Split('[').Skip(1))
                yield return int.Parse(index.TrimEnd(']'), CultureInfo.InvariantCulture);
        }
    }

    private static WebApplicationHandle Build(PmsProfile profile)
    {
        var settings = new Dictionary<string, string?>(profile.Settings)
        {
            ["Seam:ApiKey"] = "seam_test_property",
            [$"Webhooks:Sources:{profile.Name}:Secret"] = Secrets[profile.Name],
            [$"Webhooks:Sources:{profile.Name}:SecretName"] = null,
        };
        return new WebApplicationHandle(DevServerApp.Build(["--urls", "http://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(settings)));
    }

    /// <summary>The request as the sender signs or authenticates it.</summary>
    private static HttpRequest Signed(string pms, byte[] body)
    {
        var request = new DefaultHttpContext().Request;
        switch (pms)
        {
            case "guesty":
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                var mac = HMACSHA256.HashData(Convert.FromBase64String(PmsProfile.SvixSecret["whsec_".Length..]), (byte[])[.. Encoding.UTF8.GetBytes($"msg_1.{timestamp}."), .. body]);
                request.Headers["svix-id"] = "msg_1";
                request.Headers["svix-timestamp"] = timestamp;
                request.Headers["svix-signature"] = "v1," + Convert.ToBase64String(mac);
                break;
            case "lodgify":
                request.Headers["ms-signature"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(PmsProfile.LodgifySecret), body));
                break;
            default:
                request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(PmsProfile.HostawayLogin));
                break;
        }

        return request;
    }

    /// <summary>The DevServer's services, built but never started (nothing listens).</summary>
    private sealed class WebApplicationHandle(Microsoft.AspNetCore.Builder.WebApplication app) : IAsyncDisposable
    {
        public IServiceProvider Services => app.Services;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
