using SeamFunctions.Secrets;
using SeamFunctions.Upstream;

namespace SeamFunctions.Events;

/// <summary>
/// The workspace of the adapter's Seam API key, learned once from Seam (<c>/workspaces/get</c>) and kept for the
/// life of the process: Seam's events from any other workspace (a webhook pointed at the wrong app) change nothing.
/// A failed look-up is not kept; the next event asks again.
/// </summary>
internal sealed class SeamWorkspace(SeamClient seam)
{
    private string? _id;

    /// <summary>The workspace id, or the failed call that kept it from being known.</summary>
    public async Task<(string? Id, SeamCallResult? Failure)> IdAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _id) is { } known)
            return (known, null);
        SeamCallResult result;
        try
        {
            result = await seam.GetWorkspaceAsync(cancellationToken);
        }
        catch (SecretUnavailableException)
        {
            return (null, new SeamCallResult.Unavailable("key unreadable", null, SeamMayHaveActed: false));
        }

        if (result is not SeamCallResult.Workspace workspace)
            return (null, result);
        Volatile.Write(ref _id, workspace.WorkspaceId);
        return (workspace.WorkspaceId, null);
    }

    /// <summary>Whether an event naming <paramref name="workspaceId"/> is from the key's own workspace (events naming none are taken as such).</summary>
    public static bool IsOwn(string? workspaceId, string own) => workspaceId is null || string.Equals(workspaceId, own, StringComparison.OrdinalIgnoreCase);
}
