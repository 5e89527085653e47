using Azure.Data.Tables;
using SeamFunctions.Storage;

namespace SeamFunctions.Lifecycle;

/// <summary>Where lifecycle records live: the same storage as idempotency records, in their own table.</summary>
internal interface ICredentialRecordStore : IRecordStore<CredentialRecord>
{
    /// <summary>Whether a reference of <paramref name="scope"/> holds (or held) this credential.</summary>
    Task<bool> HoldsAsync(string scope, string acsCredentialId, CancellationToken cancellationToken);
}

internal sealed class InMemoryCredentialRecordStore : MemoryRecordStore<CredentialRecord>, ICredentialRecordStore
{
    public Task<bool> HoldsAsync(string scope, string acsCredentialId, CancellationToken cancellationToken) =>
        Task.FromResult(Any(scope, record => record.AcsCredentialId == acsCredentialId));
}

/// <summary>Lifecycle records in Azure Table Storage: partition = caller scope, row = SHA-256 of the reference.</summary>
internal sealed class TableCredentialRecordStore(TableClient table) : TableRecordStore<CredentialRecord>(table), ICredentialRecordStore
{
    public Task<bool> HoldsAsync(string scope, string acsCredentialId, CancellationToken cancellationToken) =>
        AnyAsync(scope, TableClient.CreateQueryFilter($"AcsCredentialId eq {acsCredentialId}"), cancellationToken);

    protected override TableEntity ToEntity(CredentialRecord record) => new(record.Scope, record.Key)
    {
        ["State"] = record.State.ToString(),
        ["Generation"] = record.Generation,
        ["AcsCredentialId"] = record.AcsCredentialId,
        ["ReplacedAcsCredentialId"] = record.ReplacedAcsCredentialId,
        ["Request"] = record.Request,
        ["Fingerprint"] = record.Fingerprint,
        ["Answer"] = record.Answer,
        ["Version"] = record.Version,
        ["VersionIsTime"] = record.VersionIsTime,
        ["RevokedAt"] = record.RevokedAt,
        ["LeaseUntil"] = record.LeaseUntil,
        ["ExpiresAt"] = record.ExpiresAt,
    };

    protected override CredentialRecord FromEntity(TableEntity entity) => new()
    {
        Scope = entity.PartitionKey,
        Key = entity.RowKey,
        State = Enum.Parse<CredentialState>(entity.GetString("State")),
        Generation = entity.GetInt32("Generation") ?? 0,
        AcsCredentialId = entity.GetString("AcsCredentialId"),
        ReplacedAcsCredentialId = entity.GetString("ReplacedAcsCredentialId"),
        Request = entity.GetBinary("Request") ?? [],
        Fingerprint = entity.GetString("Fingerprint") ?? "",
        Answer = entity.GetBinary("Answer"),
        Version = entity.GetInt64("Version"),
        VersionIsTime = entity.GetBoolean("VersionIsTime") ?? false,
        RevokedAt = entity.GetDateTimeOffset("RevokedAt"),
        LeaseUntil = entity.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue,
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue,
    };
}
