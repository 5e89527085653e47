using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Locks;

/// <summary>
/// What happens at a lock outside the adapter, for the lock sequence: a code deleted in the lock's own app (then
/// Seam's <c>access_code.deleted_external_to_seam</c>), a lock going offline or coming back. Each event is sent, as Seam
/// would, until it is answered 2xx.
/// </summary>
internal static class SeamAtTheLock
{
    /// <summary>The reference's code on <paramref name="door"/> deleted at the lock, and Seam's news of it; false when it holds none there.</summary>
    public static async Task<bool> DeleteAtTheLockAsync(Adapter adapter, string reference, string door)
    {
        var held = adapter.Seam.State.AccessCodes.FirstOrDefault(c => (string?)c["name"] == reference && (string?)c["device_id"] == door);
        if (held is null)
            return false;
        var id = (string)held["access_code_id"]!;
        adapter.Seam.State.RemoveCodeForTest(id);
        await SentUntilTakenAsync(adapter, "access_code.deleted_external_to_seam", door, id);
        return true;
    }

    public static Task ConnectionAsync(Adapter adapter, string door, bool online) =>
        SentUntilTakenAsync(adapter, online ? "device.connected" : "device.disconnected", door, accessCodeId: null);

    private static async Task SentUntilTakenAsync(Adapter adapter, string type, string door, string? accessCodeId)
    {
        var now = adapter.Services.GetRequiredService<TimeProvider>().GetUtcNow(); // the adapter's clock: a test may move it
        var json = new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = type, ["occurred_at"] = now.ToString("O"),
            ["workspace_id"] = FakeSeamSeed.WorkspaceId.ToString(), ["device_id"] = door, ["access_code_id"] = accessCodeId,
        }.ToJsonString();
        var svixId = "msg_" + Guid.NewGuid().ToString("N");
        for (var attempt = 0; ; attempt++)
        {
            var (status, body) = await adapter.SendAsync(Senders.SeamEvent(json, SeamEventAdapter.Secret, id: svixId, at: now));
            if (status == HttpStatusCode.OK)
                return;
            Assert.True(attempt < 6 && (int)status is 409 or >= 500, $"{type} on {door}: {(int)status} {body.ToJsonString()}");
        }
    }
}
