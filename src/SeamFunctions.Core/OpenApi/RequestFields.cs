using Microsoft.OpenApi;
using SeamFunctions.Validation;

namespace SeamFunctions.OpenApi;

/// <summary>One field of the inbound contract as the API description presents it.</summary>
internal sealed record RequestField(
    string Name, JsonSchemaType Type, string? Format, string Summary, string Description, bool Important, string? Example, string[]? Enum = null);

/// <summary>
/// The inbound contract's fields, described for people (README, OpenAPI, the Power Automate form). A test
/// holds this list equal to what the parser accepts (<see cref="FieldNames"/>).
/// </summary>
internal static class RequestFields
{
    public static readonly RequestField[] All =
    [
        new(FieldNames.AcsUserId, JsonSchemaType.String, "uuid", "ACS user id",
            "The access system user who gets the credential. Give this, or user_identity_id with acs_system_id.", true,
            "3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63"),
        new(FieldNames.Code, JsonSchemaType.String, null, "PIN code",
            "The PIN, as a string of digits (leading zeros kept). Required when access_method is code.", true, "0482"),
        new(FieldNames.StartsAt, JsonSchemaType.String, "date-time", "Starts at",
            "When the credential starts working: ISO 8601 with an offset, e.g. 2026-12-01T15:00:00Z (with time_zone also a date or a local date-time).", true, "2030-01-01T15:00:00Z"),
        new(FieldNames.EndsAt, JsonSchemaType.String, "date-time", "Ends at",
            "When the credential stops working: ISO 8601 with an offset (with time_zone also a date or a local date-time); after starts_at and in the future.", true, "2030-01-03T11:00:00Z"),
        new(FieldNames.Reference, JsonSchemaType.String, null, "Your reference",
            "Your own id for this request (e.g. the booking number), at most 200 characters. Echoed back, never sent to Seam; also the idempotency key when no header gives one.",
            true, "booking-1042"),
        new(FieldNames.AccessMethod, JsonSchemaType.String, null, "Access method",
            "What kind of credential: code (default), card, mobile_key or cloud_key.", false, "code",
            ["code", "card", "mobile_key", "cloud_key"]),
        new(FieldNames.UserIdentityId, JsonSchemaType.String, "uuid", "User identity id",
            "Instead of acs_user_id: the Seam user identity; requires acs_system_id.", false, null),
        new(FieldNames.AcsSystemId, JsonSchemaType.String, "uuid", "ACS system id",
            "The access system, with user_identity_id.", false, null),
        new(FieldNames.AllowedAcsEntranceIds, JsonSchemaType.Array, "uuid", "Entrance ids",
            "The entrances the credential opens (ids of ACS entrances).", false, null),
        new(FieldNames.Version, JsonSchemaType.String, null, "Event version",
            "PUT and DELETE by reference only: the order of your events for this reference, an integer or an RFC 3339 time. An older version than the last applied changes nothing (stale: true).",
            false, null),
        new(FieldNames.TimeZone, JsonSchemaType.String, null, "Time zone",
            "The property's IANA time zone (e.g. Europe/Berlin): starts_at and ends_at may then be a date (at check-in / check-out time) or a local date-time without offset.",
            false, "Europe/Berlin"),
        new(FieldNames.CheckInTime, JsonSchemaType.String, null, "Check-in time",
            "With time_zone and a date for starts_at: the time of day it starts, HH:mm or a whole hour (default 15:00).", false, "15:00"),
        new(FieldNames.CheckOutTime, JsonSchemaType.String, null, "Check-out time",
            "With time_zone and a date for ends_at: the time of day it ends, HH:mm or a whole hour (default 11:00).", false, "11:00"),
        new(FieldNames.GuestKey, JsonSchemaType.String, null, "Guest id",
            "Instead of acs_user_id: your own id of the guest, with acs_system_id. The adapter finds the Seam user identity with this key, or creates it.",
            false, null),
        new(FieldNames.GuestFullName, JsonSchemaType.String, null, "Guest name", "With guest_key: the guest's name, for a new user identity.", false, null),
        new(FieldNames.GuestEmail, JsonSchemaType.String, "email", "Guest email", "With guest_key: the guest's email, for a new user identity.", false, null),
        new(FieldNames.GuestPhone, JsonSchemaType.String, null, "Guest phone", "With guest_key: the guest's phone in E.164 form (+15555550100).", false, null),
        new(FieldNames.DeviceIds, JsonSchemaType.Array, null, "Lock ids",
            "Smart locks instead of an ACS user: 1 to 10 Seam device ids, each to get the same PIN as an access code (all of them, or none).", true, null),
        new(FieldNames.DeviceId, JsonSchemaType.String, null, "Lock id", "One smart lock (Seam device id), instead of device_ids.", false, null),
        new(FieldNames.Name, JsonSchemaType.String, null, "Name on the lock",
            "Smart locks only: what the locks' apps show for the code (default: your reference).", false, null),
        new(FieldNames.IsMultiPhoneSyncCredential, JsonSchemaType.Boolean, null, "Multi-phone sync",
            "Whether the credential is a multi-phone sync credential (mobile keys).", false, null),
        new(FieldNames.AcsEntranceIds, JsonSchemaType.Array, "uuid", "Grant entrance ids",
            "Seam__AccessModel=grants only: 1 to 20 ACS entrances the access grant opens.", false, null),
        new(FieldNames.SpaceIds, JsonSchemaType.Array, "uuid", "Grant space ids",
            "Seam__AccessModel=grants only: 1 to 20 Seam spaces (a unit with its doors) the access grant opens.", false, null),
        new(FieldNames.MobileKey, JsonSchemaType.Boolean, null, "Phone key",
            "Seam__AccessModel=grants only: true to also give the guest a phone key (its instant_key_url is in the answer).", false, null),
    ];
}
