using System.Text.Json;

namespace SeamFunctions.Upstream;

/// <summary>Seam's success answer to <c>/acs/credentials/create</c>.</summary>
internal sealed class SeamCreateCredentialResponse
{
    public SeamCredential? AcsCredential { get; init; }
}

/// <summary>Seam's error envelope: <c>{"error":{"type","message","validation_errors"?},"ok":false}</c>.</summary>
internal sealed class SeamErrorEnvelope
{
    public SeamErrorBody? Error { get; init; }
}

internal sealed class SeamErrorBody
{
    public string? Type { get; init; }
    public string? Message { get; init; }

    /// <summary>Zod's formatted errors: <c>{"_errors":[...], "field":{"_errors":[...]}}</c>, nested for nested fields.</summary>
    public JsonElement? ValidationErrors { get; init; }
}
