using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using SeamFunctions.Upstream;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Hardening;

/// <summary>
/// Keys and ids as Seam and callers mean them: a device id in another case is the same lock, an Idempotency-Key equal
/// to the body's reference is one key, a one-request key never adopts a credential a reference holds, and a Seam
/// answer's pooled buffer goes back to the pool once however often it is disposed.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class KeysAndIdsTests(Azurite azurite)
{
    private Task<Adapter> StartAsync(string store) => Adapter.StartAsync(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
        ["Idempotency:ReconcileAfter"] = "00:00:00",
    });

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task OneLockNamedInTwoCasesIsOneLock(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = "case-" + Guid.NewGuid().ToString("N")[..8];

        var twice = await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("70412", [LockStays.Front, LockStays.Front.ToUpperInvariant()])), HttpStatusCode.BadRequest);
        await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("70412", [LockStays.Front])), HttpStatusCode.Created);
        var upper = await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("70412", [LockStays.Front.ToUpperInvariant()])), HttpStatusCode.OK);

        Assert.NotNull(twice["errors"]!["device_ids"]);
        Assert.Equal(LockStays.Front, (string?)upper["credential"]!["access_codes"]![0]!["device_id"]);
        Assert.Single(LockStays.Held(adapter), h => h.Code == "70412");
    }

    [Fact]
    public async Task AnIdempotencyKeyEqualToTheBodysReferenceIsOneKeyAndADifferentOneIsRefused()
    {
        await using var adapter = await StartAsync("memory");
        var body = ByReference.Stay("70413");
        body["reference"] = "booking-70413";

        using var first = await PostAsync(adapter, body, "booking-70413");
        using var again = await PostAsync(adapter, body, "\"booking-70413\"");
        using var other = await PostAsync(adapter, body, "another-key");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.NotNull((await Adapter.ReadJsonAsync(other))["errors"]!["Idempotency-Key"]);
        Assert.Single(adapter.Seam.State.Credentials);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AOneRequestKeyReconcilingAfterAnAmbiguousTryNeverAdoptsTheCredentialAReferenceHolds(string store)
    {
        await using var adapter = await StartAsync(store);
        var key = "key-" + Guid.NewGuid().ToString("N")[..8];
        var body = ByReference.Stay("70414");
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Reset(CreateFirst: false)); // the key's first try: did Seam act? (it did not)

        using var lost = await PostAsync(adapter, body, key);
        var withReference = body.DeepClone().AsObject();
        withReference["reference"] = "ref-" + key;
        var held = await ReadAsync(await adapter.PostAsync(withReference), HttpStatusCode.Created); // the same guest, PIN and stay
        using var retried = await PostAsync(adapter, body, key);
        var own = await Adapter.ReadJsonAsync(retried);

        Assert.Equal(HttpStatusCode.BadGateway, lost.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.NotEqual((string?)held["credential"]!["acs_credential_id"], (string?)own["credential"]!["acs_credential_id"]);
        Assert.Equal(2, adapter.Seam.State.Credentials.Count);
    }

    [Fact]
    public void ASeamAnswerDisposedTwiceGivesItsBufferBackToThePoolOnce()
    {
        var answer = new SeamAnswer(200, null, null, ArrayPool<byte>.Shared.Rent(4096), 2);
        var copy = answer; // every holder may dispose it

        answer.Dispose();
        copy.Dispose();
        var rented = Enumerable.Range(0, 8).Select(_ => ArrayPool<byte>.Shared.Rent(4096)).ToList();
        foreach (var buffer in rented)
            ArrayPool<byte>.Shared.Return(buffer);

        Assert.Equal(rented.Count, rented.Distinct().Count()); // a buffer returned twice is rented twice: two answers in one array
        Assert.Throws<ObjectDisposedException>(() => answer.Body.Length);
    }

    private static Task<HttpResponseMessage> PostAsync(Adapter adapter, JsonObject body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/credentials") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return adapter.Http.SendAsync(request);
    }
}
