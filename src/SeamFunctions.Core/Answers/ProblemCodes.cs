namespace SeamFunctions.Answers;

/// <summary>The stable machine codes of every failure. Flows branch on these; never rename one.</summary>
internal static class ProblemCodes
{
    public const string InvalidJson = "invalid_json";
    public const string InvalidRequest = "invalid_request";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UpstreamNotFound = "upstream_not_found";
    public const string UpstreamRejected = "upstream_rejected";
    public const string RateLimited = "rate_limited";
    public const string UpstreamAuthFailed = "upstream_auth_failed";
    public const string UpstreamUnavailable = "upstream_unavailable";
    public const string UpstreamTimeout = "upstream_timeout";
    public const string SecretUnavailable = "secret_unavailable";
    public const string InternalError = "internal_error";
    public const string NotFound = "not_found";
    public const string InvalidSignature = "invalid_signature";
    public const string MissingSignature = "missing_signature";
    public const string StaleTimestamp = "stale_timestamp";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyInProgress = "idempotency_in_progress";
    public const string IdempotencyStoreUnavailable = "idempotency_store_unavailable";
    public const string CredentialNotFound = "credential_not_found";
    public const string UnknownUnit = "unknown_unit";

    public const string TypePrefix = "urn:seamfunctions:problem:";
}
