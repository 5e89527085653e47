using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.FakeSeam;

/// <summary>
/// <c>/access_grants/create|get|list|update|delete|request_access_methods</c>, as Seam's OpenAPI describes them:
/// <c>requested_access_methods</c> required, a PIN of 4 to 9 digits, times in ISO 8601 with the end after the start
/// and in the future, a user identity by id or made with the grant. Like Seam, it does not refuse a repeated
/// <c>access_grant_key</c> (an adapter must find before it creates again).
/// </summary>
internal sealed class AccessGrantRoutes(FakeSeamState state, TimeProvider time) : FakeSeamWire(state, time)
{
    private readonly TimeProvider _time = time;

    public async Task CreateAsync(HttpContext context)
    {
        State.Grants.CountCreate();
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        var request = GrantRequest.Read(call.Body, errors, State, _time.GetUtcNow());
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        JsonObject? made = null;
        var fault = await FaultAsync(context, call.Text, State.NextFaultFor("access_grants/create"), act: () => made = Make(request!, call.WorkspaceId));
        if (fault is not { } played)
            return;
        made ??= played.Acted ? null : Make(request!, call.WorkspaceId); // also after a delay the caller gave up on: Seam acts anyway
        if (!(context.RequestAborted.IsCancellationRequested && played.Delayed))
            await JsonAsync(context, call.Text, 200, new JsonObject { ["access_grant"] = made!.DeepClone(), ["ok"] = true });
    }

    private JsonObject Make(GrantRequest request, Guid workspaceId)
    {
        var (grant, methods) = GrantShapes.New(request, workspaceId, Now());
        State.Grants.Add(grant, methods, request.DeviceIds);
        return grant;
    }

    /// <summary><c>/access_grants/get</c> by <c>access_grant_id</c>; <c>404 access_grant_not_found</c> once deleted.</summary>
    public async Task GetAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_grant_id") is not { } call || await FaultAsync(context, call.Text, State.NextFaultFor("access_grants/get")) is null)
            return;
        await GrantOrNotFoundAsync(context, call.Text, State.Grants.Find(call.Id, call.WorkspaceId));
    }

    /// <summary><c>/access_grants/list</c>, filtered by <c>access_grant_key</c> and <c>reservation_key</c> when given.</summary>
    public async Task ListAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        var key = String(call.Body, "access_grant_key", errors);
        var reservation = String(call.Body, "reservation_key", errors);
        var query = ReadListQuery(call.Body, errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_grants/list")) is null)
            return;
        var matching = State.Grants.Live
            .Where(g => (string?)g["workspace_id"] == call.WorkspaceId.ToString())
            .Where(g => key is null || (string?)g["access_grant_key"] == key)
            .Where(g => reservation is null || (string?)g["reservation_key"] == reservation)
            .ToList();
        await PageAsync(context, call.Text, "access_grants", matching, query);
    }

    /// <summary><c>/access_grants/update</c>: times and name only, as Seam documents.</summary>
    public async Task UpdateAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_grant_id") is not { } call)
            return;
        var errors = new ZodErrors();
        var starts = DateTime(call.Body, "starts_at", errors);
        var ends = DateTime(call.Body, "ends_at", errors);
        if (starts is not null && ends is not null && ends <= starts)
            errors.Add("ends_at", "ends_at must be after starts_at");
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        JsonObject? Update() => State.Grants.Change(call.Id, call.WorkspaceId, grant =>
        {
            if (starts is not null)
                grant["starts_at"] = Iso(starts.Value);
            if (call.Body.ContainsKey("ends_at"))
                grant["ends_at"] = ends is null ? null : Iso(ends.Value);
            if (call.Body.ContainsKey("name"))
                grant["name"] = call.Body["name"]?.DeepClone();
        });

        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_grants/update"), act: () => Update()) is not { } fault)
            return;
        await ((fault.Acted ? State.Grants.Find(call.Id, call.WorkspaceId) : Update()) is not null
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["ok"] = true })
            : GrantNotFoundAsync(context, call.Text));
    }

    /// <summary><c>/access_grants/delete</c>: the grant and its access methods; <c>404</c> when unknown or deleted.</summary>
    public async Task DeleteAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_grant_id") is not { } call)
            return;
        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_grants/delete"), act: () => State.Grants.Remove(call.Id, call.WorkspaceId)) is not { } fault)
            return;
        await (fault.Acted || State.Grants.Remove(call.Id, call.WorkspaceId)
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["ok"] = true })
            : GrantNotFoundAsync(context, call.Text));
    }

    /// <summary><c>/access_grants/request_access_methods</c>: more methods on a grant (at least one).</summary>
    public async Task RequestMethodsAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_grant_id") is not { } call)
            return;
        var errors = new ZodErrors();
        var requested = GrantRequest.ReadMethods(call.Body, errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        JsonObject? Add()
        {
            var methods = requested!.Select(r => GrantShapes.Method(r, call.WorkspaceId, Now())).ToList();
            return State.Grants.AddMethods(call.Id, call.WorkspaceId, methods) is null
                ? null
                : State.Grants.Change(call.Id, call.WorkspaceId, g => GrantShapes.Requested(g, requested!, methods, Now()));
        }

        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_grants/request_access_methods"), act: () => Add()) is not { } fault)
            return;
        await GrantOrNotFoundAsync(context, call.Text, fault.Acted ? State.Grants.Find(call.Id, call.WorkspaceId) : Add());
    }

    private Task GrantOrNotFoundAsync(HttpContext context, string text, JsonObject? grant) =>
        grant is null ? GrantNotFoundAsync(context, text) : JsonAsync(context, text, 200, new JsonObject { ["access_grant"] = grant, ["ok"] = true });

    private Task GrantNotFoundAsync(HttpContext context, string text) => ErrorAsync(context, text, 404, "access_grant_not_found", "Access grant not found");

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static bool IsString(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String;
}
