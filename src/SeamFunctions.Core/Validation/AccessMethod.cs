namespace SeamFunctions.Validation;

/// <summary>The kinds of credential Seam can create; the wire names are Seam's.</summary>
internal enum AccessMethod
{
    Code,
    Card,
    MobileKey,
    CloudKey,
}

internal static class AccessMethodNames
{
    public static string ToWire(this AccessMethod method) => method switch
    {
        AccessMethod.Code => "code",
        AccessMethod.Card => "card",
        AccessMethod.MobileKey => "mobile_key",
        AccessMethod.CloudKey => "cloud_key",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static bool TryParse(string value, out AccessMethod method)
    {
        (var known, method) = value switch
        {
            "code" => (true, AccessMethod.Code),
            "card" => (true, AccessMethod.Card),
            "mobile_key" => (true, AccessMethod.MobileKey),
            "cloud_key" => (true, AccessMethod.CloudKey),
            _ => (false, default),
        };
        return known;
    }
}
