using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;
using SeamFunctions.Commands;

namespace SeamFunctions.Idempotency;

/// <summary>
/// SHA-256 of the normalized request: what would be sent to Seam, plus the reference. Spelling, field order,
/// time zones and ignored fields do not change it; any value that matters does.
/// </summary>
internal static class RequestFingerprint
{
    public static string Of(AccessRequest request)
    {
        // An ACS credential's fingerprint is what it has always been (the Seam body), so stored records still match.
        var body = request is { DeviceIds: null, Grant: null }
            ? JsonSerializer.SerializeToUtf8Bytes(Access.AcsCredentials.ToSeamBody(request), SeamJsonContext.Default.SeamCreateCredentialBody)
            : JsonSerializer.SerializeToUtf8Bytes(Lifecycle.StoredAccess.Of(request), Lifecycle.StoredAccessJsonContext.Default.StoredAccess);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(body);
        hash.AppendData("\n"u8);
        hash.AppendData(Encoding.UTF8.GetBytes(request.Reference ?? ""));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
