using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.FakeSeam;

/// <summary><c>/acs/credentials/create|list|get|update|delete</c>, as Seam's OpenAPI describes them.</summary>
internal sealed class AcsCredentialRoutes(FakeSeamState state, TimeProvider time) : FakeSeamWire(state, time)
{
    private const string AccessMethods = "'code' | 'card' | 'mobile_key' | 'cloud_key'";

    public async Task CreateAsync(HttpContext context)
    {
        State.CountCreateRequest();
        if (await ReadAuthenticatedAsync(context) is not { } call || !await WithinRateAsync(context, call.Text))
            return;

        JsonObject? made = null;
        CreateError? error = null;
        var fault = await FaultAsync(context, call.Text, State.NextFault(), act: () => made = TryCreate(call.Body, call.WorkspaceId, out error));
        if (fault is not { } played)
            return;
        if (!played.Acted)
            made = TryCreate(call.Body, call.WorkspaceId, out error); // also after a delay the caller gave up on: Seam acts anyway
        await (made is not null
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["acs_credential"] = made.DeepClone(), ["ok"] = true })
            : ErrorAsync(context, call.Text, error!.Status, error.Type, error.Message, error.Issues));
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        var acsUserId = Uuid(call.Body, "acs_user_id", errors);
        var acsSystemId = Uuid(call.Body, "acs_system_id", errors);
        var userIdentityId = Uuid(call.Body, "user_identity_id", errors);
        var createdBefore = DateTime(call.Body, "created_before", errors);
        var query = ReadListQuery(call.Body, errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        var matching = State.Snapshot()
            .Where(c => (string?)c["workspace_id"] == call.WorkspaceId.ToString())
            .Where(c => acsUserId is null || (string?)c["acs_user_id"] == acsUserId.ToString())
            .Where(c => acsSystemId is null || (string?)c["acs_system_id"] == acsSystemId.ToString())
            .Where(c => userIdentityId is null || (string?)c["user_identity_id"] == userIdentityId.ToString())
            .Where(c => createdBefore is null || DateTimeOffset.Parse((string)c["created_at"]!, CultureInfo.InvariantCulture) < createdBefore)
            .ToList();
        await PageAsync(context, call.Text, "acs_credentials", matching, query);
    }

    /// <summary><c>/acs/credentials/get</c>: the credential, or <c>404 acs_credential_not_found</c> (also once deleted).</summary>
    public async Task GetAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "acs_credential_id") is not { } call || await FaultAsync(context, call.Text, State.NextFaultFor("get")) is not { } fault)
            return;
        await AnswerAsync(context, call.Text, State.Find(call.Id, call.WorkspaceId), fault.Delayed);
    }

    /// <summary><c>/acs/credentials/update</c>: only <c>code</c> and <c>ends_at</c> change, as Seam documents.</summary>
    public async Task UpdateAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "acs_credential_id", uuid: false) is not { } call)
            return;
        var errors = new ZodErrors();
        var code = String(call.Body, "code", errors, IsDigits, "Invalid");
        var endsAt = DateTime(call.Body, "ends_at", errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        JsonObject? Update() => State.Change(call.Id, call.WorkspaceId, credential =>
        {
            if (code is not null)
                credential["code"] = code;
            if (endsAt is not null)
                credential["ends_at"] = (string?)call.Body["ends_at"];
        });

        if (await FaultAsync(context, call.Text, State.NextFaultFor("update"), act: () => Update()) is not { } fault)
            return;
        await AnswerAsync(context, call.Text, fault.Acted ? State.Find(call.Id, call.WorkspaceId) : Update(), fault.Delayed);
    }

    /// <summary><c>/acs/credentials/delete</c>: <c>{ok:true}</c>; an unknown or deleted credential is <c>404</c>.</summary>
    public async Task DeleteAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "acs_credential_id") is not { } call)
            return;
        if (await FaultAsync(context, call.Text, State.NextFaultFor("delete"), act: () => State.Remove(call.Id, call.WorkspaceId)) is not { } fault)
            return;
        await (fault.Acted || State.Remove(call.Id, call.WorkspaceId)
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["ok"] = true })
            : ErrorAsync(context, call.Text, 404, "acs_credential_not_found", "acs_credential not found"));
    }

    private Task AnswerAsync(HttpContext context, string text, JsonObject? credential, bool delayed) =>
        context.RequestAborted.IsCancellationRequested && delayed
            ? Task.CompletedTask
            : credential is null
                ? ErrorAsync(context, text, 404, "acs_credential_not_found", "acs_credential not found")
                : JsonAsync(context, text, 200, new JsonObject { ["acs_credential"] = credential.DeepClone(), ["ok"] = true });

    /// <summary>The credential Seam would make of <paramref name="body"/>, stored; null with Seam's error when it would refuse.</summary>
    private JsonObject? TryCreate(JsonObject body, Guid workspaceId, out CreateError? error)
    {
        var errors = new ZodErrors();
        var wanted = ReadCreate(body, errors);
        error = errors.Any ? new CreateError(400, "invalid_input", errors.Message, errors) : ResolveUser(wanted, out wanted) ?? CheckCreate(wanted);
        if (error is not null)
            return null;
        var credential = NewCredential(wanted, body, workspaceId);
        State.Add(credential);
        return credential;
    }

    private static CreateRequest ReadCreate(JsonObject body, ZodErrors errors)
    {
        if (!body.ContainsKey("access_method"))
            errors.Add("access_method", "Required");
        var request = new CreateRequest(
            String(body, "access_method", errors, v => v is "code" or "card" or "mobile_key" or "cloud_key", $"Invalid enum value. Expected {AccessMethods}"),
            Uuid(body, "acs_user_id", errors), Uuid(body, "user_identity_id", errors), Uuid(body, "acs_system_id", errors),
            String(body, "code", errors, IsDigits), DateTime(body, "starts_at", errors), DateTime(body, "ends_at", errors),
            Boolean(body, "is_multi_phone_sync_credential", errors));
        if (body["allowed_acs_entrance_ids"] is { } entrances && (entrances is not JsonArray array || array.Any(e => !IsUuid(e))))
            errors.Add("allowed_acs_entrance_ids", "Expected array of uuid strings");
        return request;
    }

    /// <summary>The ACS user: named, or the identity's in the system (made on its first credential there, as Seam does).</summary>
    private CreateError? ResolveUser(CreateRequest request, out CreateRequest resolved)
    {
        resolved = request;
        if (request.AcsUserId is { } id)
            return State.AcsUsers.TryGetValue(id, out var user) ? Resolved(id, user, out resolved) : new CreateError(404, "acs_user_not_found", "acs_user not found");
        if (request is not { UserIdentityId: { } identity, AcsSystemId: { } system })
            return new CreateError(400, "invalid_input", "Must provide either acs_user_id or user_identity_id and acs_system_id");

        var linked = State.AcsUsers.FirstOrDefault(u => u.Value.UserIdentityId == identity && u.Value.AcsSystemId == system);
        if (linked.Key == Guid.Empty)
        {
            if (!State.UserIdentities.ContainsKey(identity))
                return new CreateError(404, "user_identity_not_found", "user_identity not found");
            linked = new(Guid.NewGuid(), (system, identity));
            State.AcsUsers[linked.Key] = linked.Value;
        }

        return Resolved(linked.Key, linked.Value, out resolved);

        CreateError? Resolved(Guid userId, (Guid AcsSystemId, Guid? UserIdentityId) user, out CreateRequest with)
        {
            with = request with { AcsUserId = userId, AcsSystemId = user.AcsSystemId, UserIdentityId = user.UserIdentityId };
            return null;
        }
    }

    private static CreateError? CheckCreate(CreateRequest request)
    {
        if (request.AccessMethod == "code" && request.Code is { Length: < FakeSeamSeed.MinCodeLength or > FakeSeamSeed.MaxCodeLength })
        {
            var issues = new ZodErrors();
            issues.Add("code", $"Code must be {FakeSeamSeed.MinCodeLength} to {FakeSeamSeed.MaxCodeLength} digits for this access system");
            return new CreateError(400, "invalid_input", issues.Message, issues);
        }

        return request.StartsAt is not null && request.EndsAt is not null && request.EndsAt <= request.StartsAt
            ? new CreateError(400, "invalid_input", "ends_at must be after starts_at")
            : null;
    }

    private JsonObject NewCredential(CreateRequest request, JsonObject body, Guid workspaceId)
    {
        var now = Now();
        var isCode = request.AccessMethod == "code";
        var credential = new JsonObject
        {
            ["acs_credential_id"] = Guid.NewGuid().ToString(),
            ["acs_user_id"] = request.AcsUserId.ToString(),
            ["acs_system_id"] = request.AcsSystemId.ToString(),
            ["connected_account_id"] = FakeSeamSeed.ConnectedAccountId.ToString(),
            ["workspace_id"] = workspaceId.ToString(),
            ["display_name"] = isCode ? "PIN code" : "Guest credential",
            ["access_method"] = request.AccessMethod,
            ["code"] = isCode ? request.Code : null,
            ["card_number"] = null,
            ["created_at"] = now,
            ["is_managed"] = true,
            ["is_multi_phone_sync_credential"] = request.MultiPhoneSync ?? false,
            ["is_issued"] = isCode,
            ["issued_at"] = isCode ? now : null,
            ["external_type"] = "salto_ks_credential",
            ["external_type_display_name"] = "Salto KS Credential",
            ["errors"] = new JsonArray(),
            ["warnings"] = isCode ? new JsonArray() : new JsonArray(new JsonObject
            {
                ["warning_code"] = "waiting_to_be_issued", ["message"] = "Credential is waiting to be issued.", ["created_at"] = now,
            }),
        };
        if (request.UserIdentityId is { } identity)
            credential["user_identity_id"] = identity.ToString();
        if (request.StartsAt is not null)
            credential["starts_at"] = (string?)body["starts_at"];
        if (request.EndsAt is not null)
            credential["ends_at"] = (string?)body["ends_at"];
        return credential;
    }

    private sealed record CreateRequest(
        string? AccessMethod, Guid? AcsUserId, Guid? UserIdentityId, Guid? AcsSystemId, string? Code, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, bool? MultiPhoneSync);

    private sealed record CreateError(int Status, string Type, string Message, ZodErrors? Issues = null);
}
