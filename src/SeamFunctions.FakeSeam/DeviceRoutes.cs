using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.FakeSeam;

/// <summary>
/// <c>/devices/get</c> for the smart locks of <see cref="FakeSeamState.Devices"/>: the device as Seam's OpenAPI
/// describes it (the shape of Seam's own fake's, with Seam's UUID-shaped ids where they are), its connection and
/// battery from <see cref="FakeSeamState.LockHealth"/>; an unknown one is <c>404 device_not_found</c>.
/// Faults are queued per call: <c>devices/get</c>. Also Seam's sandbox routes that take a lock offline and back.
/// </summary>
internal sealed class DeviceRoutes(FakeSeamState state, TimeProvider time) : FakeSeamWire(state, time)
{
    public async Task GetAsync(HttpContext context)
    {
        if (await ReadIdAsync(context, "device_id", uuid: false) is not { } call)
            return;
        var id = call.Id;

        if (await FaultAsync(context, call.Text, State.NextFaultFor("devices/get")) is null)
            return;
        await (State.Devices.TryGetValue(id, out var name)
            ? JsonAsync(context, call.Text, 200, new JsonObject { ["device"] = Device(id, name, State.LockHealth.GetValueOrDefault(id, FakeLockHealth.Fine), call.WorkspaceId), ["ok"] = true })
            : ErrorAsync(context, call.Text, 404, "device_not_found", "Device not found"));
    }

    /// <summary>
    /// Seam's sandbox routes <c>/devices/simulate/disconnect</c> and <c>/connect</c>: the lock goes offline or comes
    /// back (the demo's walk-through takes one offline with them, as one would in a Seam sandbox workspace).
    /// </summary>
    public Task DisconnectAsync(HttpContext context) => SimulateAsync(context, online: false);

    public Task ConnectAsync(HttpContext context) => SimulateAsync(context, online: true);

    private async Task SimulateAsync(HttpContext context, bool online)
    {
        if (await ReadIdAsync(context, "device_id", uuid: false) is not { } call)
            return;
        var id = call.Id;

        if (!State.Devices.ContainsKey(id))
        {
            await ErrorAsync(context, call.Text, 404, "device_not_found", "Device not found");
            return;
        }

        State.LockHealth.AddOrUpdate(id, _ => FakeLockHealth.Fine with { Online = online }, (_, health) => health with { Online = online });
        await JsonAsync(context, call.Text, 200, new JsonObject { ["ok"] = true });
    }

    private JsonObject Device(string id, string name, FakeLockHealth health, Guid workspaceId) => new()
    {
        ["device_id"] = id,
        ["is_managed"] = true,
        ["device_type"] = "august_lock",
        ["display_name"] = name,
        ["connected_account_id"] = FakeSeamSeed.ConnectedAccountId.ToString(),
        ["capabilities_supported"] = new JsonArray("lock", "access_code"),
        ["created_at"] = Now(),
        ["properties"] = new JsonObject
        {
            ["name"] = name,
            ["appearance"] = new JsonObject { ["name"] = name },
            ["online"] = health.Online,
            ["manufacturer"] = "august",
            ["locked"] = true,
            ["model"] = new JsonObject { ["display_name"] = "Lock", ["manufacturer_display_name"] = "August" },
            ["battery_level"] = health.BatteryLevel,
            ["battery"] = new JsonObject { ["level"] = health.BatteryLevel, ["status"] = health.BatteryLevel < 0.2 ? "low" : "good" },
            ["currently_triggering_noise_threshold_ids"] = new JsonArray(),
        },
        ["workspace_id"] = workspaceId.ToString(),
        ["errors"] = new JsonArray(),
        ["warnings"] = new JsonArray(),
        ["custom_metadata"] = new JsonObject(),
        ["can_remotely_lock"] = true,
        ["can_remotely_unlock"] = true,
        ["can_program_online_access_codes"] = true,
        ["space_ids"] = new JsonArray(),
    };
}
