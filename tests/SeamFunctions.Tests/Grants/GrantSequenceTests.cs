using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Grants;

/// <summary>
/// Random sequences of PUT (random doors, PINs, starts, with or without a phone key), DELETE and GET for two
/// references under <c>Seam__AccessModel=grants</c>, with random versions and a fault at one Seam call of each step
/// (the connection reset after Seam acted or before, a 503, a slow answer). A failed step is retried until it is
/// answered, as a sender would. After every answer: at most one live grant per reference. After every applied step:
/// that grant is exactly what the last applied step asked (doors, one PIN, the phone key or none, the start), and GET
/// names it. Every sequence ends with both references revoked and no grant of theirs left.
/// </summary>
public sealed class GrantSequenceTests
{
    private static readonly string[] Doors = [LockStays.Front, LockStays.Back];
    private static readonly string[][] Codes = [["1111", "2222"], ["3333", "4444"]];
    private static readonly string[] Starts = ["2030-01-01T15:00:00Z", "2030-01-02T15:00:00Z"];
    private static readonly string[] References = ["grant-a", "grant-b"];

    private enum Kind
    {
        Put,
        Delete,
        Get,
    }

    private sealed record Step(Kind Kind, int Reference, int Doors, int Code, int Start, bool MobileKey, int? Version, FakeSeamFault? Fault, string? FaultOn)
    {
        public string[] DoorSet => [.. Enumerable.Range(0, GrantSequenceTests.Doors.Length).Where(i => (Doors & (1 << i)) != 0).Select(i => GrantSequenceTests.Doors[i])];

        public override string ToString() =>
            $"{Kind} r{Reference}" + (Kind == Kind.Put ? $" doors {Doors} code {Codes[Reference][Code]} start {Start}{(MobileKey ? " +phone" : "")}" : "")
            + (Version is { } v ? $" v{v}" : "") + (Fault is null ? "" : $" fault {FaultOn}:{Fault}");
    }

    private static readonly Gen<FakeSeamFault?> Faults = Gen.Frequency(
        (4, Gen.Const((FakeSeamFault?)null)),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Reset(CreateFirst: true))),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Reset(CreateFirst: false))),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Status(503, "service_unavailable", "Try again"))),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Delay(TimeSpan.FromMilliseconds(300), CreateFirst: true))));

    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Frequency((5, Gen.Const(Kind.Put)), (2, Gen.Const(Kind.Delete)), (1, Gen.Const(Kind.Get))),
        Gen.Int[0, 1], Gen.Int[1, 3], Gen.Int[0, 1], Gen.Int[0, Starts.Length - 1], Gen.Bool,
        Gen.Frequency((2, Gen.Const((int?)null)), (3, Gen.Int[0, 4].Select(v => (int?)v))),
        Faults, Gen.OneOf("access_grants/create", "access_grants/update", "access_grants/delete", "access_grants/get", "access_grants/list",
            "access_grants/request_access_methods", "access_methods/list", "access_methods/delete"),
        (kind, reference, doors, code, start, phone, version, fault, on) => new Step(kind, reference, doors, code, start, phone, version, fault, fault is null ? null : on));

    /// <summary>What Seam must hold for a reference: its last applied PUT (null doors: revoked), or nothing.</summary>
    private sealed record Model(string[]? Doors, string? Code, string? Start, bool MobileKey, int? Version);

    [Fact]
    public async Task EverySequenceEndsWithOneGrantPerReferenceAsLastAsked() =>
        await Steps.Array[1, 8].SampleAsync(RunAsync, iter: 30, threads: 1, print: steps => string.Join("; ", steps.Select(s => s.ToString())));

    private static async Task RunAsync(Step[] steps)
    {
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:AccessModel"] = "grants", ["Seam:Timeout"] = "00:00:03", ["Idempotency:ReconcileAfter"] = "00:00:00",
        });
        var model = new Model?[2];
        foreach (var step in steps)
        {
            if (step.Fault is { } fault)
                adapter.Seam.State.EnqueueFault(step.FaultOn!, fault);
            var (status, answer) = await SendUntilAnsweredAsync(adapter, step);
            var before = model[step.Reference];
            var stale = (bool?)answer?["stale"] == true;
            var expectStale = step.Version is { } v && before?.Version is { } applied && v < applied && step.Kind != Kind.Get;
            Assert.True(expectStale == stale, $"{step}: stale {stale}, expected {expectStale} ({(int)status} {answer?.ToJsonString()})");
            model[step.Reference] = Applied(step, before, status, answer, stale);
            await AssertHoldsWhatWasAskedAsync(adapter, model, step);
        }

        foreach (var reference in References)
            await adapter.RevokedAsync(reference);

        Assert.Empty(adapter.Seam.State.Grants.Live);
    }

    private static async Task<(HttpStatusCode Status, JsonObject? Answer)> SendUntilAnsweredAsync(Adapter adapter, Step step)
    {
        (HttpStatusCode Status, JsonObject? Answer) last = default;
        for (var attempt = 0; attempt < 6; attempt++)
        {
            using var response = await SendAsync(adapter, step);
            last = (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject);
            AssertAtMostOneGrantPerReference(adapter, step);
            if ((int)last.Status < 500 && last.Status != HttpStatusCode.Conflict)
                break;
        }

        return last;
    }

    private static Model? Applied(Step step, Model? before, HttpStatusCode status, JsonObject? answer, bool stale)
    {
        switch (step.Kind)
        {
            case Kind.Put:
                Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"{step}: {(int)status} {answer?.ToJsonString()}");
                return stale ? before : new Model(step.DoorSet, Codes[step.Reference][step.Code], Starts[step.Start], step.MobileKey, step.Version ?? before?.Version);
            case Kind.Delete when before is null:
                Assert.Equal(HttpStatusCode.NotFound, status);
                return null;
            case Kind.Delete:
                Assert.True(status == HttpStatusCode.OK, $"{step}: {(int)status} {answer?.ToJsonString()}");
                return stale ? before : before with { Doors = null, Version = step.Version ?? before.Version };
            default:
                return before;
        }
    }

    private static Task<HttpResponseMessage> SendAsync(Adapter adapter, Step step)
    {
        var path = "api/credentials/" + References[step.Reference];
        switch (step.Kind)
        {
            case Kind.Put:
                var body = GrantStays.Stay(Codes[step.Reference][step.Code], step.DoorSet, mobileKey: step.MobileKey, starts: Starts[step.Start], ends: "2030-01-09T11:00:00Z");
                if (step.Version is { } version)
                    body["version"] = version;
                return adapter.Http.PutAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            case Kind.Delete:
                return adapter.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path)
                {
                    Content = step.Version is { } v ? new StringContent(new JsonObject { ["version"] = v }.ToJsonString(), Encoding.UTF8, "application/json") : null,
                });
            default:
                return adapter.Http.GetAsync(path);
        }
    }

    private static void AssertAtMostOneGrantPerReference(Adapter adapter, Step step)
    {
        foreach (var reference in References)
        {
            var live = adapter.Seam.State.Grants.Live.Count(g => (string?)g["reservation_key"] == reference);
            Assert.True(live <= 1, $"{step}: {live} live grants for {reference}");
        }
    }

    /// <summary>After an applied step: each reference's one grant is its model, and GET names it.</summary>
    private static async Task AssertHoldsWhatWasAskedAsync(Adapter adapter, Model?[] model, Step step)
    {
        for (var i = 0; i < References.Length; i++)
        {
            var grants = adapter.Seam.State.Grants.Live.Where(g => (string?)g["reservation_key"] == References[i]).ToList();
            using var read = await adapter.GetRetriedAsync(References[i]);
            var answer = JsonNode.Parse(await read.Content.ReadAsStringAsync())!.AsObject();
            if (model[i] is not { Doors: { } doors } wanted)
            {
                Assert.True(grants.Count == 0, $"{step}: {References[i]} is revoked but Seam holds a grant");
                continue;
            }

            var grant = Assert.Single(grants);
            var id = (string)grant["access_grant_id"]!;
            var methods = adapter.Seam.State.Grants.MethodsOf(id);
            Assert.Equal(doors.Order(StringComparer.Ordinal), adapter.Seam.State.Grants.DevicesOf(id).Order(StringComparer.Ordinal));
            Assert.Equal([wanted.Code], methods.Where(m => (string?)m["mode"] == "code").Select(m => (string?)m["code"]));
            Assert.Equal(wanted.MobileKey ? 1 : 0, methods.Count(m => (string?)m["mode"] == "mobile_key"));
            Assert.Equal(DateTimeOffset.Parse(wanted.Start!, CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)grant["starts_at"]!, CultureInfo.InvariantCulture));
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"{step}: GET {References[i]} {(int)read.StatusCode} {answer.ToJsonString()}");
            Assert.Equal(id, (string?)answer["credential"]!["access_grant_id"]);
        }
    }
}
