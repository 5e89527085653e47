using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeamFunctions.Secrets;

namespace SeamFunctions.Upstream;

/// <summary>
/// Typed client for Seam Connect. It sends one create, and sends it again only where Seam surely did not act:
/// after a 401/403 with a key that was read again and changed (rotation). Connection failures before sending are
/// retried by its transport (<see cref="SeamTransport"/>); nothing else is.
/// </summary>
internal sealed class SeamClient(SeamTransport transport, SecretCache keys, TimeProvider time, ILogger<SeamClient> logger)
{
    public const string CreateCredentialPath = "acs/credentials/create";
    public const string ListCredentialsPath = "acs/credentials/list";
    public const string GetCredentialPath = "acs/credentials/get";
    public const string UpdateCredentialPath = "acs/credentials/update";
    public const string DeleteCredentialPath = "acs/credentials/delete";
    public const string GetUserIdentityPath = "user_identities/get";
    public const string CreateUserIdentityPath = "user_identities/create";
    public const string CreateAccessCodePath = "access_codes/create";
    public const string GetAccessCodePath = "access_codes/get";
    public const string UpdateAccessCodePath = "access_codes/update";
    public const string DeleteAccessCodePath = "access_codes/delete";
    public const string PullBackupAccessCodePath = "access_codes/pull_backup_access_code";
    public const string ListAccessCodesPath = "access_codes/list";
    public const string GetWorkspacePath = "workspaces/get";
    public const string GetDevicePath = "devices/get";

    /// <summary>The diagnostic source of Seam calls: one span per operation, as each Azure SDK operation is one named scope.</summary>
    public const string ActivitySourceName = "SeamFunctions.Seam";

    private static readonly ActivitySource Diagnostics = new(ActivitySourceName);
    private BearerHeader? _bearer;

    public Task<SeamCallResult> CreateCredentialAsync(SeamCreateCredentialBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.CreateCredential", CreateCredentialPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamCreateCredentialBody),
            ReadCreated, cancellationToken);

    public Task<SeamCallResult> ListCredentialsAsync(SeamListCredentialsBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.ListCredentials", ListCredentialsPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamListCredentialsBody),
            ReadListed, cancellationToken);

    /// <summary>The credential as Seam has it now (fresh <c>is_issued</c>, warnings, errors).</summary>
    public Task<SeamCallResult> GetCredentialAsync(string acsCredentialId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.GetCredential", GetCredentialPath, JsonSerializer.SerializeToUtf8Bytes(new SeamCredentialIdBody { AcsCredentialId = acsCredentialId }, SeamJsonContext.Default.SeamCredentialIdBody),
            ReadCreated, cancellationToken);

    /// <summary>Changes <c>code</c> and/or <c>ends_at</c>; safe to repeat.</summary>
    public Task<SeamCallResult> UpdateCredentialAsync(SeamUpdateCredentialBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.UpdateCredential", UpdateCredentialPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamUpdateCredentialBody),
            ReadCreated, cancellationToken);

    /// <summary>Deletes the credential; safe to repeat (a second delete is Seam's 404).</summary>
    public Task<SeamCallResult> DeleteCredentialAsync(string acsCredentialId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.DeleteCredential", DeleteCredentialPath, JsonSerializer.SerializeToUtf8Bytes(new SeamCredentialIdBody { AcsCredentialId = acsCredentialId }, SeamJsonContext.Default.SeamCredentialIdBody),
            ReadAccepted, cancellationToken);

    /// <summary>The user identity with this key (a PMS's own guest id).</summary>
    public Task<SeamCallResult> GetUserIdentityAsync(string userIdentityKey, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.GetUserIdentity", GetUserIdentityPath, JsonSerializer.SerializeToUtf8Bytes(new SeamUserIdentityKeyBody { UserIdentityKey = userIdentityKey }, SeamJsonContext.Default.SeamUserIdentityKeyBody),
            ReadIdentity, cancellationToken);

    /// <summary>The API key's workspace (<see cref="SeamCallResult.Workspace"/>).</summary>
    public Task<SeamCallResult> GetWorkspaceAsync(CancellationToken cancellationToken) =>
        CallAsync("SeamClient.GetWorkspace", GetWorkspacePath, "{}"u8.ToArray(), ReadWorkspace, cancellationToken);

    /// <summary>A new user identity; Seam refuses a second one with the same key.</summary>
    public Task<SeamCallResult> CreateUserIdentityAsync(SeamCreateUserIdentityBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.CreateUserIdentity", CreateUserIdentityPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamCreateUserIdentityBody),
            ReadIdentity, cancellationToken);

    /// <summary>
    /// One operation, as one client span named <paramref name="operation"/> with its outcome and <c>seam_request_id</c>
    /// as tags (never a body, so never a PIN or a key).
    /// </summary>
    internal Task<SeamCallResult> CallAsync(string operation, string path, byte[] payload, ReadSuccess readSuccess, CancellationToken cancellationToken) =>
        Diagnostics.HasListeners()
            ? TracedAsync(operation, path, payload, readSuccess, cancellationToken)
            : CallOnceOrRotatedAsync(path, payload, readSuccess, cancellationToken);

    private async Task<SeamCallResult> TracedAsync(string operation, string path, byte[] payload, ReadSuccess readSuccess, CancellationToken cancellationToken)
    {
        using var activity = Diagnostics.StartActivity(operation, ActivityKind.Client);
        var result = await CallOnceOrRotatedAsync(path, payload, readSuccess, cancellationToken);
        if (activity is not null)
            Describe(activity, path, result);
        return result;
    }

    private void Describe(Activity activity, string path, SeamCallResult result)
    {
        activity.SetTag("seam.operation", path);
        activity.SetTag("seam.outcome", Outcome(result));
        activity.SetTag("seam_request_id", result.SeamRequestId);
        activity.SetTag("server.address", transport.BaseAddress.Host);
        activity.SetTag("server.port", transport.BaseAddress.Port);
        if (Outcome(result) != "ok")
            activity.SetStatus(ActivityStatusCode.Error, Outcome(result));
    }

    /// <summary>What a call ended in, as a span tag and status: <c>ok</c>, or the kind of failure.</summary>
    internal static string Outcome(SeamCallResult result) => result switch
    {
        SeamCallResult.Rejected { Status: 404 } => "not_found",
        SeamCallResult.Rejected => "rejected",
        SeamCallResult.RateLimited => "rate_limited",
        SeamCallResult.AuthFailed => "auth_failed",
        SeamCallResult.Unavailable => "unavailable",
        SeamCallResult.TimedOut => "timed_out",
        _ => "ok",
    };

    /// <summary>A PIN on one lock; Seam refuses the same PIN twice on a device (<c>duplicate_access_code</c>).</summary>
    public Task<SeamCallResult> CreateAccessCodeAsync(SeamCreateAccessCodeBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.CreateAccessCode", CreateAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamCreateAccessCodeBody),
            ReadAccessCode, cancellationToken);

    /// <summary>The access code as Seam has it now (fresh <c>status</c>, warnings, errors).</summary>
    public Task<SeamCallResult> GetAccessCodeAsync(string accessCodeId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.GetAccessCode", GetAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(new SeamAccessCodeIdBody { AccessCodeId = accessCodeId }, SeamJsonContext.Default.SeamAccessCodeIdBody),
            ReadAccessCode, cancellationToken);

    /// <summary>Changes code, name or times of an access code; safe to repeat. Seam answers without the code.</summary>
    public Task<SeamCallResult> UpdateAccessCodeAsync(SeamUpdateAccessCodeBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.UpdateAccessCode", UpdateAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamUpdateAccessCodeBody),
            ReadAccepted, cancellationToken);

    /// <summary>Deletes an access code; safe to repeat (a second delete is Seam's 404).</summary>
    public Task<SeamCallResult> DeleteAccessCodeAsync(string accessCodeId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.DeleteAccessCode", DeleteAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(new SeamAccessCodeIdBody { AccessCodeId = accessCodeId }, SeamJsonContext.Default.SeamAccessCodeIdBody),
            ReadAccepted, cancellationToken);

    /// <summary>
    /// A backup code from the device's pool for a code that failed to set (its own PIN, already on the lock). Seam
    /// answers the same backup for the same code again, so a retry never takes a second one.
    /// </summary>
    public Task<SeamCallResult> PullBackupAccessCodeAsync(string accessCodeId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.PullBackupAccessCode", PullBackupAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(new SeamAccessCodeIdBody { AccessCodeId = accessCodeId }, SeamJsonContext.Default.SeamAccessCodeIdBody),
            ReadBackupCode, cancellationToken);

    /// <summary>The lock as Seam has it now: online or not, its battery (<see cref="SeamCallResult.WithDevice"/>).</summary>
    public Task<SeamCallResult> GetDeviceAsync(string deviceId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.GetDevice", GetDevicePath, JsonSerializer.SerializeToUtf8Bytes(new SeamDeviceIdBody { DeviceId = deviceId }, SeamJsonContext.Default.SeamDeviceIdBody),
            ReadDevice, cancellationToken);

    public Task<SeamCallResult> ListAccessCodesAsync(SeamListAccessCodesBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.ListAccessCodes", ListAccessCodesPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamListAccessCodesBody),
            ReadListedCodes, cancellationToken);

    /// <summary>One call, sent again only after a refused key that re-reading replaced (Seam did not act on it).</summary>
    private async Task<SeamCallResult> CallOnceOrRotatedAsync(string path, byte[] payload, ReadSuccess readSuccess, CancellationToken cancellationToken)
    {
        var key = await keys.GetAsync(cancellationToken);
        var started = time.GetTimestamp();
        var result = Read(await transport.PostAsync(path, Bearer(key), payload, cancellationToken), started, readSuccess);
        if (result is not SeamCallResult.AuthFailed refused)
            return result;

        var reread = await keys.ReloadAfterRejectionAsync(key, cancellationToken);
        if (string.Equals(reread, key, StringComparison.Ordinal))
        {
            SeamLog.RejectedKey(logger, refused.Status, refused.SeamRequestId, keyChanged: false);
            return refused;
        }

        SeamLog.RejectedKey(logger, refused.Status, refused.SeamRequestId, keyChanged: true);
        started = time.GetTimestamp();
        return Read(await transport.PostAsync(path, Bearer(reread), payload, cancellationToken), started, readSuccess);
    }

    /// <summary>Reads a 2xx answer's body into a result, or null when it does not hold what the operation answers.</summary>
    internal delegate SeamCallResult? ReadSuccess(ReadOnlySpan<byte> body, string? seamRequestId);

    /// <summary>What the exchange ended in, logged by status and time; the answer's pooled buffer is returned.</summary>
    private SeamCallResult Read(SeamAnswer answer, long started, ReadSuccess readSuccess)
    {
        using (answer)
        {
            var elapsedMs = time.GetElapsedTime(started).TotalMilliseconds;
            if (answer.DidTimeOut)
            {
                SeamLog.TimedOut(logger, elapsedMs);
                return new SeamCallResult.TimedOut();
            }

            if (answer.Status == 0)
            {
                SeamLog.Unreachable(logger, answer.Error, elapsedMs);
                return new SeamCallResult.Unavailable("unreachable", null, SeamMayHaveActed: !answer.NeverReachedSeam);
            }

            SeamLog.Answered(logger, answer.Status, answer.SeamRequestId, elapsedMs);
            return ByStatus(answer, readSuccess);
        }
    }

    /// <summary>The Authorization header's value, made once per key rather than once per call.</summary>
    private string Bearer(string key)
    {
        var bearer = _bearer;
        if (bearer is null || !ReferenceEquals(bearer.Key, key))
            _bearer = bearer = new BearerHeader(key, "Bearer " + key);
        return bearer.Value;
    }

    private sealed record BearerHeader(string Key, string Value);

    /// <summary>What Seam's answer says, by its status.</summary>
    private SeamCallResult ByStatus(in SeamAnswer answer, ReadSuccess readSuccess) => answer.Status switch
    {
        200 or 201 => ReadAnswer(answer.Body, answer.SeamRequestId, readSuccess),
        401 or 403 => new SeamCallResult.AuthFailed(answer.Status, answer.SeamRequestId),
        429 => new SeamCallResult.RateLimited(answer.RetryAfter, answer.SeamRequestId),
        >= 400 and < 500 => new SeamCallResult.Rejected(answer.Status, ReadError(answer.Body), answer.SeamRequestId),
        _ => new SeamCallResult.Unavailable($"status {answer.Status}", answer.SeamRequestId),
    };

    private static SeamCallResult? ReadCreated(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamCreateCredentialResponse)?.AcsCredential is { AcsCredentialId: not null } credential
            ? new SeamCallResult.WithCredential(credential, seamRequestId) : null;

    private static SeamCallResult? ReadIdentity(ReadOnlySpan<byte> body, string? seamRequestId) =>
        Guid.TryParse(JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamUserIdentityResponse)?.UserIdentity?.UserIdentityId, out var id)
            ? new SeamCallResult.Identity(id, seamRequestId) : null;

    private static SeamCallResult? ReadWorkspace(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamWorkspaceResponse)?.Workspace?.WorkspaceId is { Length: > 0 } id
            ? new SeamCallResult.Workspace(id, seamRequestId) : null;

    internal static SeamCallResult? ReadAccepted(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamOkResponse) is { Ok: true } ? new SeamCallResult.Accepted(seamRequestId) : null;

    private static SeamCallResult? ReadAccessCode(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamAccessCodeResponse)?.AccessCode is { AccessCodeId: not null, DeviceId: not null } code
            ? new SeamCallResult.WithAccessCode(code, seamRequestId) : null;

    private static SeamCallResult? ReadDevice(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamDeviceResponse)?.Device is { DeviceId: not null } device
            ? new SeamCallResult.WithDevice(device, seamRequestId) : null;

    private static SeamCallResult? ReadBackupCode(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamBackupAccessCodeResponse) is { } answer
        && (answer.AccessCode ?? answer.BackupAccessCode) is { AccessCodeId: not null, DeviceId: not null } code
            ? new SeamCallResult.WithAccessCode(code, seamRequestId) : null;

    private static SeamCallResult? ReadListedCodes(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamListAccessCodesResponse) is { AccessCodes: { } codes } answer
            ? new SeamCallResult.ListedCodes([.. codes.OfType<SeamAccessCode>()], answer.Pagination is { HasNextPage: true } page ? page.NextPageCursor : null, seamRequestId)
            : null;

    private static SeamCallResult? ReadListed(ReadOnlySpan<byte> body, string? seamRequestId) =>
        JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamListCredentialsResponse) is { AcsCredentials: { } credentials } answer
            ? new SeamCallResult.Listed([.. credentials.OfType<SeamCredential>()], answer.Pagination is { HasNextPage: true } page ? page.NextPageCursor : null, seamRequestId)
            : null;

    /// <summary>
    /// A 2xx answer as <paramref name="readSuccess"/> makes it, or Unavailable when it cannot be read: an answer we
    /// cannot read is Seam's fault, and Seam may have acted.
    /// </summary>
    private SeamCallResult ReadAnswer(ReadOnlySpan<byte> body, string? seamRequestId, ReadSuccess readSuccess)
    {
        try
        {
            if (readSuccess(body, seamRequestId) is { } result)
                return result;
        }
        catch (JsonException)
        {
            // Falls through.
        }

        SeamLog.AnswerUnreadable(logger, seamRequestId);
        return new SeamCallResult.Unavailable("unreadable answer", seamRequestId);
    }

    private static SeamErrorBody? ReadError(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, SeamJsonContext.Default.SeamErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
