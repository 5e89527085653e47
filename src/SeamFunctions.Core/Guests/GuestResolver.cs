using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;
using SeamFunctions.Commands;

namespace SeamFunctions.Guests;

/// <summary>
/// A guest the PMS knows only by its own id: the Seam user identity whose <c>user_identity_key</c> is that id,
/// found, or created with the guest's name, email and phone. Two deliveries racing on one new guest end with one
/// identity: when the create is refused (Seam allows one identity per key), the identity is read again. Names,
/// emails and phones are sent to Seam and nowhere else: never logged.
/// </summary>
internal sealed partial class GuestResolver(SeamClient seam, ILogger<GuestResolver> logger)
{
    /// <summary>The request with the guest's <c>user_identity_id</c>, or the problem that kept it from one.</summary>
    public ValueTask<(AccessRequest? Request, Outcome.Failed? Problem)> ResolveAsync(
        AccessRequest request, string requestId, CancellationToken cancellationToken) =>
        request.Guest is { } guest
            ? new(FindOrCreateAsync(request, guest, requestId, cancellationToken))
            : new((request, null)); // most requests name their Seam user: no work, no allocation

    private async Task<(AccessRequest? Request, Outcome.Failed? Problem)> FindOrCreateAsync(
        AccessRequest request, GuestDetails guest, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            var found = await seam.GetUserIdentityAsync(guest.Key, cancellationToken);
            if (found is SeamCallResult.Rejected { Status: 404 })
            {
                var created = await seam.CreateUserIdentityAsync(new SeamCreateUserIdentityBody
                {
                    UserIdentityKey = guest.Key, FullName = guest.FullName, EmailAddress = guest.Email, PhoneNumber = guest.Phone,
                }, cancellationToken);
                found = created is SeamCallResult.Rejected { Status: >= 400 and < 500 }
                    ? await seam.GetUserIdentityAsync(guest.Key, cancellationToken) is SeamCallResult.Identity raced ? raced : created
                    : created;
                GuestLog.IdentityCreated(logger, requestId, found is SeamCallResult.Identity);
            }

            return found is SeamCallResult.Identity identity
                ? (request with { UserIdentityId = identity.UserIdentityId }, null)
                : (null, Problems.FromUpstream(found, requestId, request.Code));
        }
        catch (SecretUnavailableException)
        {
            return (null, Problems.SecretUnavailable(requestId));
        }
    }

    private static partial class GuestLog
    {
        [LoggerMessage(EventId = 7000, EventName = "GuestIdentityCreated", Level = LogLevel.Information,
            Message = "Request {RequestId}: a new guest's user identity was created in Seam (usable: {Usable})")]
        public static partial void IdentityCreated(ILogger logger, string requestId, bool usable);
    }
}
