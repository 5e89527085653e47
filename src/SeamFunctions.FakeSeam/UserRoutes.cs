using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.FakeSeam;

/// <summary><c>/acs/users/get</c> and <c>/user_identities/create|get</c>: who a credential is for.</summary>
internal sealed class UserRoutes(FakeSeamState state, TimeProvider time) : FakeSeamWire(state, time)
{
    private const string AtLeastOne = "String must contain at least 1 character(s)";

    /// <summary><c>/user_identities/create</c>: a unique <c>user_identity_key</c> (a second one is refused), name, email, phone.</summary>
    public async Task CreateIdentityAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        var key = String(call.Body, "user_identity_key", errors, k => k.Length > 0, AtLeastOne);
        var fullName = String(call.Body, "full_name", errors, n => n.Length > 0, AtLeastOne);
        var email = String(call.Body, "email_address", errors, e => e.Contains('@', StringComparison.Ordinal), "Invalid email");
        var phone = String(call.Body, "phone_number", errors, IsPhoneNumber, "Invalid phone number");
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        State.CountIdentityCreate();
        var identity = NewIdentity(Guid.NewGuid(), key, fullName, email, phone, call.WorkspaceId);
        await (TryAdd(identity, key, call.WorkspaceId)
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["user_identity"] = identity.DeepClone(), ["ok"] = true })
            : ErrorAsync(context, call.Text, 400, "user_identity_key_already_exists", "A user identity with this user_identity_key already exists"));
    }

    /// <summary><c>/user_identities/get</c> by <c>user_identity_id</c> or <c>user_identity_key</c>.</summary>
    public async Task GetIdentityAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        var id = Uuid(call.Body, "user_identity_id", errors);
        var key = String(call.Body, "user_identity_key", errors);
        if (id is null && key is null && !errors.Any)
            errors.Add("user_identity_id", "Required");
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        var identity = State.UserIdentities.Values.FirstOrDefault(u =>
            (string?)u["workspace_id"] == call.WorkspaceId.ToString()
            && (id is null || (string?)u["user_identity_id"] == id.ToString())
            && (key is null || (string?)u["user_identity_key"] == key));
        if (identity is null)
        {
            await ErrorAsync(context, call.Text, 404, "user_identity_not_found", "user_identity not found");
            return;
        }

        var copy = identity.DeepClone().AsObject();
        copy["acs_user_ids"] = new JsonArray([.. State.AcsUsers.Where(u => u.Value.UserIdentityId?.ToString() == (string?)identity["user_identity_id"]).Select(u => (JsonNode)u.Key.ToString())]);
        await JsonAsync(context, call.Text, 200, new JsonObject { ["user_identity"] = copy, ["ok"] = true });
    }

    /// <summary><c>/workspaces/get</c>: the API key's workspace, with the fields Seam's OpenAPI requires.</summary>
    public async Task GetWorkspaceAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        await JsonAsync(context, call.Text, 200, new JsonObject
        {
            ["workspace"] = new JsonObject
            {
                ["workspace_id"] = call.WorkspaceId.ToString(), ["name"] = "Fake workspace", ["company_name"] = "Fake company", ["is_sandbox"] = true,
                ["connect_webview_customization"] = new JsonObject(), ["is_suspended"] = false, ["connect_partner_name"] = null,
                ["is_publishable_key_auth_enabled"] = false, ["organization_id"] = null,
            },
            ["ok"] = true,
        });
    }

    public async Task GetAcsUserAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        if (!call.Body.ContainsKey("acs_user_id"))
            errors.Add("acs_user_id", "Required");
        var acsUserId = Uuid(call.Body, "acs_user_id", errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        if (acsUserId is not { } id || !State.AcsUsers.TryGetValue(id, out var user))
        {
            await ErrorAsync(context, call.Text, 404, "acs_user_not_found", "acs_user not found");
            return;
        }

        await JsonAsync(context, call.Text, 200, new JsonObject
        {
            ["acs_user"] = new JsonObject
            {
                ["acs_user_id"] = id.ToString(),
                ["acs_system_id"] = user.AcsSystemId.ToString(),
                ["workspace_id"] = call.WorkspaceId.ToString(),
                ["user_identity_id"] = user.UserIdentityId?.ToString(),
                ["display_name"] = "Guest",
                ["created_at"] = Now(),
                ["errors"] = new JsonArray(),
                ["warnings"] = new JsonArray(),
            },
            ["ok"] = true,
        });
    }

    /// <summary>Adds the identity unless the workspace has one with its key already (Seam allows one per key).</summary>
    private bool TryAdd(JsonObject identity, string? key, Guid workspaceId)
    {
        lock (State.UserIdentities)
        {
            if (key is not null && State.UserIdentities.Values.Any(u => (string?)u["user_identity_key"] == key && (string?)u["workspace_id"] == workspaceId.ToString()))
                return false;
            State.UserIdentities[Guid.Parse((string)identity["user_identity_id"]!)] = identity;
            return true;
        }
    }

    private JsonObject NewIdentity(Guid id, string? key, string? fullName, string? email, string? phone, Guid workspaceId) => new()
    {
        ["user_identity_id"] = id.ToString(),
        ["user_identity_key"] = key,
        ["email_address"] = email,
        ["phone_number"] = phone,
        ["display_name"] = fullName ?? email ?? key ?? $"Fake user with id {id}",
        ["full_name"] = fullName,
        ["created_at"] = Now(),
        ["workspace_id"] = workspaceId.ToString(),
        ["errors"] = new JsonArray(),
        ["warnings"] = new JsonArray(),
        ["acs_user_ids"] = new JsonArray(),
    };

    public static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return context.Response.WriteAsync("404");
    }
}
