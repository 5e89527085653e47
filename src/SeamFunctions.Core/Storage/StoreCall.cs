namespace SeamFunctions.Storage;

/// <summary>
/// A store call whose failure means the work cannot go ahead safely (a key cannot be claimed, a record cannot be
/// read): it surfaces as <see cref="StoreUnavailableException"/>, which becomes <c>503 idempotency_store_unavailable</c>.
/// </summary>
internal static class StoreCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StoreUnavailableException(e);
        }
    }
}

internal sealed class StoreUnavailableException(Exception inner) : Exception("A record store failed.", inner);
