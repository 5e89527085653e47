using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Upstream;

namespace SeamFunctions.Access;

/// <summary>
/// A grant's access methods: read with <c>/access_methods/list</c>, and brought to what a request wants — one code
/// (its PIN, or any when Seam chose it) and a phone key when asked. What is not wanted is deleted before anything new
/// is requested, so an old PIN never works beside the new one; a repeat finds the work done and does nothing more.
/// </summary>
internal sealed class GrantMethods(SeamGrantClient grants)
{
    /// <summary>The requested access methods: the PIN (Seam makes one when none is given), and a phone key when asked.</summary>
    public static IReadOnlyList<SeamRequestedAccessMethod> Requested(string? code, bool mobileKey) => Missing([], code, mobileKey);

    /// <summary>A grant Seam just made, with its access methods; when they cannot be read yet, the grant alone (pending).</summary>
    public async Task<AccessGrantAnswer> AnswerAsync(SeamAccessGrant grant, CancellationToken cancellationToken) =>
        await ReadAsync(grant, cancellationToken) is AccessResult.Held { Access: AccessGrantAnswer read } ? read : AccessGrantAnswer.From(grant, []);

    /// <summary>The grant with its access methods as Seam lists them now.</summary>
    public async Task<AccessResult> ReadAsync(SeamAccessGrant grant, CancellationToken cancellationToken)
    {
        var listed = await grants.ListMethodsAsync(grant.AccessGrantId!, cancellationToken);
        return listed is SeamCallResult.ListedMethods found
            ? new AccessResult.Held(AccessGrantAnswer.From(grant, found.Methods), found.SeamRequestId)
            : new AccessResult.Failed(listed);
    }

    /// <summary>
    /// Reads the grant's methods as Seam has them now (what the record holds may be behind: an answer that could not
    /// list them, a request that may have acted), deletes those <paramref name="wanted"/> does not keep, requests those it
    /// lacks, and reads the grant again (its methods again only when they changed).
    /// </summary>
    public async Task<AccessResult> ConvergeAsync(AccessGrantAnswer held, AccessRequest wanted, IWriteLease lease, CancellationToken cancellationToken)
    {
        var listed = await grants.ListMethodsAsync(held.AccessGrantId, cancellationToken);
        if (listed is not SeamCallResult.ListedMethods now)
            return new AccessResult.Failed(listed);
        var current = now.Methods.Select(AccessMethodAnswer.From).ToList();
        var kept = Kept(current, wanted);
        var missing = Missing(kept, wanted.Code, wanted.Grant!.MobileKey);
        var remaining = current.ToList();
        foreach (var method in current.Except(kept))
        {
            var deleted = await lease.SendAsync(() => grants.DeleteMethodAsync(method.AccessMethodId, cancellationToken), cancellationToken);
            if (deleted is not (SeamCallResult.Accepted or SeamCallResult.Rejected { Status: 404 }))
                return new AccessResult.Failed(deleted, held.WithMethods(remaining));
            remaining.Remove(method);
        }

        if (missing.Count > 0)
        {
            var requested = await lease.SendAsync(
                () => grants.RequestMethodsAsync(new SeamRequestAccessMethodsBody { AccessGrantId = held.AccessGrantId, RequestedAccessMethods = missing }, cancellationToken),
                cancellationToken);
            if (requested is not SeamCallResult.WithGrant)
                return new AccessResult.Failed(requested, held.WithMethods(remaining));
        }

        var got = await grants.GetAsync(held.AccessGrantId, cancellationToken);
        if (got is not SeamCallResult.WithGrant grant)
            return new AccessResult.Failed(got, held.WithMethods(remaining));
        return kept.Count == current.Count && missing.Count == 0
            ? new AccessResult.Held(AccessGrantAnswer.From(grant.Grant, now.Methods), grant.SeamRequestId) // the methods as just listed
            : await ReadAsync(grant.Grant, cancellationToken);
    }

    /// <summary>The one code the request keeps (its PIN; any, when Seam chose it), one phone key when asked, and every other mode.</summary>
    private static List<AccessMethodAnswer> Kept(IReadOnlyList<AccessMethodAnswer> methods, AccessRequest wanted)
    {
        var code = methods.FirstOrDefault(m => m.Mode == AccessMethodAnswer.CodeMode && (wanted.Code is null || string.Equals(m.Code, wanted.Code, StringComparison.Ordinal)));
        var phone = wanted.Grant!.MobileKey ? methods.FirstOrDefault(m => m.Mode == AccessMethodAnswer.MobileKeyMode) : null;
        return [.. methods.Where(m => m == code || m == phone || m.Mode is not (AccessMethodAnswer.CodeMode or AccessMethodAnswer.MobileKeyMode))];
    }

    /// <summary>What to request beside <paramref name="kept"/>: the PIN (<paramref name="code"/>, or Seam's) and a phone key when asked.</summary>
    private static List<SeamRequestedAccessMethod> Missing(IReadOnlyList<AccessMethodAnswer> kept, string? code, bool mobileKey)
    {
        var missing = new List<SeamRequestedAccessMethod>();
        if (!kept.Any(m => m.Mode == AccessMethodAnswer.CodeMode))
            missing.Add(new() { Mode = AccessMethodAnswer.CodeMode, Code = code });
        if (mobileKey && !kept.Any(m => m.Mode == AccessMethodAnswer.MobileKeyMode))
            missing.Add(new() { Mode = AccessMethodAnswer.MobileKeyMode });
        return missing;
    }
}
