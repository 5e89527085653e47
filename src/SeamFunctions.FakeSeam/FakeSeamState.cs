using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SeamFunctions.FakeSeam;

/// <summary>What the fake knows and what it saw. Thread-safe: tests read it while requests arrive.</summary>
public sealed class FakeSeamState
{
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _credentials = [];
    private readonly ConcurrentQueue<FakeSeamFault> _faults = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeSeamFault>> _faultsByCall = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedExchange> _exchanges = new();
    private int _createRequests;

    /// <summary>API keys Seam accepts, to the workspace they belong to. Tests rotate keys by changing this.</summary>
    public ConcurrentDictionary<string, Guid> ApiKeys { get; } = new() { [FakeSeamSeed.ApiKey] = FakeSeamSeed.WorkspaceId };

    /// <summary>ACS users by id, with their system and (if any) user identity.</summary>
    public ConcurrentDictionary<Guid, (Guid AcsSystemId, Guid? UserIdentityId)> AcsUsers { get; } = new(
        new Dictionary<Guid, (Guid, Guid?)>
        {
            [FakeSeamSeed.AcsUserId] = (FakeSeamSeed.AcsSystemId, null),
            [FakeSeamSeed.LinkedAcsUserId] = (FakeSeamSeed.AcsSystemId, FakeSeamSeed.UserIdentityId),
        });

    /// <summary>Smart locks by device id, with their display name. Tests add locks here.</summary>
    public ConcurrentDictionary<string, string> Devices { get; } = new(
        new Dictionary<string, string>
        {
            [FakeSeamSeed.FrontDoorId.ToString()] = "Front door",
            [FakeSeamSeed.BackDoorId.ToString()] = "Back door",
        });

    /// <summary>
    /// What Seam last heard from a lock (<c>properties.online</c>, <c>battery_level</c>); a lock not here is online
    /// with a full battery. Tests take locks offline or drain them here.
    /// </summary>
    public ConcurrentDictionary<string, FakeLockHealth> LockHealth { get; } = new();

    /// <summary>Access grants, their access methods and the workspace's spaces.</summary>
    public FakeGrants Grants { get; } = new();

    private readonly List<JsonObject> _accessCodes = [];

    /// <summary>Access codes that exist, in creation order (copies).</summary>
    public IReadOnlyList<JsonObject> AccessCodes
    {
        get
        {
            lock (_lock)
                return [.. _accessCodes.Select(c => (JsonObject)c.DeepClone())];
        }
    }

    /// <summary>What Seam changes on a code by itself (set on the lock, failed): tests use it to see fresh reads.</summary>
    public bool AlterCode(string accessCodeId, Action<JsonObject> change)
    {
        lock (_lock)
        {
            var code = _accessCodes.FirstOrDefault(c => (string?)c["access_code_id"] == accessCodeId);
            if (code is not null)
                change(code);
            return code is not null;
        }
    }

    /// <summary>Adds the code unless its device holds the same PIN already (Seam's <c>duplicate_access_code</c>).</summary>
    internal bool TryAddCode(JsonObject code)
    {
        lock (_lock)
        {
            if (_accessCodes.Any(c => SameDevice(c, code) && (string?)c["code"] == (string?)code["code"]))
                return false;
            _accessCodes.Add(code);
            return true;
        }
    }

    internal JsonObject? FindCode(string id, Guid workspaceId)
    {
        lock (_lock)
            return _accessCodes.FirstOrDefault(c => (string?)c["access_code_id"] == id && (string?)c["workspace_id"] == workspaceId.ToString());
    }

    /// <summary>Changes the code unless the new PIN is another code's on its device; null when there is no such code.</summary>
    internal (JsonObject? Code, bool Duplicate) ChangeCode(string id, Guid workspaceId, Action<JsonObject> change)
    {
        Interlocked.Increment(ref _writes);
        lock (_lock)
        {
            var code = _accessCodes.FirstOrDefault(c => (string?)c["access_code_id"] == id && (string?)c["workspace_id"] == workspaceId.ToString());
            if (code is null)
                return (null, false);
            var changed = (JsonObject)code.DeepClone();
            change(changed);
            if (_accessCodes.Any(c => c != code && SameDevice(c, changed) && (string?)c["code"] == (string?)changed["code"]))
                return (code, true);
            change(code);
            return (code, false);
        }
    }

    /// <summary>
    /// The backup code pulled for <paramref name="original"/>: the one pulled before, else a new one from the device's
    /// pool (its own PIN, already on the lock, the original's times), as Seam's own fake does.
    /// </summary>
    internal JsonObject PullBackup(JsonObject original, Func<string, JsonObject> make)
    {
        lock (_lock)
        {
            var pulledId = (string?)original["pulled_backup_access_code_id"];
            if (_accessCodes.FirstOrDefault(c => pulledId is not null && (string?)c["access_code_id"] == pulledId) is { } pulled)
                return pulled;
            var taken = _accessCodes.Where(c => SameDevice(c, original)).Select(c => (string?)c["code"]).ToHashSet();
            var pin = Enumerable.Range(0, 1000).Select(_ => Random.Shared.Next(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture)).First(p => !taken.Contains(p));
            var backup = make(pin);
            _accessCodes.Add(backup);
            foreach (var stored in _accessCodes.Where(c => (string?)c["access_code_id"] == (string?)original["access_code_id"]))
                stored["pulled_backup_access_code_id"] = (string?)backup["access_code_id"];
            return backup;
        }
    }

    /// <summary>A code deleted outside the adapter (in the lock's own app).</summary>
    public bool RemoveCodeForTest(string id)
    {
        lock (_lock)
            return _accessCodes.RemoveAll(c => (string?)c["access_code_id"] == id) > 0;
    }

    internal bool RemoveCode(string id, Guid workspaceId)
    {
        Interlocked.Increment(ref _writes);
        lock (_lock)
            return _accessCodes.RemoveAll(c => (string?)c["access_code_id"] == id && (string?)c["workspace_id"] == workspaceId.ToString()) > 0;
    }

    internal List<JsonObject> CodesSnapshot()
    {
        lock (_lock)
            return [.. _accessCodes];
    }

    private static bool SameDevice(JsonObject a, JsonObject b) => (string?)a["device_id"] == (string?)b["device_id"];

    /// <summary>User identities by id (the seeded one, and those created through <c>/user_identities/create</c>).</summary>
    public ConcurrentDictionary<Guid, JsonObject> UserIdentities { get; } = new();

    /// <summary>Every call to <c>/user_identities/create</c> that was authenticated.</summary>
    public int IdentityCreates => Volatile.Read(ref _identityCreates);

    private int _identityCreates;

    internal void CountIdentityCreate() => Interlocked.Increment(ref _identityCreates);

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

    /// <summary>While set, every authenticated call answers with it (Seam down: e.g. a 503).</summary>
    public FakeSeamFault.Status? Outage { get; set; }

    /// <summary>While set, creates (codes and credentials) beyond this many in a second answer 429 with <c>Retry-After: 1</c>.</summary>
    public int? CreatesPerSecond { get; set; }

    private long _rateSecond;
    private int _rateCount;

    /// <summary>Whether a create may go ahead in the second <paramref name="second"/> under <see cref="CreatesPerSecond"/>.</summary>
    internal bool TryTakeCreate(long second)
    {
        if (CreatesPerSecond is not { } limit)
            return true;
        lock (_lock)
        {
            if (_rateSecond != second)
                (_rateSecond, _rateCount) = (second, 0);
            return ++_rateCount <= limit;
        }
    }

    internal FakeSeamFault? NextFault() => _faults.TryDequeue(out var fault) ? fault : null;

    /// <summary>Something to go wrong with the next <paramref name="call"/> (<c>get</c>, <c>update</c>, <c>delete</c>) after authentication.</summary>
    public void EnqueueFault(string call, FakeSeamFault fault) => _faultsByCall.GetOrAdd(call, _ => new()).Enqueue(fault);

    internal FakeSeamFault? NextFaultFor(string call) =>
        _faultsByCall.TryGetValue(call, out var queue) && queue.TryDequeue(out var fault) ? fault : null;

    /// <summary>Every call to <c>/acs/credentials/update</c>, <c>/delete</c> and <c>/access_codes/update</c>, <c>/delete</c> that was authenticated.</summary>
    public int Writes => Volatile.Read(ref _writes);

    private int _writes;

    /// <summary>What Seam changes on its own (a card issued, a warning cleared): tests use it to see fresh reads.</summary>
    public bool Alter(string acsCredentialId, Action<JsonObject> change)
    {
        lock (_lock)
        {
            var credential = _credentials.FirstOrDefault(c => (string?)c["acs_credential_id"] == acsCredentialId);
            if (credential is not null)
                change(credential);
            return credential is not null;
        }
    }

    internal JsonObject? Find(string id, Guid workspaceId)
    {
        lock (_lock)
            return _credentials.FirstOrDefault(c => (string?)c["acs_credential_id"] == id && (string?)c["workspace_id"] == workspaceId.ToString());
    }

    internal JsonObject? Change(string id, Guid workspaceId, Action<JsonObject> change)
    {
        Interlocked.Increment(ref _writes);
        lock (_lock)
        {
            var credential = _credentials.FirstOrDefault(c => (string?)c["acs_credential_id"] == id && (string?)c["workspace_id"] == workspaceId.ToString());
            if (credential is not null)
                change(credential);
            return credential;
        }
    }

    internal bool Remove(string id, Guid workspaceId)
    {
        Interlocked.Increment(ref _writes);
        lock (_lock)
            return _credentials.RemoveAll(c => (string?)c["acs_credential_id"] == id && (string?)c["workspace_id"] == workspaceId.ToString()) > 0;
    }

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

/// <summary>A lock's connection and battery as Seam reports them on <c>/devices/get</c>.</summary>
public sealed record FakeLockHealth(bool Online, double BatteryLevel)
{
    public static readonly FakeLockHealth Fine = new(true, 1.0);
}
