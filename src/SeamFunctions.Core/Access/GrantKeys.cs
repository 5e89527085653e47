using System.Security.Cryptography;
using System.Text;
using SeamFunctions.Commands;

namespace SeamFunctions.Access;

/// <summary>
/// The <c>access_grant_key</c> of a create: the same for every attempt of one create, another for the next create
/// of the same reference (a new generation), and nobody else's. Hashed, so no reference or caller is readable in it.
/// </summary>
internal static class GrantKeys
{
    /// <summary><paramref name="request"/> with its grant key, when it asks for a grant.</summary>
    /// <param name="owner">The reference's record key, or the one-request idempotency key's hash.</param>
    public static AccessRequest Keyed(AccessRequest request, string scope, string owner, int generation) =>
        request.Grant is null ? request : request with { GrantKey = For(scope, owner, generation) };

    public static string For(string scope, string owner, int generation) =>
        "sf1_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{owner}\n{generation}")))[..40];
}
