namespace SeamFunctions.Secrets;

/// <summary>No Seam API key can be had: the source failed and no cached key is young enough to serve.</summary>
internal sealed class SecretUnavailableException : Exception
{
    public SecretUnavailableException(string message) : base(message)
    {
    }

    public SecretUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SecretUnavailableException()
    {
    }
}
