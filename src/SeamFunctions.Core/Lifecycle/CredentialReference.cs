using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// The caller's handle for one credential, as it may stand in a path: 1 to 200 of letters, digits and
/// <c>-._~:</c>. A body <c>reference</c> with other characters still works for POST, without lifecycle.
/// </summary>
internal static partial class CredentialReference
{
    public const int MaxLength = 200;
    public const string Rule = "1 to 200 letters, digits and -._~: (e.g. booking-1042)";

    public static bool IsValid(string? reference) => reference is { Length: >= 1 and <= MaxLength } && Allowed().IsMatch(reference);

    /// <summary>The record's key: the reference itself is never stored.</summary>
    public static string Hash(string reference) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference)));

    [GeneratedRegex(@"^[A-Za-z0-9._~:-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
