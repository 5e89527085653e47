using System.Collections.Frozen;

namespace SeamFunctions.Validation;

/// <summary>
/// The allow-list of inbound fields: the documented snake_case name and every other accepted spelling.
/// Anything not listed here is ignored and never reaches Seam.
/// </summary>
internal static class FieldNames
{
    public const string AcsUserId = "acs_user_id";
    public const string UserIdentityId = "user_identity_id";
    public const string AcsSystemId = "acs_system_id";
    public const string Code = "code";
    public const string AccessMethod = "access_method";
    public const string StartsAt = "starts_at";
    public const string EndsAt = "ends_at";
    public const string AllowedAcsEntranceIds = "allowed_acs_entrance_ids";
    public const string IsMultiPhoneSyncCredential = "is_multi_phone_sync_credential";
    public const string Reference = "reference";
    public const string Version = "version";
    public const string TimeZone = "time_zone";
    public const string CheckInTime = "check_in_time";
    public const string CheckOutTime = "check_out_time";
    public const string GuestKey = "guest_key";
    public const string GuestFullName = "guest_full_name";
    public const string GuestEmail = "guest_email";
    public const string GuestPhone = "guest_phone";
    public const string DeviceIds = "device_ids";
    public const string DeviceId = "device_id";
    public const string Name = "name";
    public const string AcsEntranceIds = "acs_entrance_ids";
    public const string SpaceIds = "space_ids";
    public const string MobileKey = "mobile_key";

    /// <summary>Fields of an access grant only: given under the direct model they are a 400.</summary>
    public static readonly string[] GrantOnly = [AcsEntranceIds, SpaceIds, MobileKey];

    /// <summary>Fields an access grant has no use for: given under <c>Seam__AccessModel=grants</c> they are a 400.</summary>
    public static readonly string[] NotForGrants = [AcsUserId, AcsSystemId, IsMultiPhoneSyncCredential];

    /// <summary>Fields of an ACS credential: given with <see cref="DeviceIds"/> (an access code) they are a 400.</summary>
    public static readonly string[] AcsOnly =
        [AcsUserId, UserIdentityId, GuestKey, GuestFullName, GuestEmail, GuestPhone, AcsSystemId, AllowedAcsEntranceIds, IsMultiPhoneSyncCredential];

    /// <summary>Every accepted spelling, mapped to the documented name.</summary>
    public static readonly FrozenDictionary<string, string> BySpelling = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AcsUserId] = AcsUserId,
        ["acsUserId"] = AcsUserId,
        [UserIdentityId] = UserIdentityId,
        ["userIdentityId"] = UserIdentityId,
        [AcsSystemId] = AcsSystemId,
        ["acsSystemId"] = AcsSystemId,
        [Code] = Code,
        ["pin"] = Code,
        [AccessMethod] = AccessMethod,
        ["accessMethod"] = AccessMethod,
        [StartsAt] = StartsAt,
        ["startsAt"] = StartsAt,
        [EndsAt] = EndsAt,
        ["endsAt"] = EndsAt,
        [AllowedAcsEntranceIds] = AllowedAcsEntranceIds,
        ["allowedAcsEntranceIds"] = AllowedAcsEntranceIds,
        [IsMultiPhoneSyncCredential] = IsMultiPhoneSyncCredential,
        ["isMultiPhoneSyncCredential"] = IsMultiPhoneSyncCredential,
        [Reference] = Reference,
        [Version] = Version,
        [TimeZone] = TimeZone,
        ["timeZone"] = TimeZone,
        [CheckInTime] = CheckInTime,
        ["checkInTime"] = CheckInTime,
        [CheckOutTime] = CheckOutTime,
        ["checkOutTime"] = CheckOutTime,
        [GuestKey] = GuestKey,
        ["guestKey"] = GuestKey,
        [GuestFullName] = GuestFullName,
        ["guestFullName"] = GuestFullName,
        [GuestEmail] = GuestEmail,
        ["guestEmail"] = GuestEmail,
        [GuestPhone] = GuestPhone,
        ["guestPhone"] = GuestPhone,
        [DeviceIds] = DeviceIds,
        ["deviceIds"] = DeviceIds,
        [DeviceId] = DeviceId,
        ["deviceId"] = DeviceId,
        [Name] = Name,
        [AcsEntranceIds] = AcsEntranceIds,
        ["acsEntranceIds"] = AcsEntranceIds,
        [SpaceIds] = SpaceIds,
        ["spaceIds"] = SpaceIds,
        [MobileKey] = MobileKey,
        ["mobileKey"] = MobileKey,
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
