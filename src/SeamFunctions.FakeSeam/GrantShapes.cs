using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SeamFunctions.FakeSeam;

/// <summary>The <c>access_grant</c> and <c>access_method</c> objects, with every field Seam's OpenAPI requires.</summary>
internal static class GrantShapes
{
    public static (JsonObject Grant, List<JsonObject> Methods) New(GrantRequest request, Guid workspaceId, string now)
    {
        var methods = request.Methods.Select(m => Method(m, workspaceId, now)).ToList();
        var id = Guid.NewGuid().ToString();
        var grant = new JsonObject
        {
            ["workspace_id"] = workspaceId.ToString(),
            ["access_grant_id"] = id,
            ["user_identity_id"] = request.UserIdentityId,
            ["location_ids"] = new JsonArray(),
            ["space_ids"] = new JsonArray([.. request.SpaceIds.Select(s => (JsonNode)s)]),
            ["requested_access_methods"] = new JsonArray(),
            ["access_method_ids"] = new JsonArray([.. methods.Select(m => (JsonNode)(string)m["access_method_id"]!)]),
            ["name"] = request.Name,
            ["display_name"] = request.Name ?? $"Access grant {id[..8]}",
            ["created_at"] = now,
            ["starts_at"] = request.StartsAt ?? now,
            ["ends_at"] = request.EndsAt,
            ["warnings"] = new JsonArray(),
            ["errors"] = new JsonArray(),
            ["pending_mutations"] = new JsonArray(),
        };
        if (request.Key is not null)
            grant["access_grant_key"] = request.Key;
        if (request.ReservationKey is not null)
            grant["reservation_key"] = request.ReservationKey;
        Requested(grant, request.Methods, methods, now);
        return (grant, methods);
    }

    /// <summary>Notes requested methods on the grant, with the ids made for each (and a phone key's link on the grant).</summary>
    public static void Requested(JsonObject grant, IReadOnlyList<RequestedMethod> requested, IReadOnlyList<JsonObject> made, string now)
    {
        var list = (JsonArray)grant["requested_access_methods"]!;
        for (var i = 0; i < requested.Count; i++)
        {
            var entry = new JsonObject
            {
                ["display_name"] = (string?)made[i]["display_name"], ["mode"] = requested[i].Mode, ["created_at"] = now,
                ["created_access_method_ids"] = new JsonArray((string)made[i]["access_method_id"]!),
            };
            if (requested[i].Code is { } code)
                entry["code"] = code;
            list.Add(entry);
            if (made[i]["instant_key_url"] is { } url)
                grant["instant_key_url"] = (string?)url;
        }
    }

    public static JsonObject Method(RequestedMethod requested, Guid workspaceId, string now)
    {
        var method = new JsonObject
        {
            ["workspace_id"] = workspaceId.ToString(),
            ["access_method_id"] = Guid.NewGuid().ToString(),
            ["display_name"] = requested.Mode == "code" ? "PIN code" : "Mobile key",
            ["mode"] = requested.Mode,
            ["created_at"] = now,
            ["issued_at"] = null,
            ["is_issued"] = false,
            ["warnings"] = new JsonArray(),
            ["errors"] = new JsonArray(),
            ["pending_mutations"] = new JsonArray(),
        };
        if (requested.Mode == "code")
            method["code"] = requested.Code ?? RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (requested.Mode == "mobile_key")
            method["instant_key_url"] = "https://se.am/1/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return method;
    }
}
