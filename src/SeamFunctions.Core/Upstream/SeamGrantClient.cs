using System.Text.Json;

namespace SeamFunctions.Upstream;

/// <summary>
/// Seam's Access Grants (<c>/access_grants/*</c>, <c>/access_methods/*</c>), through <see cref="SeamClient"/>'s one
/// call path: the same key, rotation, timeout, span per operation and logging, never a body in any of them.
/// </summary>
internal sealed class SeamGrantClient(SeamClient seam)
{
    public const string CreatePath = "access_grants/create";
    public const string GetPath = "access_grants/get";
    public const string ListPath = "access_grants/list";
    public const string UpdatePath = "access_grants/update";
    public const string DeletePath = "access_grants/delete";
    public const string RequestMethodsPath = "access_grants/request_access_methods";
    public const string ListMethodsPath = "access_methods/list";
    public const string DeleteMethodPath = "access_methods/delete";

    /// <summary>One grant for every door named; Seam answers with it (its access methods come from <see cref="ListMethodsAsync"/>).</summary>
    public Task<SeamCallResult> CreateAsync(SeamCreateAccessGrantBody body, CancellationToken cancellationToken) =>
        seam.CallAsync("SeamClient.CreateAccessGrant", CreatePath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamCreateAccessGrantBody), ReadGrant, cancellationToken);

    public Task<SeamCallResult> GetAsync(string accessGrantId, CancellationToken cancellationToken) =>
        seam.CallAsync("SeamClient.GetAccessGrant", GetPath, GrantId(accessGrantId), ReadGrant, cancellationToken);

    /// <summary>The grants holding <paramref name="accessGrantKey"/>: what an earlier attempt may have made.</summary>
    public Task<SeamCallResult> ListByKeyAsync(string accessGrantKey, CancellationToken cancellationToken) =>
        seam.CallAsync("SeamClient.ListAccessGrants", ListPath,
            JsonSerializer.SerializeToUtf8Bytes(new SeamListAccessGrantsBody { AccessGrantKey = accessGrantKey }, SeamJsonContext.Default.SeamListAccessGrantsBody), ReadGrants, cancellationToken);

    /// <summary>New times in place; safe to repeat.</summary>
    public Task<SeamCallResult> UpdateAsync(SeamUpdateAccessGrantBody body, CancellationToken cancellationToken) =>
        seam.CallAsync("SeamClient.UpdateAccessGrant", UpdatePath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamUpdateAccessGrantBody), SeamClient.ReadAccepted, cancellationToken);

    /// <summary>The grant and its access methods removed; a second delete is Seam's 404.</summary>
    public Task<SeamCallResult> DeleteAsync(string accessGrantId, CancellationToken cancellationToken) =>
        seam.CallAsync("SeamClient.DeleteAccessGrant", DeletePath, GrantId(accessGrantId), SeamClient.ReadAccepted, cancellationToken);

    public Task<SeamCallResult> RequestMethodsAsync(SeamRequestAccessMethodsBody body, CancellationToken cancellationToken) =>
        seam.CallAsync("SeamClient.RequestAccessMethods", RequestMethodsPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamRequestAccessMethodsBody), ReadGrant, cancellationToken);

    /// <summary>The grant's access methods as Seam has them now (PINs, phone-key links, issued or not).</summary>
    public Task<SeamCallResult> ListMethodsAsync(string accessGrantId, CancellationToken cancellationToken) =>
        seam.CallAsync("SeamClient.ListAccessMethods", ListMethodsPath, GrantId(accessGrantId), ReadMethods, cancellationToken);

    public Task<SeamCallResult> DeleteMethodAsync(string accessMethodId, CancellationToken cancellationToken) =>
        seam.CallAsync("SeamClient.DeleteAccessMethod", DeleteMethodPath,
            JsonSerializer.SerializeToUtf8Bytes(new SeamAccessMethodIdBody { AccessMethodId = accessMethodId }, SeamJsonContext.Default.SeamAccessMethodIdBody), SeamClient.ReadAccepted, cancellationToken);

    private static byte[] GrantId(string accessGrantId) =>
        JsonSerializer.SerializeToUtf8Bytes(new SeamAccessGrantIdBody { AccessGrantId = accessGrantId }, SeamJsonContext.Default.SeamAccessGrantIdBody);

    private static SeamCallResult? ReadGrant(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamAccessGrantResponse)?.AccessGrant is { AccessGrantId: not null } grant
            ? new SeamCallResult.WithGrant(grant, seamRequestId) : null;

    private static SeamCallResult? ReadGrants(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamListAccessGrantsResponse)?.AccessGrants is { } grants
            ? new SeamCallResult.ListedGrants([.. grants.OfType<SeamAccessGrant>().Where(g => g.AccessGrantId is not null)], seamRequestId) : null;

    private static SeamCallResult? ReadMethods(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamListAccessMethodsResponse)?.AccessMethods is { } methods
            ? new SeamCallResult.ListedMethods([.. methods.OfType<SeamAccessMethod>().Where(m => m.AccessMethodId is not null)], seamRequestId) : null;
}
