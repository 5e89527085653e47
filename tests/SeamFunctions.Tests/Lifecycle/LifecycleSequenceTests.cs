using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Lifecycle;

/// <summary>
/// Random sequences of PUT, DELETE and GET for two references, with random versions, and faults injected at the
/// Seam call of each step (the connection reset after Seam acted or before, a 503). A failed step is retried
/// until it succeeds, as a sender would. After every answer, no reference holds two live credentials and no
/// credential is left unaccounted for; after every applied step, the fake holds exactly what the last applied
/// step asked, and GET says so.
/// </summary>
public sealed class LifecycleSequenceTests
{
    private static readonly string[] Codes = ["1111", "2222", "3333"];
    private static readonly string[] Starts = ["2030-01-01T15:00:00Z", "2030-01-02T15:00:00Z"];

    private enum Kind
    {
        Put,
        Delete,
        Get,
    }

    private sealed record Step(Kind Kind, int Reference, int Code, int Start, int? Version, FakeSeamFault? Fault, string? FaultOn)
    {
        public override string ToString() =>
            $"{Kind} r{Reference}" + (Kind == Kind.Put ? $" code {Codes[Code]} start {Start}" : "") + (Version is { } v ? $" v{v}" : "") + (Fault is null ? "" : $" fault {FaultOn}:{Fault}");
    }

    private static readonly Gen<FakeSeamFault?> Faults = Gen.Frequency(
        (6, Gen.Const((FakeSeamFault?)null)),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Reset(CreateFirst: true))),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Reset(CreateFirst: false))),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Status(503, "service_unavailable", "Try again"))));

    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Frequency((5, Gen.Const(Kind.Put)), (2, Gen.Const(Kind.Delete)), (1, Gen.Const(Kind.Get))),
        Gen.Int[0, 1], Gen.Int[0, Codes.Length - 1], Gen.Int[0, Starts.Length - 1],
        Gen.Frequency((2, Gen.Const((int?)null)), (3, Gen.Int[0, 4].Select(v => (int?)v))),
        Faults, Gen.OneOf("create", "update", "delete"),
        (kind, reference, code, start, version, fault, on) => new Step(kind, reference, code, start, version, fault, fault is null ? null : on));

    /// <summary>What the adapter must hold for a reference: its last applied PUT, or nothing.</summary>
    private sealed record Model(string? Code, string? Start, int? Version);

    [Fact]
    public async Task EverySequenceEndsWithOneCredentialPerReferenceAsLastAsked() =>
        await Steps.Array[1, 8].SampleAsync(RunAsync, iter: 60, threads: 1, print: steps => string.Join("; ", steps.Select(s => s.ToString())));

    private static async Task RunAsync(Step[] steps)
    {
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:Timeout"] = "00:00:03",
            ["Idempotency:Lease"] = "00:00:10",
            ["Idempotency:ReconcileAfter"] = "00:00:00",
        });
        var references = new[] { "stay-a", "stay-b" };
        var model = new Model?[2];
        foreach (var step in steps)
        {
            if (step.Fault is { } fault)
            {
                if (step.FaultOn == "create")
                    adapter.Seam.State.EnqueueFault(fault);
                else
                    adapter.Seam.State.EnqueueFault(step.FaultOn!, fault);
            }

            JsonObject? answer = null;
            HttpStatusCode status = 0;
            for (var attempt = 0; attempt < 6; attempt++)
            {
                using var response = await SendAsync(adapter, references[step.Reference], step);
                status = response.StatusCode;
                answer = JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject;
                AssertNothingUnaccounted(adapter, references);
                if ((int)status < 500 && status != HttpStatusCode.Conflict)
                    break;
            }

            var before = model[step.Reference];
            var stale = (bool?)answer?["stale"] == true;
            var expectStale = step.Version is { } v && before?.Version is { } applied && v < applied && step.Kind != Kind.Get;
            Assert.True(expectStale == stale, $"{step}: stale {stale}, expected {expectStale} ({(int)status} {answer?.ToJsonString()})");
            switch (step.Kind)
            {
                case Kind.Put:
                    Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"{step}: {(int)status} {answer?.ToJsonString()}");
                    if (!stale)
                        model[step.Reference] = new Model(Codes[step.Code], Starts[step.Start], step.Version ?? before?.Version);
                    break;
                case Kind.Delete when before is null:
                    Assert.Equal(HttpStatusCode.NotFound, status);
                    break;
                case Kind.Delete:
                    Assert.Equal(HttpStatusCode.OK, status);
                    if (!stale)
                        model[step.Reference] = new Model(null, null, step.Version ?? before.Version);
                    break;
            }

            await AssertHoldsWhatWasAskedAsync(adapter, references, model);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(Adapter adapter, string reference, Step step)
    {
        var path = "api/credentials/" + reference;
        var version = step.Version is { } v ? new JsonObject { ["version"] = v } : null;
        switch (step.Kind)
        {
            case Kind.Put:
                var body = Adapter.ValidRequest(Codes[step.Code]);
                body["starts_at"] = Starts[step.Start];
                body["ends_at"] = "2030-01-09T11:00:00Z";
                if (step.Version is { } version2)
                    body["version"] = version2;
                return adapter.Http.PutAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            case Kind.Delete:
                return adapter.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path)
                {
                    Content = version is null ? null : new StringContent(version.ToJsonString(), Encoding.UTF8, "application/json"),
                });
            default:
                return adapter.Http.GetAsync(path);
        }
    }

    /// <summary>At any moment: at most one live credential per reference, so never more than there are references.</summary>
    private static void AssertNothingUnaccounted(Adapter adapter, string[] references) =>
        Assert.True(adapter.Seam.State.Credentials.Count <= references.Length,
            $"{adapter.Seam.State.Credentials.Count} live credentials for {references.Length} references");

    /// <summary>After an applied step: Seam holds exactly the model, and GET by reference says the same.</summary>
    private static async Task AssertHoldsWhatWasAskedAsync(Adapter adapter, string[] references, Model?[] model)
    {
        var live = adapter.Seam.State.Credentials;
        Assert.Equal(model.Count(m => m?.Code is not null), live.Count);
        for (var i = 0; i < references.Length; i++)
        {
            using var read = await adapter.Http.GetAsync("api/credentials/" + references[i]);
            var answer = JsonNode.Parse(await read.Content.ReadAsStringAsync())!.AsObject();
            if (model[i] is null)
            {
                Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var credential = answer["credential"]!;
            if (model[i]!.Code is null)
            {
                Assert.Equal("revoked", (string?)credential["status"]);
                Assert.DoesNotContain(live, c => (string?)c["acs_credential_id"] == (string?)credential["acs_credential_id"]);
                continue;
            }

            var held = Assert.Single(live, c => (string?)c["acs_credential_id"] == (string?)credential["acs_credential_id"]);
            Assert.Equal(model[i]!.Code, (string?)held["code"]);
            Assert.Equal(DateTimeOffset.Parse(model[i]!.Start!, CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)held["starts_at"]!, CultureInfo.InvariantCulture));
        }
    }
}
