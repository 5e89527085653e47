using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;

namespace SeamFunctions.Tests.Support;

/// <summary>Stays on the fake's smart locks, and what the locks hold.</summary>
internal static class LockStays
{
    public static readonly string Front = FakeSeamSeed.FrontDoorId.ToString();
    public static readonly string Back = FakeSeamSeed.BackDoorId.ToString();

    /// <summary>A stay with <paramref name="code"/> on <paramref name="devices"/> (both seeded doors by default).</summary>
    public static JsonObject Stay(string code = "4821", string[]? devices = null, string starts = ByReference.Starts, string ends = ByReference.Ends, object? version = null)
    {
        var body = new JsonObject
        {
            ["device_ids"] = new JsonArray([.. (devices ?? [Front, Back]).Select(d => (JsonNode)d)]),
            ["code"] = code,
            ["starts_at"] = starts,
            ["ends_at"] = ends,
        };
        if (version is not null)
            body["version"] = JsonValue.Create(version);
        return body;
    }

    /// <summary>The codes the fake holds, as (device, code, name) — the PIN included, for assertions.</summary>
    public static IReadOnlyList<(string Device, string Code, string? Name)> Held(Adapter adapter) =>
        [.. adapter.Seam.State.AccessCodes.Select(c => ((string)c["device_id"]!, (string)c["code"]!, (string?)c["name"]))];

    public static IReadOnlyList<string> CodeIds(JsonObject answer) =>
        [.. answer["credential"]!["access_codes"]!.AsArray().Select(c => (string)c!["access_code_id"]!)];

    /// <summary>A lock of the calling test's own (Azurite's indexes outlive a test: a shared lock would hear of other tests' stays).</summary>
    public static string NewLock(Adapter adapter, string name = "Test lock")
    {
        var id = "lock-" + Guid.NewGuid().ToString("N")[..12];
        adapter.Seam.State.Devices[id] = name;
        return id;
    }

    /// <summary>A time as a request gives it (whole seconds); <paramref name="fraction"/> <c>.fff</c> as the adapter answers it.</summary>
    public static string Iso(DateTimeOffset at, string fraction = "") =>
        at.UtcDateTime.ToString($"yyyy-MM-dd'T'HH:mm:ss{fraction}'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The reasons of an answer's readiness or a notification's data, as (code, device).</summary>
    public static (string, string?)[] Reasons(JsonNode holder) =>
        [.. holder["reasons"]!.AsArray().Select(r => ((string)r!["code"]!, (string?)r["device_id"]))];

    /// <summary>A PIN of the reference's own, the same each time (a lock refuses one PIN twice, so each stay needs its own).</summary>
    public static string PinOf(string reference) =>
        "7" + (BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reference))) % 10_000_000)
            .ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
}
