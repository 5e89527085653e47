using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.FakeSeam;

/// <summary>
/// The routes, behaving as Seam does where Seam documents it: bearer auth, Zod-style <c>invalid_input</c>,
/// <c>*_not_found</c> errors, <c>seam-request-id</c>, and the envelope <c>{"error":{...},"ok":false}</c>.
/// </summary>
internal sealed partial class FakeSeamRoutes(FakeSeamState state, TimeProvider time)
{
    private const string AccessMethods = "'code' | 'card' | 'mobile_key' | 'cloud_key'";
    private const int DefaultListLimit = 500;

    public async Task CreateCredentialAsync(HttpContext context)
    {
        state.CountCreateRequest();
        var (body, text) = await ReadAsync(context);
        if (body is null || await AuthenticateAsync(context, text) is not { } workspaceId)
            return;

        switch (state.NextFault())
        {
            case FakeSeamFault.Status fault:
                if (fault.RetryAfter is not null)
                    context.Response.Headers.RetryAfter = fault.RetryAfter;
                await ErrorAsync(context, text, fault.Code, fault.Type, fault.Message);
                return;
            case FakeSeamFault.Garbage:
                context.Response.Headers["seam-request-id"] = NewRequestId();
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
                return;
            case FakeSeamFault.Reset { CreateFirst: var createFirst }:
                if (createFirst)
                    _ = TryCreate(body, workspaceId, out _);
                context.Abort();
                return;
            case FakeSeamFault.Delay { CreateFirst: true } delay:
                var made = TryCreate(body, workspaceId, out var earlyError);
                await Task.Delay(delay.Duration, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                await AnswerCreateAsync(context, text, made, earlyError);
                return;
            case FakeSeamFault.Delay delay:
                await Task.Delay(delay.Duration, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
        }

        var credential = TryCreate(body, workspaceId, out var error);
        await AnswerCreateAsync(context, text, credential, error);
    }

    public async Task ListCredentialsAsync(HttpContext context)
    {
        var (body, text) = await ReadAsync(context);
        if (body is null || await AuthenticateAsync(context, text) is not { } workspaceId)
            return;

        var errors = new ZodErrors();
        var acsUserId = Uuid(body, "acs_user_id", errors);
        var acsSystemId = Uuid(body, "acs_system_id", errors);
        var userIdentityId = Uuid(body, "user_identity_id", errors);
        var createdBefore = DateTime(body, "created_before", errors);
        var limit = DefaultListLimit;
        if (body["limit"] is { } limitNode)
        {
            if (limitNode.GetValueKind() == JsonValueKind.Number && limitNode.GetValue<double>() is var l && l >= 1)
                limit = (int)Math.Min(l, DefaultListLimit);
            else
                errors.Add("limit", "Expected number, received " + Kind(limitNode));
        }

        var offset = 0;
        if (body["page_cursor"] is { } cursorNode && !TryReadCursor(cursorNode, out offset))
            errors.Add("page_cursor", "Invalid page cursor");
        if (errors.Any)
        {
            await InvalidInputAsync(context, text, errors);
            return;
        }

        var matching = state.Snapshot()
            .Where(c => (string?)c["workspace_id"] == workspaceId.ToString())
            .Where(c => acsUserId is null || (string?)c["acs_user_id"] == acsUserId.ToString())
            .Where(c => acsSystemId is null || (string?)c["acs_system_id"] == acsSystemId.ToString())
            .Where(c => userIdentityId is null || (string?)c["user_identity_id"] == userIdentityId.ToString())
            .Where(c => createdBefore is null || DateTimeOffset.Parse((string)c["created_at"]!, CultureInfo.InvariantCulture) < createdBefore)
            .ToList();
        var page = matching.Skip(offset).Take(limit).Select(c => (JsonNode)c.DeepClone()).ToArray();
        var hasNext = offset + page.Length < matching.Count;
        var nextCursor = hasNext ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset + page.Length}")) : null;

        await JsonAsync(context, text, 200, new JsonObject
        {
            ["acs_credentials"] = new JsonArray(page),
            ["pagination"] = new JsonObject
            {
                ["has_next_page"] = hasNext,
                ["next_page_cursor"] = nextCursor,
                ["next_page_url"] = nextCursor is null
                    ? null
                    : $"{context.Request.Scheme}://{context.Request.Host}/acs/credentials/list?page_cursor={Uri.EscapeDataString(nextCursor)}",
            },
            ["ok"] = true,
        });
    }

    /// <summary><c>/acs/credentials/get</c>: the credential, or <c>404 acs_credential_not_found</c> (also once deleted).</summary>
    public async Task GetCredentialAsync(HttpContext context)
    {
        if (await ReadCredentialCallAsync(context) is not { } call)
            return;
        if (await FaultAsync(context, call.Text, state.NextFaultFor("get")) is not { } fault)
            return;

        var credential = state.Find(call.Id, call.WorkspaceId);
        await AnswerCredentialAsync(context, call.Text, credential, fault.Delayed);
    }

    /// <summary><c>/acs/credentials/update</c>: only <c>code</c> and <c>ends_at</c> change, as Seam documents.</summary>
    public async Task UpdateCredentialAsync(HttpContext context)
    {
        if (await ReadCredentialCallAsync(context, uuid: false) is not { } call)
            return;

        var errors = new ZodErrors();
        var code = String(call.Body, "code", errors, c => DigitsOnly().IsMatch(c), "Invalid");
        var endsAt = DateTime(call.Body, "ends_at", errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        if (await FaultAsync(context, call.Text, state.NextFaultFor("update"), act: () => Update(call, code, endsAt)) is not { } fault)
            return;
        await AnswerCredentialAsync(context, call.Text, fault.Acted ? state.Find(call.Id, call.WorkspaceId) : Update(call, code, endsAt), fault.Delayed);
    }

    /// <summary><c>/acs/credentials/delete</c>: <c>{ok:true}</c>; an unknown or deleted credential is <c>404</c>.</summary>
    public async Task DeleteCredentialAsync(HttpContext context)
    {
        if (await ReadCredentialCallAsync(context) is not { } call)
            return;
        if (await FaultAsync(context, call.Text, state.NextFaultFor("delete"), act: () => state.Remove(call.Id, call.WorkspaceId) ? new JsonObject() : null) is not { } fault)
            return;

        if (!fault.Acted && !state.Remove(call.Id, call.WorkspaceId))
        {
            await ErrorAsync(context, call.Text, 404, "acs_credential_not_found", "acs_credential not found");
            return;
        }

        await JsonAsync(context, call.Text, 200, new JsonObject { ["ok"] = true });
    }

    private JsonObject? Update((JsonObject Body, string Text, Guid WorkspaceId, string Id) call, string? code, DateTimeOffset? endsAt) =>
        state.Change(call.Id, call.WorkspaceId, credential =>
        {
            if (code is not null)
                credential["code"] = code;
            if (endsAt is not null)
                credential["ends_at"] = (string?)call.Body["ends_at"];
        });

    /// <summary>Body, auth and a present <c>acs_credential_id</c>; null after answering the refusal.</summary>
    private async Task<(JsonObject Body, string Text, Guid WorkspaceId, string Id)?> ReadCredentialCallAsync(HttpContext context, bool uuid = true)
    {
        var (body, text) = await ReadAsync(context);
        if (body is null || await AuthenticateAsync(context, text) is not { } workspaceId)
            return null;

        var errors = new ZodErrors();
        if (!body.ContainsKey("acs_credential_id"))
            errors.Add("acs_credential_id", "Required");
        var id = uuid ? Uuid(body, "acs_credential_id", errors)?.ToString() : String(body, "acs_credential_id", errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, text, errors);
            return null;
        }

        return (body, text, workspaceId, id!);
    }

    /// <summary>
    /// Plays the queued fault of a get, update or delete: null after answering for it; otherwise whether the call
    /// already acted (a delay after acting) and whether it was delayed.
    /// </summary>
    private async Task<(bool Acted, bool Delayed)?> FaultAsync(HttpContext context, string text, FakeSeamFault? fault, Func<JsonObject?>? act = null)
    {
        switch (fault)
        {
            case FakeSeamFault.Status status:
                await ErrorAsync(context, text, status.Code, status.Type, status.Message);
                return null;
            case FakeSeamFault.Garbage:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
                return null;
            case FakeSeamFault.Reset reset:
                if (reset.CreateFirst)
                    act?.Invoke();
                context.Abort();
                return null;
            case FakeSeamFault.Delay delay:
                if (delay.CreateFirst)
                    act?.Invoke();
                await Task.Delay(delay.Duration, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return (delay.CreateFirst, true);
            default:
                return (false, false);
        }
    }

    private Task AnswerCredentialAsync(HttpContext context, string text, JsonObject? credential, bool delayed) =>
        context.RequestAborted.IsCancellationRequested && delayed
            ? Task.CompletedTask
            : credential is null
                ? ErrorAsync(context, text, 404, "acs_credential_not_found", "acs_credential not found")
                : JsonAsync(context, text, 200, new JsonObject { ["acs_credential"] = credential.DeepClone(), ["ok"] = true });

    /// <summary><c>/user_identities/create</c>: a unique <c>user_identity_key</c> (a second one is refused), name, email, phone.</summary>
    public async Task CreateUserIdentityAsync(HttpContext context)
    {
        var (body, text) = await ReadAsync(context);
        if (body is null || await AuthenticateAsync(context, text) is not { } workspaceId)
            return;

        var errors = new ZodErrors();
        var key = String(body, "user_identity_key", errors, k => k.Length > 0, "String must contain at least 1 character(s)");
        var fullName = String(body, "full_name", errors, n => n.Length > 0, "String must contain at least 1 character(s)");
        var email = String(body, "email_address", errors, e => e.Contains('@', StringComparison.Ordinal), "Invalid email");
        var phone = String(body, "phone_number", errors, p => PhoneNumber().IsMatch(p), "Invalid phone number");
        if (errors.Any)
        {
            await InvalidInputAsync(context, text, errors);
            return;
        }

        state.CountIdentityCreate();
        var id = Guid.NewGuid();
        var identity = new JsonObject
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
        bool duplicate;
        lock (state.UserIdentities)
        {
            duplicate = key is not null && state.UserIdentities.Values.Any(u => (string?)u["user_identity_key"] == key && (string?)u["workspace_id"] == workspaceId.ToString());
            if (!duplicate)
                state.UserIdentities[id] = identity;
        }

        if (duplicate)
        {
            await ErrorAsync(context, text, 400, "user_identity_key_already_exists", "A user identity with this user_identity_key already exists");
            return;
        }

        await JsonAsync(context, text, 200, new JsonObject { ["user_identity"] = identity.DeepClone(), ["ok"] = true });
    }

    /// <summary><c>/user_identities/get</c> by <c>user_identity_id</c> or <c>user_identity_key</c>.</summary>
    public async Task GetUserIdentityAsync(HttpContext context)
    {
        var (body, text) = await ReadAsync(context);
        if (body is null || await AuthenticateAsync(context, text) is not { } workspaceId)
            return;

        var errors = new ZodErrors();
        var id = Uuid(body, "user_identity_id", errors);
        var key = String(body, "user_identity_key", errors);
        if (id is null && key is null && !errors.Any)
            errors.Add("user_identity_id", "Required");
        if (errors.Any)
        {
            await InvalidInputAsync(context, text, errors);
            return;
        }

        var identity = state.UserIdentities.Values.FirstOrDefault(u =>
            (string?)u["workspace_id"] == workspaceId.ToString()
            && (id is null || (string?)u["user_identity_id"] == id.ToString())
            && (key is null || (string?)u["user_identity_key"] == key));
        if (identity is null)
        {
            await ErrorAsync(context, text, 404, "user_identity_not_found", "user_identity not found");
            return;
        }

        var copy = identity.DeepClone().AsObject();
        copy["acs_user_ids"] = new JsonArray([.. state.AcsUsers.Where(u => u.Value.UserIdentityId?.ToString() == (string?)identity["user_identity_id"]).Select(u => (JsonNode)u.Key.ToString())]);
        await JsonAsync(context, text, 200, new JsonObject { ["user_identity"] = copy, ["ok"] = true });
    }

    public async Task GetUserAsync(HttpContext context)
    {
        var (body, text) = await ReadAsync(context);
        if (body is null || await AuthenticateAsync(context, text) is not { } workspaceId)
            return;

        var errors = new ZodErrors();
        if (!body.ContainsKey("acs_user_id"))
            errors.Add("acs_user_id", "Required");
        var acsUserId = Uuid(body, "acs_user_id", errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, text, errors);
            return;
        }

        if (acsUserId is not { } id || !state.AcsUsers.TryGetValue(id, out var user))
        {
            await ErrorAsync(context, text, 404, "acs_user_not_found", "acs_user not found");
            return;
        }

        await JsonAsync(context, text, 200, new JsonObject
        {
            ["acs_user"] = new JsonObject
            {
                ["acs_user_id"] = id.ToString(),
                ["acs_system_id"] = user.AcsSystemId.ToString(),
                ["workspace_id"] = workspaceId.ToString(),
                ["user_identity_id"] = user.UserIdentityId?.ToString(),
                ["display_name"] = "Guest",
                ["created_at"] = Now(),
                ["errors"] = new JsonArray(),
                ["warnings"] = new JsonArray(),
            },
            ["ok"] = true,
        });
    }

    public static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return context.Response.WriteAsync("404");
    }

    private JsonObject? TryCreate(JsonObject body, Guid workspaceId, out (int Status, string Type, string Message, ZodErrors? Issues)? error)
    {
        var errors = new ZodErrors();
        var accessMethod = Enum(body, "access_method", errors);
        var acsUserId = Uuid(body, "acs_user_id", errors);
        var userIdentityId = Uuid(body, "user_identity_id", errors);
        var acsSystemId = Uuid(body, "acs_system_id", errors);
        var code = String(body, "code", errors, c => DigitsOnly().IsMatch(c));
        var startsAt = DateTime(body, "starts_at", errors);
        var endsAt = DateTime(body, "ends_at", errors);
        var multiPhoneSync = Boolean(body, "is_multi_phone_sync_credential", errors);
        if (body["allowed_acs_entrance_ids"] is { } entrances && (entrances is not JsonArray array || array.Any(e => !IsUuid(e))))
            errors.Add("allowed_acs_entrance_ids", "Expected array of uuid strings");
        if (errors.Any)
        {
            error = (400, "invalid_input", errors.Message, errors);
            return null;
        }

        (Guid AcsSystemId, Guid? UserIdentityId) user;
        Guid userId;
        if (acsUserId is { } id)
        {
            if (!state.AcsUsers.TryGetValue(id, out user))
            {
                error = (404, "acs_user_not_found", "acs_user not found", null);
                return null;
            }

            userId = id;
        }
        else if (userIdentityId is { } identity && acsSystemId is { } system)
        {
            var linked = state.AcsUsers.FirstOrDefault(u => u.Value.UserIdentityId == identity && u.Value.AcsSystemId == system);
            if (linked.Key == Guid.Empty)
            {
                if (!state.UserIdentities.ContainsKey(identity))
                {
                    error = (404, "user_identity_not_found", "user_identity not found", null);
                    return null;
                }

                // As Seam does: the identity gets an ACS user in the system on its first credential there.
                linked = new(Guid.NewGuid(), (system, identity));
                state.AcsUsers[linked.Key] = linked.Value;
            }

            (userId, user) = (linked.Key, linked.Value);
        }
        else
        {
            error = (400, "invalid_input", "Must provide either acs_user_id or user_identity_id and acs_system_id", null);
            return null;
        }

        if (accessMethod == "code" && code is { Length: < FakeSeamSeed.MinCodeLength or > FakeSeamSeed.MaxCodeLength })
        {
            var issues = new ZodErrors();
            issues.Add("code", $"Code must be {FakeSeamSeed.MinCodeLength} to {FakeSeamSeed.MaxCodeLength} digits for this access system");
            error = (400, "invalid_input", issues.Message, issues);
            return null;
        }

        if (startsAt is not null && endsAt is not null && endsAt <= startsAt)
        {
            error = (400, "invalid_input", "ends_at must be after starts_at", null);
            return null;
        }

        var now = Now();
        var isCode = accessMethod == "code";
        var credential = new JsonObject
        {
            ["acs_credential_id"] = Guid.NewGuid().ToString(),
            ["acs_user_id"] = userId.ToString(),
            ["acs_system_id"] = user.AcsSystemId.ToString(),
            ["connected_account_id"] = FakeSeamSeed.ConnectedAccountId.ToString(),
            ["workspace_id"] = workspaceId.ToString(),
            ["display_name"] = isCode ? "PIN code" : "Guest credential",
            ["access_method"] = accessMethod,
            ["code"] = isCode ? code : null,
            ["card_number"] = null,
            ["created_at"] = now,
            ["is_managed"] = true,
            ["is_multi_phone_sync_credential"] = multiPhoneSync ?? false,
            ["is_issued"] = isCode,
            ["issued_at"] = isCode ? now : null,
            ["external_type"] = "salto_ks_credential",
            ["external_type_display_name"] = "Salto KS Credential",
            ["errors"] = new JsonArray(),
            ["warnings"] = isCode
                ? new JsonArray()
                : new JsonArray(new JsonObject
                {
                    ["warning_code"] = "waiting_to_be_issued",
                    ["message"] = "Credential is waiting to be issued.",
                    ["created_at"] = now,
                }),
        };
        if (user.UserIdentityId is { } linkedIdentity)
            credential["user_identity_id"] = linkedIdentity.ToString();
        if (startsAt is not null)
            credential["starts_at"] = (string?)body["starts_at"];
        if (endsAt is not null)
            credential["ends_at"] = (string?)body["ends_at"];

        state.Add(credential);
        error = null;
        return credential;
    }

    private Task AnswerCreateAsync(HttpContext context, string text, JsonObject? credential, (int Status, string Type, string Message, ZodErrors? Issues)? error) =>
        credential is not null
            ? JsonAsync(context, text, 200, new JsonObject { ["acs_credential"] = credential.DeepClone(), ["ok"] = true })
            : ErrorAsync(context, text, error!.Value.Status, error.Value.Type, error.Value.Message, error.Value.Issues);

    /// <summary>
    /// The body as JSON; null after answering a plain-text 400 for text that is not JSON (as Seam's own fake
    /// does, before authentication). JSON that is not an object is validated as an empty object, also as it does.
    /// </summary>
    private async Task<(JsonObject? Body, string Text)> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            var node = text.Length == 0 ? null : JsonNode.Parse(text);
            return (node as JsonObject ?? [], text);
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("Invalid JSON");
            state.Record(new RecordedExchange(context.Request.Path, text, 400, null));
            return (null, text);
        }
    }

    /// <summary>The caller's workspace, or null after answering 401.</summary>
    private async Task<Guid?> AuthenticateAsync(HttpContext context, string text)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal) && state.ApiKeys.TryGetValue(authorization[7..].Trim(), out var workspaceId))
            return workspaceId;
        await ErrorAsync(context, text, 401, "unauthorized", authorization.Length == 0 ? "No Authorization header" : "API Key not found");
        return null;
    }

    private Task InvalidInputAsync(HttpContext context, string text, ZodErrors errors) =>
        ErrorAsync(context, text, 400, "invalid_input", errors.Message, errors);

    private Task ErrorAsync(HttpContext context, string text, int status, string type, string message, ZodErrors? issues = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (issues is not null)
            error["validation_errors"] = issues.Format();
        return JsonAsync(context, text, status, new JsonObject { ["error"] = error, ["ok"] = false });
    }

    private Task JsonAsync(HttpContext context, string requestText, int status, JsonObject answer)
    {
        var json = answer.ToJsonString();
        state.Record(new RecordedExchange(context.Request.Path, requestText, status, json));
        context.Response.StatusCode = status;
        context.Response.Headers["seam-request-id"] = NewRequestId();
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(json);
    }

    private string Now() => time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string NewRequestId() => Guid.NewGuid().ToString();

    private static string? String(JsonObject body, string field, ZodErrors errors, Func<string, bool>? valid = null, string invalid = "Invalid")
    {
        if (!body.TryGetPropertyValue(field, out var node))
            return null;
        if (node?.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(field, "Expected string, received " + Kind(node));
            return null;
        }

        var value = node.GetValue<string>();
        if (valid is null || valid(value))
            return value;
        errors.Add(field, invalid);
        return null;
    }

    private static Guid? Uuid(JsonObject body, string field, ZodErrors errors) =>
        String(body, field, errors, v => Guid.TryParseExact(v, "D", out _), "Invalid uuid") is { } value ? Guid.Parse(value) : null;

    private static DateTimeOffset? DateTime(JsonObject body, string field, ZodErrors errors) =>
        String(body, field, errors, v => IsoDateTime().IsMatch(v), "Invalid datetime") is { } value
            ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture)
            : null;

    private static string? Enum(JsonObject body, string field, ZodErrors errors)
    {
        if (!body.ContainsKey(field))
        {
            errors.Add(field, "Required");
            return null;
        }

        return String(body, field, errors, v => v is "code" or "card" or "mobile_key" or "cloud_key",
            $"Invalid enum value. Expected {AccessMethods}");
    }

    private static bool? Boolean(JsonObject body, string field, ZodErrors errors)
    {
        if (!body.TryGetPropertyValue(field, out var node))
            return null;
        if (node?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return node.GetValue<bool>();
        errors.Add(field, "Expected boolean, received " + Kind(node));
        return null;
    }

    private static bool IsUuid(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String && Guid.TryParseExact(node.GetValue<string>(), "D", out _);

    private static bool TryReadCursor(JsonNode node, out int offset)
    {
        offset = 0;
        if (node.GetValueKind() == JsonValueKind.Null)
            return true;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(node.GetValue<string>()));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], CultureInfo.InvariantCulture, out offset) && offset >= 0;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "string",
    };

    [GeneratedRegex(@"^[0-9]+\z")]
    private static partial Regex DigitsOnly();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\z")]
    private static partial Regex IsoDateTime();
}
