using SeamFunctions.Answers;
using SeamFunctions.Upstream;

namespace SeamFunctions.Access;

/// <summary>What became of a code that failed to set: a backup took its place, Seam has none for it, or Seam could not be asked.</summary>
internal abstract record BackupOutcome
{
    /// <summary>The backup code (its own PIN, already on the lock) now serves; the failed code is deleted.</summary>
    public sealed record Pulled(AccessCodeAnswer Backup, string Pin) : BackupOutcome;

    public sealed record NoneAvailable : BackupOutcome;

    /// <summary>Seam failed partway; asking again is safe (Seam answers the same backup for the same code).</summary>
    public sealed record Failed(SeamCallResult Result) : BackupOutcome;
}

/// <summary>
/// Seam's backup codes (<c>Locks__BackupCodes</c>): codes made with <c>use_backup_access_code_pool</c> have spares
/// already programmed on the lock. When one fails to set and Seam says a backup is available, the backup is pulled
/// and the failed code deleted, so the guest has one working PIN on that door and never two.
/// </summary>
internal sealed class BackupCodes(SeamClient seam)
{
    /// <param name="held">The access the failed code belongs to: the backup is given its name and times.</param>
    /// <param name="lease">Held by the event's write on the record: each call is sent only while it holds.</param>
    public async Task<BackupOutcome> ReplaceAsync(AccessCodeAnswer failed, AccessCodesAnswer held, IWriteLease lease, CancellationToken cancellationToken)
    {
        var read = await lease.SendAsync(() => seam.GetAccessCodeAsync(failed.AccessCodeId, cancellationToken), cancellationToken);
        switch (read)
        {
            case SeamCallResult.Rejected { Status: 404 }:
                return new BackupOutcome.NoneAvailable();
            case SeamCallResult.WithAccessCode { Code.IsBackupAccessCodeAvailable: not true }:
                return new BackupOutcome.NoneAvailable(); // checked here: Seam's own fake pulls one even then
            case not SeamCallResult.WithAccessCode:
                return new BackupOutcome.Failed(read);
        }

        var result = await lease.SendAsync(() => seam.PullBackupAccessCodeAsync(failed.AccessCodeId, cancellationToken), cancellationToken);
        if (result is not SeamCallResult.WithAccessCode { Code.Code: { Length: > 0 } pin } pulled)
            return new BackupOutcome.Failed(result);
        if (!SameTimes(pulled.Code, held))
        {
            // Seam's docs: a backup's end time may need aligning with the original's; a PIN must not outlive the stay.
            var aligned = await lease.SendAsync(() => seam.UpdateAccessCodeAsync(new SeamUpdateAccessCodeBody
            {
                AccessCodeId = pulled.Code.AccessCodeId!, Code = pin, Name = held.Name, StartsAt = SeamTimes.Parse(held.StartsAt), EndsAt = SeamTimes.Parse(held.EndsAt),
            }, cancellationToken), cancellationToken);
            if (aligned is not SeamCallResult.Accepted)
                return new BackupOutcome.Failed(aligned);
        }

        var deleted = await lease.SendAsync(() => seam.DeleteAccessCodeAsync(failed.AccessCodeId, cancellationToken), cancellationToken);
        if (!AccessCodeCalls.IsGone(deleted))
            return new BackupOutcome.Failed(deleted);
        var backup = AccessCodeShapes.ToAnswer(pulled.Code, pin: null);
        return new BackupOutcome.Pulled(backup, pin);
    }

    private static bool SameTimes(SeamAccessCode backup, AccessCodesAnswer held) =>
        SeamTimes.Parse(backup.StartsAt) == SeamTimes.Parse(held.StartsAt) && SeamTimes.Parse(backup.EndsAt) == SeamTimes.Parse(held.EndsAt);
}
