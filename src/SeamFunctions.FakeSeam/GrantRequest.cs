using System.Text.Json;
using System.Text.Json.Nodes;

namespace SeamFunctions.FakeSeam;

/// <summary>One requested access method: its mode and, for a PIN, the code asked for (none: Seam makes one).</summary>
internal sealed record RequestedMethod(string Mode, string? Code);

/// <summary>An <c>/access_grants/create</c> body that passed Seam's validations.</summary>
internal sealed record GrantRequest(
    string UserIdentityId, string[] DeviceIds, string[] AcsEntranceIds, string[] SpaceIds, IReadOnlyList<RequestedMethod> Methods,
    string? Key, string? ReservationKey, string? Name, string? StartsAt, string? EndsAt)
{
    private static readonly string[] Modes = ["code", "card", "mobile_key", "cloud_key"];

    public static GrantRequest? Read(JsonObject body, ZodErrors errors, FakeSeamState state, DateTimeOffset now)
    {
        var methods = ReadMethods(body, errors);
        var identity = Identity(body, errors, state);
        var devices = Ids(body, "device_ids", errors, id => state.Devices.ContainsKey(id), "device not found");
        var entrances = Ids(body, "acs_entrance_ids", errors, id => Guid.TryParseExact(id, "D", out _), "Invalid uuid");
        var spaces = Ids(body, "space_ids", errors, id => Guid.TryParseExact(id, "D", out var space) && state.Grants.Spaces.ContainsKey(space), "space not found");
        if (devices.Length + entrances.Length + spaces.Length == 0 && !errors.Any)
            errors.Add("device_ids", "Must specify at least one of device_ids, acs_entrance_ids or space_ids");
        var key = FakeSeamWire.String(body, "access_grant_key", errors, k => k.Length > 0, "String must contain at least 1 character(s)");
        var reservation = FakeSeamWire.String(body, "reservation_key", errors);
        var name = body["name"] is null ? null : FakeSeamWire.String(body, "name", errors);
        var starts = FakeSeamWire.DateTime(body, "starts_at", errors);
        var ends = body["ends_at"] is null ? null : FakeSeamWire.DateTime(body, "ends_at", errors);
        if (ends is not null && (ends <= (starts ?? now) || ends <= now))
            errors.Add("ends_at", "ends_at must be in the future and after starts_at");
        return errors.Any ? null : new GrantRequest(identity!, devices, entrances, spaces, methods!, key, reservation, name,
            starts is { } s ? AccessGrantRoutes.Iso(s) : null, ends is { } e ? AccessGrantRoutes.Iso(e) : null);
    }

    /// <summary><c>requested_access_methods</c>: required, an array of <c>{mode, code?}</c>, a code of 4 to 9 digits.</summary>
    public static IReadOnlyList<RequestedMethod>? ReadMethods(JsonObject body, ZodErrors errors)
    {
        const string field = "requested_access_methods";
        if (body[field] is not JsonArray items || items.Count == 0)
        {
            errors.Add(field, body.ContainsKey(field) ? "Array must contain at least 1 element(s)" : "Required");
            return null;
        }

        var methods = new List<RequestedMethod>();
        foreach (var item in items)
        {
            var mode = item?["mode"] is { } m && AccessGrantRoutes.IsString(m) ? m.GetValue<string>() : null;
            var code = item?["code"];
            if (mode is null || !Modes.Contains(mode))
                errors.Add(field, "Invalid enum value. Expected 'code' | 'card' | 'mobile_key' | 'cloud_key'");
            else if (code is not null && (!AccessGrantRoutes.IsString(code) || code.GetValue<string>() is not { Length: >= 4 and <= 9 } pin || !FakeSeamWire.IsDigits(pin) || mode != "code"))
                errors.Add(field, "code must be a string of 4 to 9 digits, only for mode 'code'");
            else
                methods.Add(new RequestedMethod(mode, (string?)code));
        }

        return methods;
    }

    /// <summary><c>user_identity_id</c> (a UUID), or <c>user_identity</c> (made now): exactly one.</summary>
    private static string? Identity(JsonObject body, ZodErrors errors, FakeSeamState state)
    {
        var byId = FakeSeamWire.Uuid(body, "user_identity_id", errors);
        var made = body["user_identity"];
        if ((byId is null) == (made is null))
        {
            errors.Add("user_identity_id", "Give user_identity_id or user_identity");
            return null;
        }

        if (made is not null && made.GetValueKind() != JsonValueKind.Object)
            errors.Add("user_identity", "Expected object, received " + FakeSeamWire.Kind(made));
        if (byId is { } id)
            return id.ToString();
        var identity = Guid.NewGuid();
        state.UserIdentities[identity] = new JsonObject { ["user_identity_id"] = identity.ToString(), ["full_name"] = (string?)made!["full_name"] };
        return identity.ToString();
    }

    private static string[] Ids(JsonObject body, string field, ZodErrors errors, Func<string, bool> known, string unknown)
    {
        if (body[field] is null)
            return [];
        if (body[field] is not JsonArray items || items.Any(i => !AccessGrantRoutes.IsString(i)))
        {
            errors.Add(field, "Expected array of strings");
            return [];
        }

        var ids = items.Select(i => i!.GetValue<string>()).ToArray();
        if (ids.FirstOrDefault(id => !known(id)) is { } bad)
            errors.Add(field, $"{unknown}: {bad}");
        return ids;
    }
}
