using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Inbound;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;

namespace SeamFunctions.Access;

/// <summary>
/// Seam's access grants (<c>Seam__AccessModel=grants</c>): one <c>/access_grants/create</c> for every door of the
/// stay, with a PIN and, when asked, a phone key. Seam may not refuse a repeated <c>access_grant_key</c>, so after an
/// attempt that may have acted the grant is found by that key first. Times change in place; a new PIN or phone key
/// replaces that access method only (the old one deleted first); other doors or another guest are a new grant.
/// </summary>
internal sealed class AccessGrants(SeamGrantClient grants, GrantMethods methods, ILogger<AccessGrants> logger) : IAccessKind
{
    public async Task<IssueOutcome> CreateAsync(AccessRequest request, AccessAnswer? made, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        if (made is not null)
            return Created(Envelopes.Of(made, request, requestId, seamRequestId: null), requestId); // an earlier attempt made it: adopted
        SeamCallResult result;
        try
        {
            result = await lease.SendAsync(() => grants.CreateAsync(ToSeamBody(request), cancellationToken), cancellationToken);
            if (result is SeamCallResult.WithGrant created)
                return Created(Envelopes.Of(await methods.AnswerAsync(created.Grant, cancellationToken), request, requestId, created.SeamRequestId), requestId);
        }
        catch (SecretUnavailableException)
        {
            return IssueOutcome.KeyUnavailable(requestId, logger);
        }

        return IssueOutcome.Failed(result, request.Code, requestId, logger);
    }

    private IssueOutcome Created(CredentialEnvelope envelope, string requestId)
    {
        var grant = (AccessGrantAnswer)envelope.Credential;
        RequestLog.AccessGrantCreated(logger, requestId, envelope.SeamRequestId, grant.AccessGrantId, grant.AccessMethods.Count, grant.Status);
        return new IssueOutcome(new Outcome.Held(envelope, Created: true), UpstreamEffect.Answered, envelope);
    }

    /// <summary>The grants Seam holds with this attempt's <c>access_grant_key</c>, oldest first, each with its access methods.</summary>
    public async Task<FoundAccess> FindCreatedAsync(AccessRequest request, DateTimeOffset since, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        if (request.GrantKey is not { } key)
            return new FoundAccess([], null, null);
        try
        {
            var listed = await lease.SendAsync(() => grants.ListByKeyAsync(key, cancellationToken), cancellationToken);
            if (listed is not SeamCallResult.ListedGrants found)
                return new FoundAccess([], null, Problems.FromUpstream(listed, requestId, request.Code));
            var candidates = new List<AccessAnswer>();
            // Only grants that carry the key: a list that ignored its filter must not hand over another's grant.
            foreach (var grant in found.Grants.Where(g => g.AccessGrantKey == key).OrderBy(g => SeamTimes.Parse(g.CreatedAt) ?? DateTimeOffset.MinValue))
            {
                var read = await methods.ReadAsync(grant, cancellationToken);
                if (read is AccessResult.Failed failed)
                    return new FoundAccess([], null, failed.Problem(requestId, request.Code));
                if (read is AccessResult.Held held)
                    candidates.Add(held.Access);
            }

            return new FoundAccess(candidates, found.SeamRequestId, null);
        }
        catch (SecretUnavailableException)
        {
            return new FoundAccess([], null, Problems.SecretUnavailable(requestId));
        }
    }

    /// <summary>The same doors for the same guest: times, PIN and phone key change in place.</summary>
    public bool CanChangeInPlace(AccessRequest held, AccessRequest wanted) =>
        held.Grant is { } heldPlaces && wanted.Grant is { } wantedPlaces && heldPlaces.SameDoors(wantedPlaces) && held.UserIdentityId == wanted.UserIdentityId;

    /// <summary>New times through <c>/access_grants/update</c> (both, always), then the access methods brought to what is wanted.</summary>
    public async Task<AccessResult> ChangeAsync(AccessAnswer held, AccessRequest heldRequest, AccessRequest wanted, IWriteLease lease, CancellationToken cancellationToken)
    {
        var grant = (AccessGrantAnswer)held;
        if (heldRequest.StartsAt != wanted.StartsAt || heldRequest.EndsAt != wanted.EndsAt || NameOf(heldRequest) != NameOf(wanted))
        {
            var update = await lease.SendAsync(() => grants.UpdateAsync(new SeamUpdateAccessGrantBody
            {
                AccessGrantId = grant.AccessGrantId, StartsAt = wanted.StartsAt, EndsAt = wanted.EndsAt, Name = NameOf(wanted),
            }, cancellationToken), cancellationToken);
            if (update is not SeamCallResult.Accepted)
                return new AccessResult.Failed(update);
        }

        return await methods.ConvergeAsync(grant, wanted, lease, cancellationToken);
    }

    /// <summary>A change may have asked for an access method Seam made after all: the grant's methods as Seam has them now.</summary>
    public Task<AccessResult> TrackUnfinishedAsync(AccessAnswer held, AccessRequest changingTo, IWriteLease lease, CancellationToken cancellationToken) =>
        ReadAsync(held, cancellationToken);

    /// <summary><c>/access_grants/delete</c>: the grant and every access method of it; Seam no longer knowing it counts as removed.</summary>
    public async Task<AccessResult> RemoveAsync(AccessAnswer held, IWriteLease lease, CancellationToken cancellationToken)
    {
        var result = await lease.SendAsync(() => grants.DeleteAsync(((AccessGrantAnswer)held).AccessGrantId, cancellationToken), cancellationToken);
        return result is SeamCallResult.Accepted or SeamCallResult.Rejected { Status: 404 } ? new AccessResult.Gone(result.SeamRequestId) : new AccessResult.Failed(result);
    }

    /// <summary><c>/access_grants/get</c> and its <c>/access_methods/list</c>: issued or not, PINs and phone-key links as Seam has them.</summary>
    public async Task<AccessResult> ReadAsync(AccessAnswer held, CancellationToken cancellationToken)
    {
        var got = await grants.GetAsync(((AccessGrantAnswer)held).AccessGrantId, cancellationToken);
        return got switch
        {
            SeamCallResult.WithGrant grant => await methods.ReadAsync(grant.Grant, cancellationToken),
            SeamCallResult.Rejected { Status: 404 } => new AccessResult.Gone(got.SeamRequestId),
            _ => new AccessResult.Failed(got),
        };
    }

    /// <summary>What Seam is sent for a request: one grant, its doors, its access methods, its keys and times.</summary>
    internal static SeamCreateAccessGrantBody ToSeamBody(AccessRequest request)
    {
        var places = request.Grant!;
        return new SeamCreateAccessGrantBody
        {
            UserIdentityId = request.UserIdentityId,
            UserIdentity = request.UserIdentityId is null ? new SeamGrantUserIdentity { FullName = request.Name } : null,
            DeviceIds = places.DeviceIds is { Count: > 0 } devices ? devices : null,
            AcsEntranceIds = places.AcsEntranceIds is { Count: > 0 } entrances ? entrances : null,
            SpaceIds = places.SpaceIds is { Count: > 0 } spaces ? spaces : null,
            RequestedAccessMethods = GrantMethods.Requested(request.Code, places.MobileKey),
            AccessGrantKey = request.GrantKey,
            ReservationKey = request.Reference,
            Name = NameOf(request),
            StartsAt = request.StartsAt,
            EndsAt = request.EndsAt,
        };
    }

    /// <summary>The grant's name in Seam: the request's, else the reference.</summary>
    private static string? NameOf(AccessRequest request) => request.Name ?? request.Reference;
}
