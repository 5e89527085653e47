using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Events;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Locks;

/// <summary>
/// Random sequences of PUT (random sets of doors, PINs and starts), DELETE and GET for two references on three
/// locks, with random versions and a fault at one Seam call of each step (create, update, delete, get or list:
/// the connection reset after Seam acted or before, a 503, a slow answer), and PUTs that a DELETE meets while Seam
/// holds one of their calls (the DELETE waits: 409). A failed step is retried until it succeeds, as a sender would.
/// After every answer: at most one code per reference and lock. After every applied step: the locks hold exactly
/// what the last applied step asked, no lock outside the set holds the reference's code, and GET says so. Every
/// sequence ends with both references revoked and no code of theirs on any lock.
/// </summary>
public sealed class LockSequenceTests
{
    private static readonly string[] Doors = [LockStays.Front, LockStays.Back, "garage-1"];
    private static readonly string[][] Codes = [["1111", "2222"], ["3333", "4444"]]; // per reference: no PIN clash between guests
    private static readonly string[] Starts = ["2030-01-01T15:00:00Z", "2030-01-02T15:00:00Z"];
    private static readonly string[] References = ["stay-a", "stay-b"];

    private static readonly string[] Calls = ["access_codes/create", "access_codes/update", "access_codes/delete", "access_codes/get", "access_codes/list"];

    private enum Kind
    {
        Put,
        Delete,
        Get,

        /// <summary>A PUT that a DELETE for the same reference meets while Seam holds the PUT's first call.</summary>
        PutMetByDelete,

        /// <summary>The reference's code on the first door of the set deleted at the lock; Seam says so, and the PIN is put back.</summary>
        DeletedAtTheLock,

        /// <summary>The first door of the set goes offline (even PIN index) or comes back: the codes stay as they are.</summary>
        Connection,

        /// <summary>The clock moves to a day before the stay's start (<see cref="Starts"/>) and the minute timer runs its readiness checks: they only read.</summary>
        Check,
    }

    private sealed record Step(Kind Kind, int Reference, int Doors, int Code, int Start, int? Version, FakeSeamFault? Fault, string? FaultOn)
    {
        public string[] DoorSet => [.. Enumerable.Range(0, LockSequenceTests.Doors.Length).Where(i => (Doors & (1 << i)) != 0).Select(i => LockSequenceTests.Doors[i])];

        public override string ToString() =>
            $"{Kind} r{Reference}" + (Kind is Kind.Put or Kind.PutMetByDelete ? $" doors {string.Join('+', DoorSet)} code {Codes[Reference][Code]} start {Start}"
                : Kind is Kind.DeletedAtTheLock or Kind.Connection ? $" door {DoorSet[0]}" : Kind is Kind.Check ? $" at start {Start} less a day" : "")
            + (Version is { } v ? $" v{v}" : "") + (Fault is null ? "" : $" fault {FaultOn}:{Fault}");
    }

    private static readonly Gen<FakeSeamFault?> Faults = Gen.Frequency(
        (5, Gen.Const((FakeSeamFault?)null)),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Reset(CreateFirst: true))),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Reset(CreateFirst: false))),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Status(503, "service_unavailable", "Try again"))),
        (1, Gen.Const<FakeSeamFault?>(new FakeSeamFault.Delay(TimeSpan.FromMilliseconds(300), CreateFirst: true)))); // slow, then answered

    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Frequency((4, Gen.Const(Kind.Put)), (2, Gen.Const(Kind.Delete)), (1, Gen.Const(Kind.Get)), (2, Gen.Const(Kind.PutMetByDelete)),
            (2, Gen.Const(Kind.DeletedAtTheLock)), (1, Gen.Const(Kind.Connection)), (1, Gen.Const(Kind.Check))),
        Gen.Int[0, 1], Gen.Int[1, 7], Gen.Int[0, 1], Gen.Int[0, Starts.Length - 1],
        Gen.Frequency((2, Gen.Const((int?)null)), (3, Gen.Int[0, 4].Select(v => (int?)v))),
        Faults, Gen.OneOf("access_codes/create", "access_codes/update", "access_codes/delete", "access_codes/get", "access_codes/list", "devices/get"),
        (kind, reference, doors, code, start, version, fault, on) => new Step(kind, reference, doors, code, start, version, fault, fault is null ? null : on));

    /// <summary>What the locks must hold for a reference: its last applied PUT (null doors: revoked), or nothing.</summary>
    private sealed record Model(string[]? Doors, string? Code, string? Start, int? Version);

    [Fact]
    public async Task EverySequenceEndsWithOneCodePerDoorAsLastAsked() =>
        await Steps.Array[1, 8].SampleAsync(RunAsync, iter: 40, threads: 1, print: steps => string.Join("; ", steps.Select(s => s.ToString())));

    private static async Task RunAsync(Step[] steps)
    {
        // The clock (the adapter's and Seam's: they agree on when a code was made) moves only forward, by itself only a
        // little with each reading; Check steps move it to a check.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        await using var seam = await FakeSeamServer.StartAsync(time: clock);
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:Timeout"] = "00:00:03",
            ["Idempotency:ReconcileAfter"] = "00:00:00",
            ["Seam:WebhookSecret"] = SeamEventAdapter.Secret,
            ["Readiness:Checks"] = "1.00:00:00",
        }, services: s => s.AddSingleton<TimeProvider>(clock), sharedSeam: seam);
        adapter.Seam.State.Devices["garage-1"] = "Garage";
        var model = new Model?[2];
        foreach (var step in steps)
        {
            if (step.Fault is { } fault)
                adapter.Seam.State.EnqueueFault(step.FaultOn!, fault);
            if (step.Kind is Kind.DeletedAtTheLock or Kind.Connection or Kind.Check)
            {
                await (step.Kind == Kind.Check ? CheckAsync(adapter, clock, step) : AtTheLockAsync(adapter, step));
                await AssertHoldsWhatWasAskedAsync(adapter, model); // the model is as it was: a deleted code is back
                continue;
            }

            var (status, answer) = step.Kind == Kind.PutMetByDelete ? await PutMetByDeleteAsync(adapter, step) : await SendUntilAnsweredAsync(adapter, step);

            var before = model[step.Reference];
            var stale = (bool?)answer?["stale"] == true;
            var expectStale = step.Version is { } v && before?.Version is { } applied && v < applied && step.Kind != Kind.Get;
            Assert.True(expectStale == stale, $"{step}: stale {stale}, expected {expectStale} ({(int)status} {answer?.ToJsonString()})");
            model[step.Reference] = Applied(step, before, status, answer, stale);
            await AssertHoldsWhatWasAskedAsync(adapter, model);
        }

        foreach (var reference in References)
            await adapter.RevokedAsync(reference);
        Assert.DoesNotContain(LockStays.Held(adapter), held => References.Contains(held.Name));
    }

    private static async Task AtTheLockAsync(Adapter adapter, Step step)
    {
        var door = step.DoorSet[0];
        if (step.Kind == Kind.Connection)
            await SeamAtTheLock.ConnectionAsync(adapter, door, online: step.Code == 1);
        else
            await SeamAtTheLock.DeleteAtTheLockAsync(adapter, References[step.Reference], door);
        AssertOneCodePerReferenceAndDoor(adapter);
    }

    private static async Task CheckAsync(Adapter adapter, FakeTimeProvider clock, Step step)
    {
        var at = DateTimeOffset.Parse(Starts[step.Start], CultureInfo.InvariantCulture) - TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
        if (at > clock.GetUtcNow())
            clock.SetUtcNow(at);
        await adapter.Services.GetRequiredService<MinuteTick>().RunAsync(CancellationToken.None); // a failed read leaves the check to the next tick
        AssertOneCodePerReferenceAndDoor(adapter);
    }

    /// <summary>
    /// The PUT waits at a gate on its first Seam call (whichever it is) while a DELETE for the same reference arrives:
    /// the PUT holds the reference, so the DELETE changes nothing and answers 409. Then the PUT goes on (and, failed,
    /// is retried like any step).
    /// </summary>
    private static async Task<(HttpStatusCode Status, JsonObject? Answer)> PutMetByDeleteAsync(Adapter adapter, Step step)
    {
        var gates = Calls.Select(call => (Call: call, Gate: new FakeSeamFault.Gate())).ToList();
        foreach (var (call, gate) in gates)
            adapter.Seam.State.EnqueueFault(call, gate);
        var put = SendAsync(adapter, step);
        var first = await Task.WhenAny(gates.Select(g => g.Gate.Arrived).Append(put));
        foreach (var (_, gate) in gates.Where(g => g.Gate.Arrived != first))
            gate.Open(); // a DELETE let through by mistake must not wait at a gate: it would answer, and the test would say so
        if (first != put)
        {
            using var delete = await adapter.Http.DeleteAsync("api/credentials/" + References[step.Reference]);
            Assert.True(delete.StatusCode == HttpStatusCode.Conflict, $"{step}: the DELETE met the PUT and answered {(int)delete.StatusCode} {await delete.Content.ReadAsStringAsync()}");
        }

        gates.ForEach(g => g.Gate.Open());
        using var response = await put;
        AssertOneCodePerReferenceAndDoor(adapter);
        return (int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Conflict
            ? (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject)
            : await SendUntilAnsweredAsync(adapter, step with { Kind = Kind.Put });
    }

    private static async Task<(HttpStatusCode Status, JsonObject? Answer)> SendUntilAnsweredAsync(Adapter adapter, Step step)
    {
        (HttpStatusCode Status, JsonObject? Answer) last = default;
        for (var attempt = 0; attempt < 6; attempt++)
        {
            using var response = await SendAsync(adapter, step);
            last = (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject);
            AssertOneCodePerReferenceAndDoor(adapter);
            if ((int)last.Status < 500 && last.Status != HttpStatusCode.Conflict)
                break;
        }

        return last;
    }

    private static Model? Applied(Step step, Model? before, HttpStatusCode status, JsonObject? answer, bool stale)
    {
        switch (step.Kind)
        {
            case Kind.Put or Kind.PutMetByDelete:
                Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"{step}: {(int)status} {answer?.ToJsonString()}");
                return stale ? before : new Model(step.DoorSet, Codes[step.Reference][step.Code], Starts[step.Start], step.Version ?? before?.Version);
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
            case Kind.Put or Kind.PutMetByDelete:
                var body = LockStays.Stay(Codes[step.Reference][step.Code], step.DoorSet, Starts[step.Start], "2030-01-09T11:00:00Z", step.Version);
                return adapter.Http.PutAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            case Kind.Delete:
                var version = step.Version is { } v ? new JsonObject { ["version"] = v } : null;
                return adapter.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path)
                {
                    Content = version is null ? null : new StringContent(version.ToJsonString(), Encoding.UTF8, "application/json"),
                });
            default:
                return adapter.Http.GetAsync(path);
        }
    }

    /// <summary>At any moment: no lock holds two codes of one reference (the code's name is the reference).</summary>
    private static void AssertOneCodePerReferenceAndDoor(Adapter adapter)
    {
        var held = LockStays.Held(adapter);
        Assert.True(held.Count == held.Select(h => (h.Device, h.Name)).Distinct().Count(), "two codes of one reference on a lock: " + string.Join(", ", held.Select(h => $"{h.Name}@{h.Device}")));
    }

    /// <summary>After an applied step: the locks hold exactly the model, and GET by reference says the same.</summary>
    private static async Task AssertHoldsWhatWasAskedAsync(Adapter adapter, Model?[] model)
    {
        var held = adapter.Seam.State.AccessCodes;
        for (var i = 0; i < References.Length; i++)
        {
            var mine = held.Where(c => (string?)c["name"] == References[i]).ToList();
            using var read = await adapter.GetRetriedAsync(References[i]);
            var answer = JsonNode.Parse(await read.Content.ReadAsStringAsync())!.AsObject();
            if (model[i] is not { Doors: { } doors } wanted)
            {
                Assert.Empty(mine);
                Assert.Equal(model[i] is null ? HttpStatusCode.NotFound : HttpStatusCode.OK, read.StatusCode);
                continue;
            }

            Assert.Equal(doors.Order(StringComparer.Ordinal), mine.Select(c => (string)c["device_id"]!).Order(StringComparer.Ordinal));
            Assert.All(mine, c =>
            {
                Assert.Equal(wanted.Code, (string?)c["code"]);
                Assert.Equal(DateTimeOffset.Parse(wanted.Start!, CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)c["starts_at"]!, CultureInfo.InvariantCulture));
            });
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(mine.Select(c => (string)c["access_code_id"]!).Order(StringComparer.Ordinal), LockStays.CodeIds(answer).Order(StringComparer.Ordinal));
        }
    }
}
