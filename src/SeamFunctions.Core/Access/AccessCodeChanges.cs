using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Upstream;
using static SeamFunctions.Access.AccessCodeShapes;

namespace SeamFunctions.Access;

/// <summary>
/// A unit's codes changed in place: doors added get the PIN first (all of them, or, refused, none), then the doors
/// kept are updated where code, name or times changed, then doors removed lose their code. A failure partway says
/// what Seam holds by then, codes a refused change could not remove included, so the record keeps track of them.
/// </summary>
internal sealed class AccessCodeChanges(AccessCodeCalls calls)
{
    public async Task<AccessResult> ChangeAsync(AccessCodesAnswer before, AccessRequest heldRequest, AccessRequest wanted, IWriteLease lease, CancellationToken cancellationToken)
    {
        var codes = before.AccessCodes.ToList();
        var kept = wanted.DeviceIds!.Where(d => codes.Any(c => AccessCodeCalls.SameDevice(c.DeviceId, d))).ToList();
        if (await AddDoorsAsync(before, wanted, codes, lease, cancellationToken) is { } notAdded)
            return notAdded;
        if (Changed(heldRequest, wanted) && await UpdateKeptAsync(before, heldRequest, wanted, codes, kept, lease, cancellationToken) is { } notUpdated)
            return notUpdated;
        return await RemoveDoorsAsync(before, wanted, codes, lease, cancellationToken);
    }

    /// <summary>
    /// After a change that did not end for certain (<paramref name="changingTo"/> was under way): the codes it may have
    /// made that the record does not know yet, found on each of its doors and added to <paramref name="held"/>.
    /// </summary>
    public async Task<AccessResult> TrackUnfinishedAsync(AccessCodesAnswer held, AccessRequest changingTo, IWriteLease lease, CancellationToken cancellationToken)
    {
        var codes = held.AccessCodes.ToList();
        foreach (var device in changingTo.DeviceIds ?? [])
        {
            var (found, failure) = await calls.FindOnDeviceAsync(changingTo, device, DateTimeOffset.MinValue, lease, cancellationToken);
            if (failure is not null)
                return new AccessResult.Failed(failure, null, device);
            if (found is not null && codes.All(c => c.AccessCodeId != found.AccessCodeId))
                codes.Add(ToAnswer(found, held.Code));
        }

        return new AccessResult.Held(WithCodes(held, codes), null);
    }

    /// <summary>The PIN on each door <paramref name="wanted"/> adds: found (an earlier try made it) or made. Null when every door has it.</summary>
    private async Task<AccessResult?> AddDoorsAsync(AccessCodesAnswer before, AccessRequest wanted, List<AccessCodeAnswer> codes, IWriteLease lease, CancellationToken cancellationToken)
    {
        var made = new List<AccessCodeAnswer>();
        foreach (var device in wanted.DeviceIds!.Where(d => codes.All(c => !AccessCodeCalls.SameDevice(c.DeviceId, d))))
        {
            var (found, failure) = await calls.FindOnDeviceAsync(wanted, device, DateTimeOffset.MinValue, lease, cancellationToken);
            var result = found is null && failure is null ? await calls.CreateAsync(wanted, device, lease, cancellationToken) : failure;
            if ((found ?? (result as SeamCallResult.WithAccessCode)?.Code) is { } code)
            {
                made.Add(ToAnswer(code, wanted.Code));
                continue;
            }

            if (result is SeamCallResult.Rejected)
                return await UndoAddedAsync(before, codes, made, result, device, lease, cancellationToken);
            codes.AddRange(made);
            return new AccessResult.Failed(result!, WithCodes(before, codes), device);
        }

        codes.AddRange(made);
        return null;
    }

    /// <summary>
    /// All doors or none: the codes this change added are deleted (each tried again while Seam fails). One that stays
    /// on its lock is part of what the record holds, so a later PUT or DELETE removes it.
    /// </summary>
    private async Task<AccessResult> UndoAddedAsync(
        AccessCodesAnswer before, List<AccessCodeAnswer> codes, List<AccessCodeAnswer> made, SeamCallResult refusal, string device, IWriteLease lease, CancellationToken cancellationToken)
    {
        foreach (var added in made)
        {
            if (!AccessCodeCalls.IsGone(await calls.CleanUpAsync(added.AccessCodeId, lease, cancellationToken)))
                codes.Add(added);
        }

        return new AccessResult.Failed(refusal, codes.Count == before.AccessCodes.Count ? null : WithCodes(before, codes), device);
    }

    /// <summary>Each kept door's code updated (a backup code keeps its own PIN while the stay moves); one deleted in the lock's app is put back.</summary>
    private async Task<AccessResult?> UpdateKeptAsync(
        AccessCodesAnswer before, AccessRequest heldRequest, AccessRequest wanted, List<AccessCodeAnswer> codes, List<string> kept, IWriteLease lease, CancellationToken cancellationToken)
    {
        foreach (var device in kept)
        {
            var index = codes.FindIndex(c => AccessCodeCalls.SameDevice(c.DeviceId, device));
            var ownPin = heldRequest.Code == wanted.Code ? codes[index].Code : null;
            var updated = await calls.UpdateAsync(codes[index].AccessCodeId, wanted, ownPin, lease, cancellationToken);
            if (updated is SeamCallResult.Rejected { Status: 404 })
                updated = await calls.CreateAsync(wanted, device, lease, cancellationToken); // deleted outside (the lock's app): put it back
            if (updated is not SeamCallResult.WithAccessCode fresh)
                return new AccessResult.Failed(updated, WithCodes(before, codes), device);
            codes[index] = ToAnswer(fresh.Code, wanted.Code);
        }

        return null;
    }

    /// <summary>Every code that is not the first on a door <paramref name="wanted"/> names is deleted: doors removed, and strays an unfinished write left.</summary>
    private async Task<AccessResult> RemoveDoorsAsync(AccessCodesAnswer before, AccessRequest wanted, List<AccessCodeAnswer> codes, IWriteLease lease, CancellationToken cancellationToken)
    {
        var keep = wanted.DeviceIds!.Select(d => codes.Find(c => AccessCodeCalls.SameDevice(c.DeviceId, d))?.AccessCodeId).ToHashSet(StringComparer.Ordinal);
        foreach (var code in codes.Where(c => !keep.Contains(c.AccessCodeId)).ToList())
        {
            var deleted = await calls.DeleteAsync(code.AccessCodeId, lease, cancellationToken);
            if (!AccessCodeCalls.IsGone(deleted))
                return new AccessResult.Failed(deleted, WithCodes(before, codes), code.DeviceId);
            codes.Remove(code);
        }

        return new AccessResult.Held(Answer(wanted, codes), null);
    }

    /// <summary>Whether code, name or times changed (the doors kept are updated then).</summary>
    private static bool Changed(AccessRequest held, AccessRequest wanted) =>
        held.Code != wanted.Code || AccessCodeCalls.NameOf(held) != AccessCodeCalls.NameOf(wanted) || held.StartsAt != wanted.StartsAt || held.EndsAt != wanted.EndsAt;
}
