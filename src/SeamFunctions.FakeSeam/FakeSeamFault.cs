namespace SeamFunctions.FakeSeam;

/// <summary>Something to go wrong with the next create call (after authentication passed).</summary>
public abstract record FakeSeamFault
{
    private FakeSeamFault()
    {
    }

    /// <summary>Answer with this status and Seam's error envelope.</summary>
    public sealed record Status(int Code, string Type, string Message, string? RetryAfter = null) : FakeSeamFault;

    /// <summary>Wait before answering; with <paramref name="CreateFirst"/>, the credential exists before the wait.</summary>
    public sealed record Delay(TimeSpan Duration, bool CreateFirst) : FakeSeamFault;

    /// <summary>Drop the connection without an answer; with <paramref name="CreateFirst"/>, after creating.</summary>
    public sealed record Reset(bool CreateFirst) : FakeSeamFault;

    /// <summary>Answer 200 with a body that is not JSON.</summary>
    public sealed record Garbage : FakeSeamFault;

    /// <summary>
    /// Hold the call, once it arrived (<see cref="Arrived"/>), until the test opens the gate (<see cref="Open"/>);
    /// then answer as usual. An ordering a test states, not a race of delays.
    /// </summary>
    public sealed record Gate : FakeSeamFault
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the call reached the fake and waits at the gate.</summary>
        public Task Arrived => _arrived.Task;

        public void Open() => _opened.TrySetResult();

        internal async Task PassAsync(CancellationToken cancellationToken)
        {
            _arrived.TrySetResult();
            await _opened.Task.WaitAsync(cancellationToken);
        }
    }
}
