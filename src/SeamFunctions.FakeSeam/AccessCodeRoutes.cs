using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.FakeSeam;

/// <summary>
/// <c>/access_codes/create|get|update|delete|list|pull_backup_access_code</c> on smart locks, as Seam's OpenAPI describes them: one code
/// per call, the same PIN twice on a device is <c>409 duplicate_access_code</c> (as in Seam's own fake), an
/// unknown device <c>404 device_not_found</c>. New codes are <c>setting</c>; tests move them on (<see cref="FakeSeamState.AlterCode"/>).
/// Faults are queued per call: <c>access_codes/create</c>, <c>access_codes/update</c> and so on.
/// </summary>
internal sealed class AccessCodeRoutes(FakeSeamState state, TimeProvider time) : FakeSeamWire(state, time)
{
    public async Task CreateAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        var (device, code, name, backupPool) = ReadCreate(call.Body, errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        if (!State.Devices.ContainsKey(device!))
        {
            await ErrorAsync(context, call.Text, 404, "device_not_found", "Device not found");
            return;
        }

        if (!await WithinRateAsync(context, call.Text))
            return;

        var made = NewCode(call.Body, device!, code ?? "1234", name, call.WorkspaceId);
        made["is_backup_access_code_available"] = backupPool; // the lock's pool is stocked; tests empty it with AlterCode
        var added = false;
        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_codes/create"), act: () => added = State.TryAddCode(made)) is not { } fault)
            return;
        if (!fault.Acted)
            added = State.TryAddCode(made);
        await (added
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["access_code"] = made.DeepClone(), ["action_attempt"] = Attempt("CREATE_ACCESS_CODE"), ["ok"] = true })
            : ErrorAsync(context, call.Text, 409, "duplicate_access_code", "An access code with this code already exists on the device"));
    }

    /// <summary>A create's fields, checked as Seam's schema checks them (errors added to <paramref name="errors"/>).</summary>
    private static (string? Device, string? Code, string? Name, bool BackupPool) ReadCreate(JsonObject body, ZodErrors errors)
    {
        var device = Required(body, "device_id", errors);
        var code = String(body, "code", errors, c => IsDigits(c) && c.Length is >= FakeSeamSeed.MinCodeLength and <= FakeSeamSeed.MaxCodeLength, "Invalid code");
        var name = String(body, "name", errors);
        var startsAt = DateTime(body, "starts_at", errors);
        var endsAt = DateTime(body, "ends_at", errors);
        if (startsAt is not null && endsAt is not null && endsAt <= startsAt)
            errors.Add("ends_at", "ends_at must be after starts_at");
        var backupPool = body["use_backup_access_code_pool"] is JsonValue pool && pool.TryGetValue<bool>(out var usePool) && usePool;
        if (backupPool && (startsAt is null || endsAt is null))
            errors.Add("use_backup_access_code_pool", "use_backup_access_code_pool requires starts_at and ends_at");
        return (device, code, name, backupPool);
    }

    public async Task GetAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_code_id", uuid: false) is not { } call || await FaultAsync(context, call.Text, State.NextFaultFor("access_codes/get")) is null)
            return;
        await (State.FindCode(call.Id, call.WorkspaceId) is { } code
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["access_code"] = code.DeepClone(), ["ok"] = true })
            : NotFoundAsync(context, call.Text));
    }

    /// <summary>Code, name and times change (what is sent, and only that); Seam answers with an action attempt, not the code.</summary>
    public async Task UpdateAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_code_id", uuid: false) is not { } call)
            return;
        var errors = new ZodErrors();
        var code = String(call.Body, "code", errors, c => IsDigits(c) && c.Length is >= FakeSeamSeed.MinCodeLength and <= FakeSeamSeed.MaxCodeLength, "Invalid code");
        var name = String(call.Body, "name", errors);
        _ = DateTime(call.Body, "starts_at", errors);
        _ = DateTime(call.Body, "ends_at", errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        (JsonObject? Code, bool Duplicate) changed = default;
        void Change() => changed = State.ChangeCode(call.Id, call.WorkspaceId, c => Apply(c, call.Body, code, name));
        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_codes/update"), act: Change) is not { } fault)
            return;
        if (!fault.Acted)
            Change();
        await (changed switch
        {
            { Code: null } => NotFoundAsync(context, call.Text),
            { Duplicate: true } => ErrorAsync(context, call.Text, 409, "duplicate_access_code", "An access code with this code already exists on the device"),
            _ => JsonAsync(context, call.Text, 200, new JsonObject { ["action_attempt"] = Attempt("UPDATE_ACCESS_CODE"), ["ok"] = true }),
        });
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_code_id", uuid: false) is not { } call)
            return;
        var removed = false;
        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_codes/delete"), act: () => removed = State.RemoveCode(call.Id, call.WorkspaceId)) is not { } fault)
            return;
        if (!fault.Acted)
            removed = State.RemoveCode(call.Id, call.WorkspaceId);
        await (removed
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["action_attempt"] = Attempt("DELETE_ACCESS_CODE"), ["ok"] = true })
            : NotFoundAsync(context, call.Text));
    }

    /// <summary>
    /// A backup code for a time-bound code (Seam's own fake: the same backup again for the same code; one is pulled
    /// even when <c>is_backup_access_code_available</c> is false, which callers must check themselves).
    /// </summary>
    public async Task PullBackupAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "access_code_id", uuid: false) is not { } call || await FaultAsync(context, call.Text, State.NextFaultFor("access_codes/pull_backup_access_code")) is null)
            return;
        if (State.FindCode(call.Id, call.WorkspaceId) is not { } original)
        {
            await NotFoundAsync(context, call.Text);
            return;
        }

        if ((string?)original["type"] != "time_bound")
        {
            await ErrorAsync(context, call.Text, 400, "access_code_not_time_bound", "Backups can only be used for time_bound access codes.");
            return;
        }

        var backup = State.PullBackup(original, pin => Backup(original, pin));
        // Seam's OpenAPI answers the backup under both keys (access_code is the newer one).
        await JsonAsync(context, call.Text, 200, new JsonObject { ["access_code"] = backup.DeepClone(), ["backup_access_code"] = backup.DeepClone(), ["ok"] = true });
    }

    private JsonObject Backup(JsonObject original, string pin)
    {
        var backup = NewCode(new JsonObject { ["starts_at"] = (string?)original["starts_at"], ["ends_at"] = (string?)original["ends_at"] },
            (string)original["device_id"]!, pin, $"Backup Access Code {pin}", Guid.Parse((string)original["workspace_id"]!));
        backup["is_backup"] = true;
        backup["status"] = "set"; // programmed on the lock ahead of need
        return backup;
    }

    /// <summary>One device's codes (<c>device_id</c> filters here, as Seam documents; Seam's own fake ignores it).</summary>
    public async Task ListAsync(HttpContext context)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return;
        var errors = new ZodErrors();
        var device = String(call.Body, "device_id", errors);
        var query = ReadListQuery(call.Body, errors);
        if (errors.Any)
        {
            await InvalidInputAsync(context, call.Text, errors);
            return;
        }

        if (await FaultAsync(context, call.Text, State.NextFaultFor("access_codes/list")) is null)
            return;
        var matching = State.CodesSnapshot()
            .Where(c => (string?)c["workspace_id"] == call.WorkspaceId.ToString() && (device is null || (string?)c["device_id"] == device))
            .ToList();
        await PageAsync(context, call.Text, "access_codes", matching, query);
    }

    private Task NotFoundAsync(HttpContext context, string text) => ErrorAsync(context, text, 404, "access_code_not_found", "Access code not found");

    private static void Apply(JsonObject code, JsonObject body, string? pin, string? name)
    {
        if (pin is not null)
            code["code"] = pin;
        if (name is not null)
            code["name"] = name;
        foreach (var time in (string[])["starts_at", "ends_at"])
        {
            if (body.ContainsKey(time))
                code[time] = (string?)body[time];
        }

        code["type"] = code["starts_at"] is null && code["ends_at"] is null ? "ongoing" : "time_bound";
        code["status"] = "setting"; // reprogrammed
    }

    private JsonObject NewCode(JsonObject body, string device, string code, string? name, Guid workspaceId)
    {
        var made = new JsonObject
        {
            ["access_code_id"] = Guid.NewGuid().ToString(),
            ["device_id"] = device,
            ["workspace_id"] = workspaceId.ToString(),
            ["name"] = name ?? $"Code {code.Length} digits",
            ["code"] = code,
            ["common_code_key"] = null,
            ["type"] = "ongoing",
            ["status"] = "setting",
            ["created_at"] = Now(),
            ["errors"] = new JsonArray(),
            ["warnings"] = new JsonArray(),
            ["is_managed"] = true,
            ["is_backup_access_code_available"] = false,
            ["is_external_modification_allowed"] = false,
            ["is_one_time_use"] = false,
            ["is_offline_access_code"] = false,
            ["is_scheduled_on_device"] = false,
            ["pending_mutations"] = new JsonArray(),
        };
        Apply(made, body, pin: null, name: null);
        made["status"] = "setting";
        return made;
    }

    private static JsonObject Attempt(string actionType) => new()
    {
        ["action_attempt_id"] = Guid.NewGuid().ToString(),
        ["action_type"] = actionType,
        ["status"] = "pending",
        ["result"] = null,
        ["error"] = null,
    };
}
