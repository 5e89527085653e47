using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using SeamFunctions.Answers;
using SeamFunctions.Validation;
using SeamFunctions.Storage;

namespace SeamFunctions.Lifecycle;

/// <summary>Where lifecycle records live: the same storage as idempotency records, in their own table.</summary>
internal interface ICredentialRecordStore : IRecordStore<CredentialRecord>
{
    /// <summary>Whether a reference of <paramref name="scope"/> holds (or held) this credential.</summary>
    Task<bool> HoldsAsync(string scope, string acsCredentialId, CancellationToken cancellationToken);

    /// <summary>Every scope's records whose access is pending and whose stay starts before <paramref name="startsBefore"/>.</summary>
    IAsyncEnumerable<CredentialRecord> PendingAsync(DateTimeOffset startsBefore, CancellationToken cancellationToken);

    /// <summary>Every scope's records with a readiness check due at <paramref name="now"/>.</summary>
    IAsyncEnumerable<CredentialRecord> ChecksDueAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

internal sealed class InMemoryCredentialRecordStore : MemoryRecordStore<CredentialRecord>, ICredentialRecordStore
{
    public Task<bool> HoldsAsync(string scope, string acsCredentialId, CancellationToken cancellationToken) =>
        Task.FromResult(Any(scope, record => record.AcsCredentialId == acsCredentialId));

    public IAsyncEnumerable<CredentialRecord> PendingAsync(DateTimeOffset startsBefore, CancellationToken cancellationToken) =>
        Where(record => record.IsPending && record.StartsAt <= startsBefore).ToAsyncEnumerable();

    public IAsyncEnumerable<CredentialRecord> ChecksDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Where(record => record.NextCheckAt <= now).ToAsyncEnumerable();
}

/// <summary>Lifecycle records in Azure Table Storage: partition = caller scope, row = SHA-256 of the reference.</summary>
internal sealed class TableCredentialRecordStore(TableClient table) : TableRecordStore<CredentialRecord>(table), ICredentialRecordStore
{
    public Task<bool> HoldsAsync(string scope, string acsCredentialId, CancellationToken cancellationToken) =>
        AnyAsync(scope, TableClient.CreateQueryFilter($"AcsCredentialId eq {acsCredentialId}"), cancellationToken);

    /// <summary>Across partitions, on the <c>Pending</c> and <c>StartsAt</c> columns (rows from before them are never polled).</summary>
    public IAsyncEnumerable<CredentialRecord> PendingAsync(DateTimeOffset startsBefore, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"Pending eq {true} and StartsAt le {startsBefore}"), cancellationToken);

    /// <summary>Across partitions, on the <c>NextCheckAt</c> column (written only while a check is planned).</summary>
    public IAsyncEnumerable<CredentialRecord> ChecksDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"NextCheckAt le {now}"), cancellationToken);

    /// <summary>A stored answer; one stored before answers said their <c>kind</c> is an ACS credential's.</summary>
    private static CredentialEnvelope StoredAnswer(byte[] json)
    {
        var node = JsonNode.Parse(json)!;
        if (node["credential"] is JsonObject { } credential && !credential.ContainsKey("kind"))
            credential["kind"] = AccessKinds.AcsCredential;
        return node.Deserialize(AnswerJsonContext.Web.CredentialEnvelope)!;
    }

    /// <summary>
    /// The storage edge: the typed record as columns. The access is kept as the body Seam is sent and the answer as
    /// its JSON (both hold the PIN; Azure Storage encrypts at rest); the version as its value and kind.
    /// </summary>
    protected override TableEntity ToEntity(CredentialRecord record) => new(record.Scope, record.Key)
    {
        ["State"] = record.State.ToString(),
        ["Generation"] = record.Generation,
        ["AcsCredentialId"] = record.AcsCredentialId,
        ["ReplacedAcsCredentialId"] = record.ReplacedAcsCredentialId,
        ["Replacing"] = record.Replacing,
        ["Request"] = JsonSerializer.SerializeToUtf8Bytes(StoredAccess.Of(record.Access), StoredAccessJsonContext.Default.StoredAccess),
        ["Fingerprint"] = record.Fingerprint,
        ["ChangingTo"] = record.ChangingTo is null ? null : JsonSerializer.SerializeToUtf8Bytes(StoredAccess.Of(record.ChangingTo), StoredAccessJsonContext.Default.StoredAccess),
        ["Answer"] = record.Answer is null ? null : JsonSerializer.SerializeToUtf8Bytes(record.Answer, AnswerJsonContext.Web.CredentialEnvelope),
        ["Version"] = record.Version?.Value,
        ["VersionIsTime"] = record.Version?.IsTime ?? false,
        ["RevokedAt"] = record.RevokedAt,
        ["FirstUsedAt"] = record.FirstUsedAt,
        ["Doors"] = record.Doors.Count == 0 ? null : JsonSerializer.SerializeToUtf8Bytes([.. record.Doors], DoorHealthJsonContext.Default.ListDoorHealth),
        ["Readiness"] = record.Readiness is null ? null : JsonSerializer.SerializeToUtf8Bytes(record.Readiness, AnswerJsonContext.Web.ReadinessAnswer),
        ["LastUsedAt"] = record.LastUsedAt,
        ["FirstAttemptAt"] = record.FirstAttemptAt,
        ["LastAttemptAt"] = record.LastAttemptAt,
        ["LeaseUntil"] = record.LeaseUntil,
        ["ExpiresAt"] = record.ExpiresAt,
        ["Pending"] = record.IsPending,
        ["StartsAt"] = record.StartsAt,
        ["ChecksFor"] = record.ChecksFor,
        ["NextCheck"] = record.NextCheck?.ToString("c", CultureInfo.InvariantCulture),
        ["NextCheckAt"] = record.NextCheckAt,
    };

    protected override CredentialRecord FromEntity(TableEntity entity) => new()
    {
        Scope = entity.PartitionKey,
        Key = entity.RowKey,
        State = Enum.Parse<CredentialState>(entity.GetString("State")),
        Generation = entity.GetInt32("Generation") ?? 0,
        AcsCredentialId = entity.GetString("AcsCredentialId"),
        ReplacedAcsCredentialId = entity.GetString("ReplacedAcsCredentialId"),
        Replacing = entity.GetBoolean("Replacing") ?? entity.GetString("ReplacedAcsCredentialId") is not null, // rows from before this column
        Access = JsonSerializer.Deserialize(entity.GetBinary("Request"), StoredAccessJsonContext.Default.StoredAccess)!.ToRequest(),
        Fingerprint = entity.GetString("Fingerprint") ?? "",
        ChangingTo = entity.GetBinary("ChangingTo") is { } changing ? JsonSerializer.Deserialize(changing, StoredAccessJsonContext.Default.StoredAccess)!.ToRequest() : null,
        Answer = entity.GetBinary("Answer") is { } answer ? StoredAnswer(answer) : null,
        Version = entity.GetInt64("Version") is { } version ? new EventVersion(version, entity.GetBoolean("VersionIsTime") ?? false) : null,
        RevokedAt = entity.GetDateTimeOffset("RevokedAt"),
        FirstUsedAt = entity.GetDateTimeOffset("FirstUsedAt"),
        Doors = entity.GetBinary("Doors") is { } doors ? JsonSerializer.Deserialize(doors, DoorHealthJsonContext.Default.ListDoorHealth)! : [],
        Readiness = entity.GetBinary("Readiness") is { } readiness ? JsonSerializer.Deserialize(readiness, AnswerJsonContext.Web.ReadinessAnswer) : null,
        LastUsedAt = entity.GetDateTimeOffset("LastUsedAt"),
        FirstAttemptAt = entity.GetDateTimeOffset("FirstAttemptAt"),
        LastAttemptAt = entity.GetDateTimeOffset("LastAttemptAt"),
        LeaseUntil = entity.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue,
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue,
        ChecksFor = entity.GetDateTimeOffset("ChecksFor"),
        NextCheck = entity.GetString("NextCheck") is { } next ? TimeSpan.ParseExact(next, "c", CultureInfo.InvariantCulture) : null,
    };
}
