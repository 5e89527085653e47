namespace SeamFunctions.Commands;

/// <summary>What a create attempt amounts to on Seam's side: the fact the exactly-once store acts on.</summary>
internal enum UpstreamEffect
{
    /// <summary>Seam answered for certain (created, or refused the request): the answer may be replayed.</summary>
    Answered,

    /// <summary>Seam surely did nothing (not reached, key unreadable, rate limited): a retry may simply go ahead.</summary>
    NotActed,

    /// <summary>Seam may or may not have created the credential (timeout, 5xx, reset after sending).</summary>
    Unknown,
}
