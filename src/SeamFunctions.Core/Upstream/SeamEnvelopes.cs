using System.Text.Json;

namespace SeamFunctions.Upstream;

/// <summary>Seam's success answer to <c>/acs/credentials/create</c>.</summary>
internal sealed class SeamCreateCredentialResponse
{
    public SeamCredential? AcsCredential { get; set; }
}

/// <summary>The body of <c>/acs/credentials/get</c> and <c>/acs/credentials/delete</c>.</summary>
internal sealed class SeamCredentialIdBody
{
    public required string AcsCredentialId { get; init; }
}

/// <summary>The body of <c>/acs/credentials/update</c>: Seam changes only <c>code</c> and <c>ends_at</c>.</summary>
internal sealed class SeamUpdateCredentialBody
{
    public required string AcsCredentialId { get; init; }

    /// <summary>The new PIN, when it changes. Secret.</summary>
    public string? Code { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public override string ToString() => $"SeamUpdateCredentialBody({AcsCredentialId})";
}

/// <summary>Seam's answer to <c>/acs/credentials/delete</c>: <c>{"ok":true}</c>.</summary>
internal sealed class SeamOkResponse
{
    public bool Ok { get; set; }
}

/// <summary>The body of <c>/user_identities/create</c>: a unique key and the guest's details. Personal data.</summary>
internal sealed class SeamCreateUserIdentityBody
{
    public required string UserIdentityKey { get; init; }
    public string? FullName { get; init; }
    public string? EmailAddress { get; init; }
    public string? PhoneNumber { get; init; }

    public override string ToString() => "SeamCreateUserIdentityBody";
}

/// <summary>The body of <c>/user_identities/get</c> by key.</summary>
internal sealed class SeamUserIdentityKeyBody
{
    public required string UserIdentityKey { get; init; }

    public override string ToString() => "SeamUserIdentityKeyBody";
}

/// <summary>Seam's answer with a user identity; only its id is read.</summary>
internal sealed class SeamUserIdentityResponse
{
    public SeamUserIdentity? UserIdentity { get; set; }
}

internal sealed class SeamUserIdentity
{
    public string? UserIdentityId { get; set; }
}

/// <summary>Seam's answer to <c>/workspaces/get</c>: the API key's workspace; only its id is read.</summary>
internal sealed class SeamWorkspaceResponse
{
    public SeamWorkspaceId? Workspace { get; set; }
}

internal sealed class SeamWorkspaceId
{
    public string? WorkspaceId { get; set; }
}

/// <summary>The body of <c>POST /acs/credentials/list</c>: by ACS user, or by user identity.</summary>
internal sealed class SeamListCredentialsBody
{
    public Guid? AcsUserId { get; init; }
    public Guid? UserIdentityId { get; init; }
    public int? Limit { get; init; }
    public string? PageCursor { get; init; }
}

/// <summary>Seam's answer to <c>/acs/credentials/list</c>.</summary>
internal sealed class SeamListCredentialsResponse
{
    public IReadOnlyList<SeamCredential?>? AcsCredentials { get; set; }
    public SeamPagination? Pagination { get; set; }
}

internal sealed class SeamPagination
{
    public bool HasNextPage { get; set; }
    public string? NextPageCursor { get; set; }
}

/// <summary>Seam's error envelope: <c>{"error":{"type","message","validation_errors"?},"ok":false}</c>.</summary>
internal sealed class SeamErrorEnvelope
{
    public SeamErrorBody? Error { get; set; }
}

internal sealed class SeamErrorBody
{
    public string? Type { get; set; }
    public string? Message { get; set; }

    /// <summary>Zod's formatted errors: <c>{"_errors":[...], "field":{"_errors":[...]}}</c>, nested for nested fields.</summary>
    public JsonElement? ValidationErrors { get; set; }
}
