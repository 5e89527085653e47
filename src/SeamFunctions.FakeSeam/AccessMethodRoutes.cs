using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.FakeSeam;

/// <summary><c>/access_methods/get|list|delete</c> and <c>/spaces/get|list</c>, as Seam's OpenAPI describes them.</summary>
internal sealed class AccessMethodRoutes(FakeSeamState state, TimeProvider time) : FakeSeamWire(state, time)
{
    /// <summary><c>/access_methods/list</c> of one grant (<c>access_grant_id</c>); an unknown grant lists none.</summary>
    public async Task ListAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_grant_id") is not { } call || await FaultAsync(context, call.Text, State.NextFaultFor("access_methods/list")) is null)
            return;
        var methods = State.Grants.Find(call.Id, call.WorkspaceId) is null ? [] : State.Grants.MethodsOf(call.Id);
        await JsonAsync(context, call.Text, 200, new JsonObject { ["access_methods"] = new JsonArray([.. methods]), ["ok"] = true });
    }

    public async Task GetAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_method_id") is not { } call)
            return;
        await (State.Grants.Methods.FirstOrDefault(m => (string?)m["access_method_id"] == call.Id && (string?)m["workspace_id"] == call.WorkspaceId.ToString()) is { } method
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["access_method"] = method, ["ok"] = true })
            : MethodNotFoundAsync(context, call.Text));
    }

    /// <summary><c>/access_methods/delete</c> by <c>access_method_id</c>: that PIN or phone key stops working; <c>404</c> when unknown.</summary>
    public async Task DeleteAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_method_id") is not { } call)
            return;
        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_methods/delete"), act: () => State.Grants.RemoveMethod(call.Id)) is not { } fault)
            return;
        await (fault.Acted || State.Grants.RemoveMethod(call.Id) ? JsonAsync(context, call.Text, 200, new JsonObject { ["ok"] = true }) : MethodNotFoundAsync(context, call.Text));
    }

    /// <summary><c>/spaces/get</c> by <c>space_id</c>.</summary>
    public async Task GetSpaceAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "space_id") is not { } call)
            return;
        await (State.Grants.Spaces.TryGetValue(Guid.Parse(call.Id), out var name)
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["space"] = Space(Guid.Parse(call.Id), name, call.WorkspaceId), ["ok"] = true })
            : ErrorAsync(context, call.Text, 404, "space_not_found", "Space not found"));
    }

    public async Task ListSpacesAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        var query = ReadListQuery(call.Body, errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        await PageAsync(context, call.Text, "spaces", [.. State.Grants.Spaces.OrderBy(s => s.Value, StringComparer.Ordinal).Select(s => Space(s.Key, s.Value, call.WorkspaceId))], query);
    }

    private JsonObject Space(Guid id, string name, Guid workspaceId) => new()
    {
        ["space_id"] = id.ToString(), ["workspace_id"] = workspaceId.ToString(), ["name"] = name, ["display_name"] = name, ["created_at"] = Now(),
        ["device_count"] = 2, ["acs_entrance_count"] = 0,
    };

    private Task MethodNotFoundAsync(HttpContext context, string text) => ErrorAsync(context, text, 404, "access_method_not_found", "Access method not found");
}
