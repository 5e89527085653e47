using System.Text.Json.Serialization;
using SeamFunctions.Commands;
using SeamFunctions.Validation;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// A record's access at the storage edge (the <c>Request</c> column): Seam's create body of an ACS credential,
/// plus <c>device_ids</c> and <c>name</c> of access codes, and <c>grant</c> of an access grant. Rows stored before locks existed read as they are.
/// </summary>
internal sealed class StoredAccess
{
    public required string AccessMethod { get; init; }
    public Guid? AcsUserId { get; init; }
    public Guid? UserIdentityId { get; init; }
    public Guid? AcsSystemId { get; init; }

    /// <summary>The PIN. Secret.</summary>
    public string? Code { get; init; }

    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public IReadOnlyList<Guid>? AllowedAcsEntranceIds { get; init; }
    public bool? IsMultiPhoneSyncCredential { get; init; }
    public IReadOnlyList<string>? DeviceIds { get; init; }
    public string? Name { get; init; }

    /// <summary>An access grant's doors and phone key (<c>Seam__AccessModel=grants</c>).</summary>
    public GrantPlaces? Grant { get; init; }

    public static StoredAccess Of(AccessRequest access) => new()
    {
        AccessMethod = access.AccessMethod.ToWire(), AcsUserId = access.AcsUserId, UserIdentityId = access.UserIdentityId, AcsSystemId = access.AcsSystemId,
        Code = access.Code, StartsAt = access.StartsAt, EndsAt = access.EndsAt, AllowedAcsEntranceIds = access.AllowedAcsEntranceIds,
        IsMultiPhoneSyncCredential = access.IsMultiPhoneSyncCredential, DeviceIds = access.DeviceIds, Name = access.Name, Grant = access.Grant,
    };

    public AccessRequest ToRequest() => new()
    {
        AccessMethod = AccessMethodNames.TryParse(AccessMethod, out var method)
            ? method
            : throw new InvalidOperationException("A stored access holds an unknown access method."),
        AcsUserId = AcsUserId, UserIdentityId = UserIdentityId, AcsSystemId = AcsSystemId, Code = Code, StartsAt = StartsAt, EndsAt = EndsAt,
        AllowedAcsEntranceIds = AllowedAcsEntranceIds, IsMultiPhoneSyncCredential = IsMultiPhoneSyncCredential, DeviceIds = DeviceIds, Name = Name, Grant = Grant,
    };

    public override string ToString() => $"StoredAccess({AccessMethod})";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredAccess))]
internal sealed partial class StoredAccessJsonContext : JsonSerializerContext;
