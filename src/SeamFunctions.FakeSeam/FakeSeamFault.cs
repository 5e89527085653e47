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
}
