namespace SeamFunctions.Access;

/// <summary>
/// A write's hold on the record it changes. The access kinds ask it before every Seam call, so two writes for one
/// reference never overlap at Seam however many doors a write touches and however slow Seam is: the lease is
/// renewed when it is due, and a write that lost it stops there and sends nothing more.
/// </summary>
internal interface IWriteLease
{
    /// <summary>
    /// Whether this write still holds its record for one more Seam call (renewed when due). False: another write took
    /// the record over; this one must stop, send nothing and store nothing.
    /// </summary>
    ValueTask<bool> HoldAsync(CancellationToken cancellationToken);
}

/// <summary>For writes that hold no record (a create under a one-request key is guarded by its own record).</summary>
internal sealed class NoLease : IWriteLease
{
    public static readonly NoLease Instance = new();

    private NoLease()
    {
    }

    public ValueTask<bool> HoldAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);
}

/// <summary>The one way an access kind sends a Seam call under a write's lease.</summary>
internal static class WriteLeases
{
    /// <summary><paramref name="call"/> sent when the write still holds its record; otherwise nothing is sent: <see cref="SeamCallResult.Superseded"/>.</summary>
    public static async Task<Upstream.SeamCallResult> SendAsync(this IWriteLease lease, Func<Task<Upstream.SeamCallResult>> call, CancellationToken cancellationToken) =>
        await lease.HoldAsync(cancellationToken) ? await call() : Upstream.SeamCallResult.Superseded.Instance;
}
