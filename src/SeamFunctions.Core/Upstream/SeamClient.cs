using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using SeamFunctions.Secrets;

namespace SeamFunctions.Upstream;

/// <summary>
/// Typed client for Seam Connect. It sends one create, and sends it again only where Seam surely did not act:
/// after a 401/403 with a key that was read again and changed (rotation). Connection failures before sending are
/// retried by the resilience handler (see <see cref="SeamHttpClientRegistration"/>); nothing else is.
/// </summary>
internal sealed class SeamClient(HttpClient http, SecretCache keys, TimeProvider time, ILogger<SeamClient> logger)
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
    public const string RequestIdHeader = "seam-request-id";

    /// <summary>The diagnostic source of Seam calls: one span per operation, as each Azure SDK operation is one named scope.</summary>
    public const string ActivitySourceName = "SeamFunctions.Seam";

    private static readonly ActivitySource Diagnostics = new(ActivitySourceName);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task<SeamCallResult> CreateCredentialAsync(SeamCreateCredentialBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.CreateCredential", CreateCredentialPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamCreateCredentialBody),
            ReadCreatedAsync, cancellationToken);

    public Task<SeamCallResult> ListCredentialsAsync(SeamListCredentialsBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.ListCredentials", ListCredentialsPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamListCredentialsBody),
            ReadListedAsync, cancellationToken);

    /// <summary>The credential as Seam has it now (fresh <c>is_issued</c>, warnings, errors).</summary>
    public Task<SeamCallResult> GetCredentialAsync(string acsCredentialId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.GetCredential", GetCredentialPath, JsonSerializer.SerializeToUtf8Bytes(new SeamCredentialIdBody { AcsCredentialId = acsCredentialId }, SeamJsonContext.Default.SeamCredentialIdBody),
            ReadCreatedAsync, cancellationToken);

    /// <summary>Changes <c>code</c> and/or <c>ends_at</c>; safe to repeat.</summary>
    public Task<SeamCallResult> UpdateCredentialAsync(SeamUpdateCredentialBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.UpdateCredential", UpdateCredentialPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamUpdateCredentialBody),
            ReadCreatedAsync, cancellationToken);

    /// <summary>Deletes the credential; safe to repeat (a second delete is Seam's 404).</summary>
    public Task<SeamCallResult> DeleteCredentialAsync(string acsCredentialId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.DeleteCredential", DeleteCredentialPath, JsonSerializer.SerializeToUtf8Bytes(new SeamCredentialIdBody { AcsCredentialId = acsCredentialId }, SeamJsonContext.Default.SeamCredentialIdBody),
            ReadAcceptedAsync, cancellationToken);

    /// <summary>The user identity with this key (a PMS's own guest id).</summary>
    public Task<SeamCallResult> GetUserIdentityAsync(string userIdentityKey, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.GetUserIdentity", GetUserIdentityPath, JsonSerializer.SerializeToUtf8Bytes(new SeamUserIdentityKeyBody { UserIdentityKey = userIdentityKey }, SeamJsonContext.Default.SeamUserIdentityKeyBody),
            ReadIdentityAsync, cancellationToken);

    /// <summary>A new user identity; Seam refuses a second one with the same key.</summary>
    public Task<SeamCallResult> CreateUserIdentityAsync(SeamCreateUserIdentityBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.CreateUserIdentity", CreateUserIdentityPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamCreateUserIdentityBody),
            ReadIdentityAsync, cancellationToken);

    /// <summary>
    /// One operation, as one client span named <paramref name="operation"/> with its outcome and <c>seam_request_id</c>
    /// as tags (never a body, so never a PIN or a key).
    /// </summary>
    private async Task<SeamCallResult> CallAsync(string operation, string path, byte[] payload, ReadSuccess readSuccess, CancellationToken cancellationToken)
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
        activity.SetTag("server.address", http.BaseAddress?.Host);
        activity.SetTag("server.port", http.BaseAddress?.Port);
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
            ReadAccessCodeAsync, cancellationToken);

    /// <summary>The access code as Seam has it now (fresh <c>status</c>, warnings, errors).</summary>
    public Task<SeamCallResult> GetAccessCodeAsync(string accessCodeId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.GetAccessCode", GetAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(new SeamAccessCodeIdBody { AccessCodeId = accessCodeId }, SeamJsonContext.Default.SeamAccessCodeIdBody),
            ReadAccessCodeAsync, cancellationToken);

    /// <summary>Changes code, name or times of an access code; safe to repeat. Seam answers without the code.</summary>
    public Task<SeamCallResult> UpdateAccessCodeAsync(SeamUpdateAccessCodeBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.UpdateAccessCode", UpdateAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamUpdateAccessCodeBody),
            ReadAcceptedAsync, cancellationToken);

    /// <summary>Deletes an access code; safe to repeat (a second delete is Seam's 404).</summary>
    public Task<SeamCallResult> DeleteAccessCodeAsync(string accessCodeId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.DeleteAccessCode", DeleteAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(new SeamAccessCodeIdBody { AccessCodeId = accessCodeId }, SeamJsonContext.Default.SeamAccessCodeIdBody),
            ReadAcceptedAsync, cancellationToken);

    /// <summary>
    /// A backup code from the device's pool for a code that failed to set (its own PIN, already on the lock). Seam
    /// answers the same backup for the same code again, so a retry never takes a second one.
    /// </summary>
    public Task<SeamCallResult> PullBackupAccessCodeAsync(string accessCodeId, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.PullBackupAccessCode", PullBackupAccessCodePath, JsonSerializer.SerializeToUtf8Bytes(new SeamAccessCodeIdBody { AccessCodeId = accessCodeId }, SeamJsonContext.Default.SeamAccessCodeIdBody),
            ReadBackupCodeAsync, cancellationToken);

    public Task<SeamCallResult> ListAccessCodesAsync(SeamListAccessCodesBody body, CancellationToken cancellationToken) =>
        CallAsync("SeamClient.ListAccessCodes", ListAccessCodesPath, JsonSerializer.SerializeToUtf8Bytes(body, SeamJsonContext.Default.SeamListAccessCodesBody),
            ReadListedCodesAsync, cancellationToken);

    /// <summary>One call, sent again only after a refused key that re-reading replaced (Seam did not act on it).</summary>
    private async Task<SeamCallResult> CallOnceOrRotatedAsync(string path, byte[] payload, ReadSuccess readSuccess, CancellationToken cancellationToken)
    {
        var key = await keys.GetAsync(cancellationToken);
        var result = await SendAsync(path, key, payload, readSuccess, cancellationToken);
        if (result is not SeamCallResult.AuthFailed refused)
            return result;

        var reread = await keys.ReloadAfterRejectionAsync(key, cancellationToken);
        if (string.Equals(reread, key, StringComparison.Ordinal))
        {
            SeamLog.RejectedKey(logger, refused.Status, refused.SeamRequestId, keyChanged: false);
            return refused;
        }

        SeamLog.RejectedKey(logger, refused.Status, refused.SeamRequestId, keyChanged: true);
        return await SendAsync(path, reread, payload, readSuccess, cancellationToken);
    }

    private delegate Task<SeamCallResult> ReadSuccess(HttpResponseMessage response, string? seamRequestId, CancellationToken cancellationToken);

    private async Task<SeamCallResult> SendAsync(string path, string key, byte[] payload, ReadSuccess readSuccess, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Content = new ByteArrayContent(payload) { Headers = { ContentType = Json } };

        var started = time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            SeamLog.TimedOut(logger, time.GetElapsedTime(started).TotalMilliseconds);
            return new SeamCallResult.TimedOut();
        }
        catch (HttpRequestException e)
        {
            SeamLog.Unreachable(logger, e.HttpRequestError, time.GetElapsedTime(started).TotalMilliseconds);
            return new SeamCallResult.Unavailable("unreachable", null, SeamMayHaveActed: !SeamResilienceHandler.NeverReachedSeam(e));
        }

        using (response)
        {
            var seamRequestId = response.Headers.TryGetValues(RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            var elapsedMs = time.GetElapsedTime(started).TotalMilliseconds;
            SeamLog.Answered(logger, (int)response.StatusCode, seamRequestId, elapsedMs);
            return await ReadAsync(response, seamRequestId, readSuccess, cancellationToken);
        }
    }

    /// <summary>What Seam's answer says, by its status.</summary>
    private static async Task<SeamCallResult> ReadAsync(HttpResponseMessage response, string? seamRequestId, ReadSuccess readSuccess, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.OK or HttpStatusCode.Created => await readSuccess(response, seamRequestId, cancellationToken),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new SeamCallResult.AuthFailed(status, seamRequestId),
            HttpStatusCode.TooManyRequests => new SeamCallResult.RateLimited(RetryAfter(response), seamRequestId),
            >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError =>
                new SeamCallResult.Rejected(status, await ReadErrorAsync(response, cancellationToken), seamRequestId),
            _ => new SeamCallResult.Unavailable($"status {status}", seamRequestId),
        };
    }

    private Task<SeamCallResult> ReadCreatedAsync(HttpResponseMessage response, string? seamRequestId, CancellationToken cancellationToken) =>
        ReadAnswerAsync(response, SeamJsonContext.Default.SeamCreateCredentialResponse, seamRequestId,
            answer => answer?.AcsCredential is { AcsCredentialId: not null } credential ? new SeamCallResult.WithCredential(credential, seamRequestId) : null,
            cancellationToken);

    private Task<SeamCallResult> ReadIdentityAsync(HttpResponseMessage response, string? seamRequestId, CancellationToken cancellationToken) =>
        ReadAnswerAsync(response, SeamJsonContext.Default.SeamUserIdentityResponse, seamRequestId,
            answer => Guid.TryParse(answer?.UserIdentity?.UserIdentityId, out var id) ? new SeamCallResult.Identity(id, seamRequestId) : null,
            cancellationToken);

    private Task<SeamCallResult> ReadAcceptedAsync(HttpResponseMessage response, string? seamRequestId, CancellationToken cancellationToken) =>
        ReadAnswerAsync(response, SeamJsonContext.Default.SeamOkResponse, seamRequestId,
            answer => answer is { Ok: true } ? new SeamCallResult.Accepted(seamRequestId) : null,
            cancellationToken);

    private Task<SeamCallResult> ReadAccessCodeAsync(HttpResponseMessage response, string? seamRequestId, CancellationToken cancellationToken) =>
        ReadAnswerAsync(response, SeamJsonContext.Default.SeamAccessCodeResponse, seamRequestId,
            answer => answer?.AccessCode is { AccessCodeId: not null, DeviceId: not null } code ? new SeamCallResult.WithAccessCode(code, seamRequestId) : null,
            cancellationToken);

    private Task<SeamCallResult> ReadBackupCodeAsync(HttpResponseMessage response, string? seamRequestId, CancellationToken cancellationToken) =>
        ReadAnswerAsync(response, SeamJsonContext.Default.SeamBackupAccessCodeResponse, seamRequestId,
            answer => (answer?.AccessCode ?? answer?.BackupAccessCode) is { AccessCodeId: not null, DeviceId: not null } code ? new SeamCallResult.WithAccessCode(code, seamRequestId) : null,
            cancellationToken);

    private Task<SeamCallResult> ReadListedCodesAsync(HttpResponseMessage response, string? seamRequestId, CancellationToken cancellationToken) =>
        ReadAnswerAsync(response, SeamJsonContext.Default.SeamListAccessCodesResponse, seamRequestId,
            answer => answer?.AccessCodes is { } codes
                ? new SeamCallResult.ListedCodes([.. codes.OfType<SeamAccessCode>()], answer.Pagination is { HasNextPage: true } page ? page.NextPageCursor : null, seamRequestId)
                : null,
            cancellationToken);

    private Task<SeamCallResult> ReadListedAsync(HttpResponseMessage response, string? seamRequestId, CancellationToken cancellationToken) =>
        ReadAnswerAsync(response, SeamJsonContext.Default.SeamListCredentialsResponse, seamRequestId,
            answer => answer?.AcsCredentials is { } credentials
                ? new SeamCallResult.Listed([.. credentials.OfType<SeamCredential>()], answer.Pagination is { HasNextPage: true } page ? page.NextPageCursor : null, seamRequestId)
                : null,
            cancellationToken);

    /// <summary>
    /// A 2xx answer as <paramref name="take"/> makes it, or Unavailable when it cannot be read: an answer we cannot
    /// read is Seam's fault, and Seam may have acted.
    /// </summary>
    private async Task<SeamCallResult> ReadAnswerAsync<T>(
        HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string? seamRequestId,
        Func<T?, SeamCallResult?> take, CancellationToken cancellationToken)
    {
        try
        {
            if (take(await ReadJsonAsync(response, type, cancellationToken)) is { } result)
                return result;
        }
        catch (JsonException)
        {
            // Falls through.
        }

        SeamLog.AnswerUnreadable(logger, seamRequestId);
        return new SeamCallResult.Unavailable("unreadable answer", seamRequestId);
    }

    private static async Task<SeamErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = await ReadJsonAsync(response, SeamJsonContext.Default.SeamErrorEnvelope, cancellationToken);
            return envelope?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The answer is already buffered (ResponseContentRead, at most 1 MiB): read it in one synchronous pass over
    /// the buffer instead of through the serializer's resumable async path.
    /// </summary>
    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return stream is MemoryStream buffered && buffered.TryGetBuffer(out var bytes)
            ? JsonSerializer.Deserialize(bytes.AsSpan((int)buffered.Position), type)
            : await JsonSerializer.DeserializeAsync(stream, type, cancellationToken);
    }

    private static string? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => ((long)Math.Ceiling(delta.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        { Date: { } date } => date.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
