using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;

namespace SeamFunctions.Tests.Support;

/// <summary>Stays as access grants (<c>Seam__AccessModel=grants</c>), and what the fake Seam holds of them.</summary>
internal static class GrantStays
{
    public static readonly string Space = FakeSeamSeed.UnitSpaceId.ToString();

    /// <summary>A stay on <paramref name="devices"/> (both seeded doors unless <paramref name="spaces"/> are given instead).</summary>
    public static JsonObject Stay(string? code = "4821", string[]? devices = null, string[]? spaces = null, bool mobileKey = false,
        string starts = ByReference.Starts, string ends = ByReference.Ends)
    {
        var body = new JsonObject { ["starts_at"] = starts, ["ends_at"] = ends };
        if (code is not null)
            body["code"] = code;
        if (spaces is not null)
            body["space_ids"] = new JsonArray([.. spaces.Select(s => (JsonNode)s)]);
        if (devices is not null || spaces is null)
            body["device_ids"] = new JsonArray([.. (devices ?? [LockStays.Front, LockStays.Back]).Select(d => (JsonNode)d)]);
        if (mobileKey)
            body["mobile_key"] = true;
        return body;
    }

    /// <summary>The adapter under <c>Seam__AccessModel=grants</c>, its records on memory or Azurite.</summary>
    public static Task<Adapter> StartAsync(Azurite azurite, string store, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
            ["Seam:AccessModel"] = "grants",
            ["Seam:Timeout"] = "00:00:03",
            ["Idempotency:ReconcileAfter"] = "00:00:00",
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return Adapter.StartAsync(settings);
    }

    /// <summary>The live grants the fake holds.</summary>
    public static IReadOnlyList<JsonObject> Live(Adapter adapter) => adapter.Seam.State.Grants.Live;

    /// <summary>The codes of the access methods of a grant the fake holds (the PIN included, for assertions).</summary>
    public static IReadOnlyList<string?> Codes(Adapter adapter, string grantId) =>
        [.. adapter.Seam.State.Grants.MethodsOf(grantId).Where(m => (string?)m["mode"] == "code").Select(m => (string?)m["code"])];

    public static string GrantId(JsonObject answer) => (string)answer["credential"]!["access_grant_id"]!;

    /// <summary>One of Seam's grant events, as Seam sends it (<c>access_method.*</c> name their grants in <c>access_grant_ids</c>).</summary>
    public static JsonObject Event(string type, string grantId, string? methodId = null, DateTimeOffset? at = null)
    {
        var body = new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = type, ["occurred_at"] = LockStays.Iso(at ?? DateTimeOffset.UtcNow),
            ["created_at"] = LockStays.Iso(at ?? DateTimeOffset.UtcNow), ["workspace_id"] = FakeSeamSeed.WorkspaceId.ToString(),
        };
        if (methodId is null)
            body["access_grant_id"] = grantId;
        else
            (body["access_method_id"], body["access_grant_ids"]) = (methodId, new JsonArray(grantId));
        return body;
    }
}
