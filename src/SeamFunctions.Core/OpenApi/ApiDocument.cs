using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using SeamFunctions.Answers;
using SeamFunctions.Idempotency;
using SeamFunctions.Inbound;
using SeamFunctions.Validation;
using SeamFunctions.Commands;

namespace SeamFunctions.OpenApi;

/// <summary>
/// The adapter's API description as one <see cref="OpenApiDocument"/>, built from the code: request fields from
/// <see cref="RequestFields"/>, response schemas from the serializer's metadata of the answer types, statuses
/// from <see cref="Statuses"/>. Written by Microsoft.OpenApi as OpenAPI 3.0 for <c>/api/openapi.json</c> and as
/// Swagger 2.0 for the Power Platform connector; the library handles the dialects (nullable, body parameters).
/// </summary>
internal static class ApiDocument
{
    public const string Title = "SeamFunctions";
    public const string Version = "1.0";
    public const string OperationId = "CreateCredential";
    public const string PutOperationId = "PutCredential";
    public const string RevokeOperationId = "RevokeCredential";
    public const string GetOperationId = "GetCredential";
    public const string ListStaysOperationId = "ListStays";

    /// <summary>What each operation answers (every failure as problem details).</summary>
    public static readonly int[] CreateStatuses = [201, 202, 400, 401, 404, 409, 413, 415, 422, 429, 500, 502, 503, 504];
    public static readonly int[] PutStatuses = [200, 201, 202, 400, 404, 409, 413, 415, 422, 429, 500, 502, 503, 504];
    public static readonly int[] RevokeStatuses = [200, 202, 400, 404, 409, 413, 415, 429, 500, 502, 503, 504];
    public static readonly int[] GetStatuses = [200, 202, 400, 404, 409, 429, 500, 502, 503, 504];
    public static readonly int[] ListStatuses = [200, 400, 404, 500, 503];

    /// <summary>The connector's placeholder host; the real one is set when the connector is imported.</summary>
    public const string ConnectorServer = "https://your-function-app.azurewebsites.net/api";

    private const string FunctionKey = "api_key";

    /// <summary>Every status the API answers, with what it means. docs/api.md's error table is held to this.</summary>
    public static readonly (int Status, string Description)[] Statuses =
    [
        (200, "OK: the credential by reference (PUT that changed it or found it as asked, GET), or DELETE's revoked answer. stale: true when an older version changed nothing."),
        (201, "Created: the credential, normalized."),
        (202, "Accepted: the command is queued (Prefer: respond-async; a signed delivery Seam could not take yet; or a PUT/DELETE that took the place of a queued command whose reference still waits to be reconciled). Poll the Location header (GET by reference) until it answers something other than 202; Retry-After says when."),
        (400, "invalid_json or invalid_request: fix the body (see errors)."),
        (401, "missing_signature, invalid_signature or stale_timestamp (signed sources only)."),
        (404, "Seam does not know the ACS user, identity, system or lock (e.g. acs_user_not_found, device_not_found with device_id, else upstream_not_found); not_found for an unknown source; credential_not_found for an unknown reference."),
        (409, "idempotency_in_progress: a request with this key or reference is still running; retry after Retry-After."),
        (413, "payload_too_large: the body is over 64 KiB."),
        (415, "unsupported_media_type: send application/json."),
        (422, "upstream_rejected (Seam refused the request; on smart locks device_id names the lock, and no lock keeps a code), idempotency_key_reused, or unknown_unit (signed sources: a unit neither Units nor Devices lists)."),
        (429, "rate_limited: retry after Retry-After."),
        (500, "internal_error."),
        (502, "upstream_unavailable or upstream_auth_failed."),
        (503, "secret_unavailable or idempotency_store_unavailable: nothing was sent to Seam; retry later."),
        (504, "upstream_timeout: Seam did not answer in time; retry with the same idempotency key."),
    ];

    private static readonly Lazy<string> ServedJson = new(() => Write(Build("/api"), OpenApiSpecVersion.OpenApi3_0));

    /// <summary>OpenAPI 3.0, as served at <c>/api/openapi.json</c>: a relative server, resolved against the document's own address.</summary>
    public static string OpenApi3Json() => ServedJson.Value;

    /// <summary>Swagger 2.0 with the <c>x-ms-*</c> extensions, for the Power Platform custom connector.</summary>
    public static string Swagger2Json() => Write(Build(ConnectorServer), OpenApiSpecVersion.OpenApi2_0);

    public static string DescriptionOf(int status) => Statuses.Single(s => s.Status == status).Description;

    public static OpenApiDocument Build(string serverUrl)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = Title,
                Version = Version,
                Description = "Create door PINs and other access credentials through Seam, with one normalized answer. " +
                              "Retries with the same idempotency key never create a second credential.",
            },
            Servers = [new OpenApiServer { Url = serverUrl }],
            Paths = [],
            Components = new OpenApiComponents
            {
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [FunctionKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "x-functions-key" },
                },
            },
            Extensions = new Dictionary<string, IOpenApiExtension>
            {
                ["x-ms-connector-metadata"] = new JsonNodeExtension(new JsonArray(
                    new JsonObject { ["propertyName"] = "Website", ["propertyValue"] = "https://docs.seam.co" },
                    new JsonObject { ["propertyName"] = "Categories", ["propertyValue"] = "IT Operations;Productivity" })),
            },
        };
        document.Components.Schemas = ApiSchemas.All(document);
        document.Paths["/" + CredentialsEndpoint.Route] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = CreateCredential(document) },
        };
        document.Paths["/" + LifecycleEndpoint.Route] = ByReference(document);
        document.Paths["/" + StaysEndpoint.Route] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = ListStays(document) },
        };
        return document;
    }

    /// <summary>PUT, DELETE and GET by the caller's reference.</summary>
    private static OpenApiPathItem ByReference(OpenApiDocument document) =>
        new()
        {
            Parameters = [ReferenceParameter()],
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Put] = WithPrefer(Operation(document, PutOperationId, "Move or replace a PIN",
                    "Makes Seam hold this credential for your reference: creates it (201) the first time; afterwards changes the code or end in place, " +
                    "or replaces the credential when anything else changed (200, with replaced_acs_credential_id). The same body again changes nothing.",
                    nameof(AccessRequest), requestRequired: true, PutStatuses, status => status is 200 or 201 ? nameof(CredentialEnvelope) : Queued(status))),
                [HttpMethod.Delete] = WithPrefer(Operation(document, RevokeOperationId, "Revoke a PIN",
                    "Deletes the credential of this reference in Seam, so the PIN stops working. Again: the same answer, Seam is not asked twice.",
                    "RevokeCredentialRequest", requestRequired: false, RevokeStatuses, status => status == 200 ? nameof(RevokedAnswer) : Queued(status))),
                [HttpMethod.Get] = Operation(document, GetOperationId, "Get a PIN's status",
                    "The credential of this reference as Seam has it now: poll until credential.status is issued. A revoked one says revoked.",
                    requestSchema: null, requestRequired: false, GetStatuses, status => status switch
                    {
                        200 => nameof(CredentialEnvelope),
                        202 => nameof(QueuedStatusAnswer),
                        _ => null,
                    }),
            },
        };

    private static string? Queued(int status) => status == 202 ? nameof(QueuedAnswer) : null;

    private static OpenApiOperation WithPrefer(OpenApiOperation operation)
    {
        operation.Parameters = [PreferHeader()];
        return operation;
    }

    private static OpenApiOperation CreateCredential(OpenApiDocument document)
    {
        var operation = Operation(document, OperationId, "Create credential",
            "Creates an access credential (a PIN code by default) for an ACS user in Seam and answers with the normalized credential. " +
            "With a reference, the same request again replays the answer; PUT, DELETE and GET by that reference manage it afterwards.",
            nameof(AccessRequest), requestRequired: true, CreateStatuses, status => status == 201 ? nameof(CredentialEnvelope) : Queued(status));
        operation.Parameters = [IdempotencyHeader(), PreferHeader()];
        return operation;
    }

    private static OpenApiOperation ListStays(OpenApiDocument document)
    {
        var operation = Operation(document, ListStaysOperationId, "List upcoming stays",
            "Your stays that overlap a window (by default 12 hours ago to 48 hours ahead), by start, with each door's state and whether the guest " +
            "will get in; from the adapter's records, without a PIN or guest details. Filter by status; page with continuation.",
            requestSchema: null, requestRequired: false, ListStatuses, status => status == 200 ? nameof(StaysAnswer) : null);
        operation.Parameters =
        [
            Query("from", "From", "The window's start (ISO 8601 with Z or an offset); default 12 hours ago.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }),
            Query("to", "To", "The window's end, at most 31 days after from; default 48 hours ahead.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }),
            Query("status", "Status", "Only stays in these states (comma-separated): issued, pending, failed, at_risk, queued, revoked.", new OpenApiSchema { Type = JsonSchemaType.String }),
            Query("limit", "Limit", "Stays per page, 1 to 200 (default 50).", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "200" }),
            Query("continuation", "Continuation", "The previous page's continuation, for the next page.", new OpenApiSchema { Type = JsonSchemaType.String }),
            Query("source", "Source", "A webhook source's stays (a PMS's) instead of your own.", new OpenApiSchema { Type = JsonSchemaType.String }),
        ];
        return operation;
    }

    private static OpenApiParameter Query(string name, string summary, string description, OpenApiSchema schema) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = false,
        Description = description,
        Schema = schema,
        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-summary"] = Text(summary) },
    };

    private static OpenApiParameter PreferHeader() => new()
    {
        Name = "Prefer",
        In = ParameterLocation.Header,
        Required = false,
        Description = "respond-async: queue the command and answer 202 at once (with a reference); poll Location for the outcome.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(Inbound.Preferences.RespondAsyncToken)] },
        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-summary"] = Text("Respond asynchronously"), ["x-ms-visibility"] = Text("advanced") },
    };

    private static OpenApiParameter IdempotencyHeader() => new()
    {
        Name = IdempotencyKey.Header,
        In = ParameterLocation.Header,
        Required = false,
        Description = "Makes retries safe: the same key with the same request answers the first result again. Use the booking id.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKey.MaxLength },
        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-summary"] = Text("Idempotency key"), ["x-ms-visibility"] = Text("advanced") },
    };

    /// <summary>An operation by reference: a few lines each, the rest is shared.</summary>
    private static OpenApiOperation Operation(
        OpenApiDocument document, string id, string summary, string description, string? requestSchema, bool requestRequired,
        int[] statuses, Func<int, string?> success) => new()
    {
        OperationId = id,
        Summary = summary,
        Description = description,
        Extensions = Visibility("important"),
        RequestBody = requestSchema is null ? null : new OpenApiRequestBody
        {
            Required = requestRequired,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(requestSchema, document) },
            },
            Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-summary"] = Text(requestRequired ? "Credential" : "Options") },
        },
        Responses = Responses(document, statuses, success),
        Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(FunctionKey, document)] = [] }],
    };

    private static OpenApiParameter ReferenceParameter() => new()
    {
        Name = "reference",
        In = ParameterLocation.Path,
        Required = true,
        Description = "Your reference for the credential (e.g. the booking id): " + Lifecycle.CredentialReference.Rule + ".",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9._~:-]{1,200}$", MaxLength = Lifecycle.CredentialReference.MaxLength },
        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-summary"] = Text("Reference") },
    };

    /// <summary>One response per status: the success schema where <paramref name="success"/> names one, problem details for the rest.</summary>
    private static OpenApiResponses Responses(OpenApiDocument document, int[] statuses, Func<int, string?> success)
    {
        var responses = new OpenApiResponses();
        foreach (var status in statuses)
        {
            var schema = success(status);
            responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = DescriptionOf(status),
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [schema is not null ? "application/json" : "application/problem+json"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchemaReference(schema ?? nameof(ProblemAnswer), document),
                        Example = schema switch
                        {
                            nameof(QueuedAnswer) or nameof(QueuedStatusAnswer) => Examples.Queued(schema),
                            nameof(RevokedAnswer) => Examples.Revoked(),
                            nameof(CredentialEnvelope) => Examples.Created(),
                            nameof(StaysAnswer) => Examples.Stays(),
                            _ => Examples.Problem(status),
                        },
                    },
                },
            };
        }

        return responses;
    }

    private static Dictionary<string, IOpenApiExtension> Visibility(string visibility) => new() { ["x-ms-visibility"] = Text(visibility) };

    internal static JsonNodeExtension Text(string value) => new(JsonValue.Create(value));

    private static string Write(OpenApiDocument document, OpenApiSpecVersion version)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAs(version, new OpenApiJsonWriter(text));
        return text.ToString();
    }
}
