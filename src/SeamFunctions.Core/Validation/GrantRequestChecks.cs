using SeamFunctions.Commands;

namespace SeamFunctions.Validation;

/// <summary>
/// The request of an access grant (<c>Seam__AccessModel=grants</c>): where (<c>device_ids</c>, <c>acs_entrance_ids</c>,
/// <c>space_ids</c>: at least one, 1 to 20 each), a PIN of 4 to 9 digits or none (Seam then makes one), a phone key
/// (<c>mobile_key</c>), and the guest as a user identity. Under the direct model the grant's own fields are refused.
/// </summary>
internal static class GrantRequestChecks
{
    public const int MaxPlaces = 20;
    public const int MinCode = 4;
    public const int MaxCode = 9;

    /// <summary>The grant's places, or null (the errors say why). A source's unit entrances arrive as <c>allowed_acs_entrance_ids</c>.</summary>
    public static GrantPlaces? Places(FieldReader read)
    {
        var devices = read.Given(FieldNames.DeviceIds) || read.Given(FieldNames.DeviceId) ? read.DeviceIds(MaxPlaces) : null;
        var entranceField = read.Given(FieldNames.AcsEntranceIds) || !read.Given(FieldNames.AllowedAcsEntranceIds) ? FieldNames.AcsEntranceIds : FieldNames.AllowedAcsEntranceIds;
        if (read.Given(FieldNames.AcsEntranceIds) && read.Given(FieldNames.AllowedAcsEntranceIds))
            read.Errors.Add(FieldNames.AcsEntranceIds, "Give acs_entrance_ids (allowed_acs_entrance_ids is the same list under grants), not both.");
        var entrances = read.UuidArray(entranceField, MaxPlaces);
        var spaces = read.UuidArray(FieldNames.SpaceIds, MaxPlaces);
        foreach (var (field, list) in new[] { (entranceField, entrances?.Count), (FieldNames.SpaceIds, spaces?.Count) })
        {
            if (list == 0)
                read.Errors.Add(field, $"Must hold 1 to {MaxPlaces} ids, or be left out.");
        }

        var mobileKey = read.Boolean(FieldNames.MobileKey) ?? false;
        if (devices is null && entrances is null && spaces is null)
        {
            if (!read.Errors.Has(FieldNames.DeviceIds) && !read.Errors.Has(FieldNames.DeviceId) && !read.Errors.Has(entranceField) && !read.Errors.Has(FieldNames.SpaceIds))
                read.Errors.Add(FieldNames.DeviceIds, "Required: the doors of the grant, as device_ids, acs_entrance_ids or space_ids (at least one).");
            return null;
        }

        return new GrantPlaces(devices ?? [], entrances ?? [], spaces ?? [], mobileKey);
    }

    /// <summary>What an access grant cannot take: an ACS user or system, a phone-sync flag, a mode other than a PIN, a PIN Seam refuses.</summary>
    public static void Check(FieldReader read, AccessRequest request)
    {
        foreach (var field in FieldNames.NotForGrants)
        {
            if (read.Given(field))
                read.Errors.Add(field, "Not under Seam__AccessModel=grants: an access grant names its guest by user_identity_id or guest_key, and its doors by device_ids, acs_entrance_ids or space_ids.");
        }

        if (read.Given(FieldNames.AccessMethod) && request.AccessMethod != AccessMethod.Code && !read.Errors.Has(FieldNames.AccessMethod))
            read.Errors.Add(FieldNames.AccessMethod, "An access grant gives a PIN (and a phone key with mobile_key: true): leave access_method out, or send code.");
        if (request.Guest is not null && request.UserIdentityId is not null)
            read.Errors.Add(FieldNames.GuestKey, "Give either user_identity_id or guest_key, not both.");
        if (request.Code is { Length: < MinCode or > MaxCode } && !read.Errors.Has(FieldNames.Code))
            read.Errors.Add(FieldNames.Code, $"An access grant's PIN has {MinCode} to {MaxCode} digits.");
    }

    /// <summary>Under the direct model, the grant's own fields are a 400 naming the setting.</summary>
    public static void RefuseOutsideGrants(FieldReader read)
    {
        foreach (var field in FieldNames.GrantOnly)
        {
            if (read.Given(field))
                read.Errors.Add(field, "Only under Seam__AccessModel=grants (or a source's AccessModel=grants): this app issues access codes and ACS credentials.");
        }
    }
}
