namespace SeamFunctions.Webhooks;

/// <summary>The outcome of checking a signature; the failures map to 401 problem codes.</summary>
internal enum SignatureCheck
{
    Valid,

    /// <summary>A header the scheme needs is absent: <c>missing_signature</c>.</summary>
    Missing,

    /// <summary>Present but wrong or malformed: <c>invalid_signature</c>.</summary>
    Invalid,

    /// <summary>Signed, but the timestamp is outside the tolerance: <c>stale_timestamp</c>.</summary>
    Stale,
}
