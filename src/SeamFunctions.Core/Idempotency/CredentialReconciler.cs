using System.Globalization;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;

namespace SeamFunctions.Idempotency;

/// <summary>
/// After an ambiguous failure: did the earlier attempt create the credential after all? Lists the user's
/// credentials and looks for one this request would have made (same method, code and schedule, created
/// after the first attempt began).
/// </summary>
internal sealed class CredentialReconciler(SeamClient seam, IOptions<IdempotencyOptions> options)
{
    private const int PageSize = 200;
    private const int MaxPages = 25;

    /// <summary>The credential found (null when there is none), or the problem that kept us from knowing.</summary>
    public async Task<(SeamCredential? Found, string? SeamRequestId, ApiResponse? Problem)> FindAsync(
        CreateCredentialRequest request, DateTimeOffset attemptStartedAt, string requestId, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<bool>>? owned = null)
    {
        var createdAfter = attemptStartedAt - options.Value.ClockSkew;
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            SeamCallResult result;
            try
            {
                result = await seam.ListCredentialsAsync(new SeamListCredentialsBody
                {
                    AcsUserId = request.AcsUserId,
                    UserIdentityId = request.AcsUserId is null ? request.UserIdentityId : null,
                    Limit = PageSize,
                    PageCursor = cursor,
                }, cancellationToken);
            }
            catch (SecretUnavailableException)
            {
                return (null, null, Problems.SecretUnavailable(requestId));
            }

            if (result is not SeamCallResult.Listed listed)
                return (null, null, Problems.FromUpstream(result, requestId, request.Code));

            foreach (var match in listed.Credentials.Where(c => IsWhatThisRequestMakes(c, request, createdAfter)).OrderBy(c => CreatedAt(c)))
            {
                if (owned is null || !await owned(match.AcsCredentialId!, cancellationToken))
                    return (match, listed.SeamRequestId, null);
            }

            if (listed.NextPageCursor is null)
                return (null, listed.SeamRequestId, null);
            cursor = listed.NextPageCursor;
        }

        return (null, null, null);
    }

    internal static bool IsWhatThisRequestMakes(SeamCredential credential, CreateCredentialRequest request, DateTimeOffset createdAfter) =>
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
            : DateTimeOffset.TryParse(seam, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) && parsed == requested;

    private static DateTimeOffset CreatedAt(SeamCredential credential) =>
        DateTimeOffset.TryParse(credential.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? created
            : DateTimeOffset.MinValue;
}
