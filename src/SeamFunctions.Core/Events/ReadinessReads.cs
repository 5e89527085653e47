using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Lifecycle;
using SeamFunctions.Upstream;

namespace SeamFunctions.Events;

/// <summary>What a readiness check read at Seam: the access as Seam holds it now, and each lock as Seam last heard from it.</summary>
internal sealed record ReadinessRead(AccessAnswer Fresh, IReadOnlyList<DoorHealth> Doors);

/// <summary>
/// The reads of a readiness check: every door's code (<c>/access_codes/get</c>) or the credential
/// (<c>/acs/credentials/get</c>), and every door's lock (<c>/devices/get</c>: online, battery). Reads only: a failing
/// Seam is null (the check runs again on the next tick).
/// </summary>
internal sealed class ReadinessReads(AccessKindSelector kinds, SeamClient seam)
{
    public async Task<ReadinessRead?> ReadAsync(CredentialRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = record.Answer!.Credential;
        var fresh = await kinds.For(record.Access).ReadAsync(held, cancellationToken) switch
        {
            AccessResult.Held read => read.Access,
            AccessResult.Gone => AllGone(held),
            _ => null,
        };
        if (fresh is null)
            return null;
        var doors = new List<DoorHealth>();
        foreach (var device in Doors.DevicesOf(record).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var known = record.Doors.Of(device);
            if (await DoorAsync(device, known, now, cancellationToken) is not { } door)
                return null;
            doors.Add(door);
        }

        return new ReadinessRead(fresh, doors);
    }

    /// <summary>The lock as read now (a flaky connection is only ever told by Seam's events, so it is kept); null when Seam failed.</summary>
    private async Task<DoorHealth?> DoorAsync(string device, DoorHealth? known, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var flaky = known?.Flaky ?? false;
        return await seam.GetDeviceAsync(device, cancellationToken) switch
        {
            SeamCallResult.WithDevice { Device: var found } =>
                new DoorHealth(device, found.Properties?.Online, found.Properties?.Level, flaky && found.Properties?.Online != false, Removed: false, now, found.DisplayName),
            SeamCallResult.Rejected { Status: 404 } => new DoorHealth(device, known?.Online, known?.BatteryLevel, flaky, Removed: true, now),
            _ => null,
        };
    }

    /// <summary>Nothing held is known to Seam any more: every code gone (an ACS credential: not issued).</summary>
    private static AccessAnswer AllGone(AccessAnswer held) => held switch
    {
        AccessCodesAnswer codes => AccessCodesAnswer.Of([.. codes.AccessCodes.Select(AccessCodeShapes.Gone)], codes.Code, codes.Name, codes.StartsAt, codes.EndsAt),
        CredentialAnswer credential => credential.With(isIssued: false, credential.Errors, CredentialStatus.Pending, credential.LastEvent),
        AccessGrantAnswer grant => grant.WithMethods([]),
        _ => held,
    };
}
