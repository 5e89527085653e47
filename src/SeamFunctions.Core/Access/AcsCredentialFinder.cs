using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;
using SeamFunctions.Commands;
using SeamFunctions.Idempotency;

namespace SeamFunctions.Access;

/// <summary>
/// After an ambiguous failure: did the earlier attempt create the credential after all? Lists the user's
/// credentials and finds those this request would have made (same method, code and schedule, created after the
/// first attempt began, allowing <c>Idempotency__ClockSkew</c>).
/// </summary>
internal sealed class AcsCredentialFinder(SeamClient seam, IOptions<IdempotencyOptions> options)
{
    private const int PageSize = 200;
    private const int MaxPages = 25;

    /// <summary>The credentials found, oldest first (none when there are none), or the problem that kept us from knowing.</summary>
    public async Task<FoundAccess> FindAsync(AccessRequest request, DateTimeOffset attemptStartedAt, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        var createdAfter = attemptStartedAt - options.Value.ClockSkew;
        var found = new List<SeamCredential>();
        string? cursor = null;
        string? seamRequestId = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await lease.HoldAsync(cancellationToken) ? await ListAsync(request, cursor, cancellationToken) : SeamCallResult.Superseded.Instance;
            if (result is not SeamCallResult.Listed listed)
                return new FoundAccess([], null, result is null ? Problems.SecretUnavailable(requestId) : Problems.FromUpstream(result, requestId, request.Code));
            seamRequestId = listed.SeamRequestId;
            found.AddRange(listed.Credentials.Where(c => IsWhatThisRequestMakes(c, request, createdAfter)));
            if ((cursor = listed.NextPageCursor) is null)
                break;
        }

        return new FoundAccess([.. found.OrderBy(CreatedAt).Select(CredentialMapper.ToAnswer)], seamRequestId, null);
    }

    /// <summary>One page of the user's credentials; null when the API key could not be read.</summary>
    private async Task<SeamCallResult?> ListAsync(AccessRequest request, string? cursor, CancellationToken cancellationToken)
    {
        try
        {
            return await seam.ListCredentialsAsync(new SeamListCredentialsBody
            {
                AcsUserId = request.AcsUserId,
                UserIdentityId = request.AcsUserId is null ? request.UserIdentityId : null,
                Limit = PageSize,
                PageCursor = cursor,
            }, cancellationToken);
        }
        catch (SecretUnavailableException)
        {
            return null;
        }
    }

    internal static bool IsWhatThisRequestMakes(SeamCredential credential, AccessRequest request, DateTimeOffset createdAfter) =>
        credential.AcsCredentialId is not null
        && credential.AccessMethod == request.AccessMethod.ToWire()
        && string.Equals(credential.Code, request.Code, StringComparison.Ordinal)
        && (request.AcsSystemId is null || string.Equals(credential.AcsSystemId, request.AcsSystemId.Value.ToString(), StringComparison.OrdinalIgnoreCase))
        && SameInstant(credential.StartsAt, request.StartsAt)
        && SameInstant(credential.EndsAt, request.EndsAt)
        && CreatedAt(credential) >= createdAfter;

    private static bool SameInstant(string? seam, DateTimeOffset? requested) =>
        requested is null
            ? string.IsNullOrEmpty(seam)
            : SeamTimes.Parse(seam) == requested;

    private static DateTimeOffset CreatedAt(SeamCredential credential) => SeamTimes.Parse(credential.CreatedAt) ?? DateTimeOffset.MinValue;
}
