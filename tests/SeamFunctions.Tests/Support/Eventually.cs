namespace SeamFunctions.Tests.Support;

/// <summary>Waits for a state another part of the system reaches on its own (a queue drained, a message poisoned); fails after a deadline.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> until, int seconds = 20)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (until(value))
                return value;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"Not reached within {seconds} s; last seen: {value}");
            await Task.Delay(50);
        }
    }
}
