using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Events;

namespace SeamFunctions.Tests.Support;

/// <summary>The minute timer's work, at a time a test chooses.</summary>
internal static class MinuteTicks
{
    /// <summary>
    /// The clock moved to <paramref name="at"/>, and the minute timer's work done: the DevServer's timer fires on the
    /// move too, but one tick runs at a time, so once this returns the checks due at <paramref name="at"/> have run, once.
    /// </summary>
    public static Task TickAtAsync(this Adapter adapter, FakeTimeProvider clock, DateTimeOffset at)
    {
        clock.SetUtcNow(at);
        return adapter.Services.GetRequiredService<MinuteTick>().RunAsync(CancellationToken.None);
    }
}
