using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SeamFunctions.FakeSeam;

/// <summary>
/// The fake's access grants, their access methods and the workspace's spaces. A test issues a grant's methods
/// (<see cref="Issue"/>) as Seam would once the locks have them; Seam sends the events, the test sends them here.
/// </summary>
public sealed class FakeGrants
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _devices = new(StringComparer.Ordinal);
    private int _creates;

    /// <summary>Seam's spaces: a unit and the devices in it (id → name).</summary>
    public ConcurrentDictionary<Guid, string> Spaces { get; } = new(
    [
        new(FakeSeamSeed.UnitSpaceId, "Unit 12"),
    ]);

    /// <summary>How many creates reached the fake (also refused ones).</summary>
    public int CreateRequests => Volatile.Read(ref _creates);

    public void CountCreate() => Interlocked.Increment(ref _creates);

    /// <summary>The grants not deleted, in the order they were made.</summary>
    public IReadOnlyList<JsonObject> Live
    {
        get
        {
            lock (_lock)
                return [.. _grants.Values.Select(g => g.DeepClone().AsObject())];
        }
    }

    public void Add(JsonObject grant, IEnumerable<JsonObject> methods, string[] devices)
    {
        lock (_lock)
        {
            _grants[(string)grant["access_grant_id"]!] = grant;
            _devices[(string)grant["access_grant_id"]!] = devices;
            foreach (var method in methods)
                _methods[(string)method["access_method_id"]!] = method;
        }
    }

    /// <summary>The devices a grant was made for (Seam's grant object does not list them).</summary>
    public IReadOnlyList<string> DevicesOf(string grantId)
    {
        lock (_lock)
            return _devices.TryGetValue(grantId, out var devices) ? devices : [];
    }

    public JsonObject? Find(string id, Guid workspaceId)
    {
        lock (_lock)
            return _grants.TryGetValue(id, out var grant) && (string?)grant["workspace_id"] == workspaceId.ToString() ? grant.DeepClone().AsObject() : null;
    }

    /// <summary>The grant changed under the lock; null when unknown.</summary>
    public JsonObject? Change(string id, Guid workspaceId, Action<JsonObject> change)
    {
        lock (_lock)
        {
            if (!_grants.TryGetValue(id, out var grant) || (string?)grant["workspace_id"] != workspaceId.ToString())
                return null;
            change(grant);
            return grant.DeepClone().AsObject();
        }
    }

    /// <summary>Deletes the grant and its methods; false when unknown.</summary>
    public bool Remove(string id, Guid workspaceId)
    {
        lock (_lock)
        {
            if (!_grants.TryGetValue(id, out var grant) || (string?)grant["workspace_id"] != workspaceId.ToString())
                return false;
            _grants.Remove(id);
            foreach (var method in MethodIds(grant))
                _methods.Remove(method);
            return true;
        }
    }

    public IReadOnlyList<JsonObject> MethodsOf(string grantId)
    {
        lock (_lock)
            return _grants.TryGetValue(grantId, out var grant) ? [.. MethodIds(grant).Where(_methods.ContainsKey).Select(m => _methods[m].DeepClone().AsObject())] : [];
    }

    /// <summary>Every access method of the workspace's live grants (a PIN a lock would take, a phone key that opens).</summary>
    public IReadOnlyList<JsonObject> Methods
    {
        get
        {
            lock (_lock)
                return [.. _methods.Values.Select(m => m.DeepClone().AsObject())];
        }
    }

    /// <summary>Adds methods to a grant.</summary>
    public JsonObject? AddMethods(string grantId, Guid workspaceId, IReadOnlyList<JsonObject> methods) => Change(grantId, workspaceId, grant =>
    {
        foreach (var method in methods)
        {
            _methods[(string)method["access_method_id"]!] = method;
            ((JsonArray)grant["access_method_ids"]!).Add((string)method["access_method_id"]!);
        }
    });

    /// <summary>Deletes one method (and its id from its grant); false when unknown.</summary>
    public bool RemoveMethod(string methodId)
    {
        lock (_lock)
        {
            if (!_methods.Remove(methodId))
                return false;
            foreach (var grant in _grants.Values)
            {
                var ids = (JsonArray)grant["access_method_ids"]!;
                if (ids.FirstOrDefault(i => (string?)i == methodId) is { } node)
                    ids.Remove(node);
            }

            return true;
        }
    }

    /// <summary>Every method of the grant issued now, as Seam does once the doors have them.</summary>
    public void Issue(string grantId, string at)
    {
        lock (_lock)
        {
            if (!_grants.TryGetValue(grantId, out var grant))
                return;
            foreach (var id in MethodIds(grant).Where(_methods.ContainsKey))
                (_methods[id]["is_issued"], _methods[id]["issued_at"]) = (true, at);
        }
    }

    private static string[] MethodIds(JsonObject grant) => ((JsonArray)grant["access_method_ids"]!).Select(i => (string)i!).ToArray();
}
