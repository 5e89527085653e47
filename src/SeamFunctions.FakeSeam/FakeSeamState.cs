using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SeamFunctions.FakeSeam;

/// <summary>What the fake knows and what it saw. Thread-safe: tests read it while requests arrive.</summary>
public sealed class FakeSeamState
{
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _credentials = [];
    private readonly ConcurrentQueue<FakeSeamFault> _faults = new();
    private readonly ConcurrentQueue<RecordedExchange> _exchanges = new();
    private int _createRequests;

    /// <summary>API keys Seam accepts, to the workspace they belong to. Tests rotate keys by changing this.</summary>
    public ConcurrentDictionary<string, Guid> ApiKeys { get; } = new() { [FakeSeamSeed.ApiKey] = FakeSeamSeed.WorkspaceId };

    /// <summary>ACS users by id, with their system and (if any) user identity.</summary>
    public IReadOnlyDictionary<Guid, (Guid AcsSystemId, Guid? UserIdentityId)> AcsUsers { get; } =
        new Dictionary<Guid, (Guid, Guid?)>
        {
            [FakeSeamSeed.AcsUserId] = (FakeSeamSeed.AcsSystemId, null),
            [FakeSeamSeed.LinkedAcsUserId] = (FakeSeamSeed.AcsSystemId, FakeSeamSeed.UserIdentityId),
        };

    /// <summary>Every call to <c>/acs/credentials/create</c> that reached the fake, authenticated or not.</summary>
    public int CreateRequests => Volatile.Read(ref _createRequests);

    /// <summary>Credentials that exist, in creation order (copies).</summary>
    public IReadOnlyList<JsonObject> Credentials
    {
        get
        {
            lock (_lock)
                return [.. _credentials.Select(c => (JsonObject)c.DeepClone())];
        }
    }

    /// <summary>Requests the fake received and JSON it answered, for the contract test.</summary>
    public IReadOnlyCollection<RecordedExchange> Exchanges => _exchanges;

    public void EnqueueFault(FakeSeamFault fault) => _faults.Enqueue(fault);

    internal FakeSeamFault? NextFault() => _faults.TryDequeue(out var fault) ? fault : null;

    internal void CountCreateRequest() => Interlocked.Increment(ref _createRequests);

    internal void Record(RecordedExchange exchange) => _exchanges.Enqueue(exchange);

    internal void Add(JsonObject credential)
    {
        lock (_lock)
            _credentials.Add(credential);
    }

    internal List<JsonObject> Snapshot()
    {
        lock (_lock)
            return [.. _credentials];
    }
}

/// <summary>One request and the JSON answer to it (null when the answer was not JSON).</summary>
public sealed record RecordedExchange(string Path, string RequestBody, int Status, string? ResponseBody);
