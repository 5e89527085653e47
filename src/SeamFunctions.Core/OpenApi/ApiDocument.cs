using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SeamFunctions.Answers;
using SeamFunctions.Idempotency;
using SeamFunctions.Inbound;

namespace SeamFunctions.OpenApi;

/// <summary>
/// The adapter's own API description, built from the code: request fields from <see cref="RequestFields"/>,
/// response schemas from the serializer's metadata of the answer types, statuses from the error table.
/// Served as OpenAPI 3.0 at <c>/api/openapi.json</c>; written as Swagger 2.0 for the Power Platform connector.
/// </summary>
internal static class ApiDocument
{
    public const string Title = "SeamFunctions";
    public const string Version = "1.0";
    public const string OperationId = "CreateCredential";

    /// <summary>Every status the operation answers, with what it means.</summary>
    public static readonly (int Status, string Description)[] Statuses =
    [
        (201, "Created: the credential, normalized."),
        (400, "invalid_json or invalid_request: fix the body (see errors)."),
        (401, "missing_signature, invalid_signature or stale_timestamp (signed sources only)."),
        (404, "Seam does not know the ACS user, identity or system (e.g. acs_user_not_found)."),
        (409, "idempotency_in_progress: a request with this key is still running; retry after Retry-After."),
        (413, "payload_too_large: the body is over 64 KiB."),
        (415, "unsupported_media_type: send application/json."),
        (422, "upstream_rejected (Seam refused the request) or idempotency_key_reused."),
        (429, "rate_limited: retry after Retry-After."),
        (500, "internal_error."),
        (502, "upstream_unavailable or upstream_auth_failed."),
        (503, "secret_unavailable or idempotency_store_unavailable: nothing was sent to Seam; retry later."),
        (504, "upstream_timeout: Seam did not answer in time; retry with the same idempotency key."),
    ];

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["ok"] = "true on success, false on failure.",
        ["credential"] = "The credential Seam created.",
        ["reference"] = "Your reference, echoed.",
        ["request_id"] = "This adapter's id of the request (also the x-request-id header).",
        ["seam_request_id"] = "Seam's id of its answer, for Seam support.",
        ["acs_credential_id"] = "The credential's id in Seam.",
        ["acs_user_id"] = "The ACS user who holds the credential.",
        ["code"] = "The PIN that works (Seam's, should it have changed the requested one).",
        ["acs_system_id"] = "The access system.",
        ["external_type"] = "The access system's kind of credential.",
        ["external_type_display_name"] = "That kind, for people.",
        ["workspace_id"] = "The Seam workspace.",
        ["created_at"] = "When Seam created it.",
        ["access_method"] = "code, card, mobile_key or cloud_key.",
        ["display_name"] = "Seam's name for the credential.",
        ["starts_at"] = "When it starts working.",
        ["ends_at"] = "When it stops working.",
        ["is_issued"] = "Whether the credential has been issued (cards, mobile keys).",
        ["issued_at"] = "When it was issued.",
        ["warnings"] = "Seam's warnings, as {code, message}.",
        ["errors"] = "On a failure: field -> messages. On a credential: Seam's errors, as {code, message}.",
        ["status"] = "issued, pending or failed: what a flow can branch on.",
        ["message"] = "For people.",
        ["NoticeAnswer.code"] = "The warning's or error's code, e.g. waiting_to_be_issued.",
        ["type"] = "A URI naming the problem type.",
        ["title"] = "A short summary of the problem.",
        ["detail"] = "What happened and what to do.",
        ["retryable"] = "Whether sending the same request again can succeed.",
        ["seam_error_type"] = "Seam's error type, when Seam refused.",
    };

    /// <summary>OpenAPI 3.0.3, as served at <c>/api/openapi.json</c>.</summary>
    public static JsonObject OpenApi3() => new()
    {
        ["openapi"] = "3.0.3",
        ["info"] = Info(),
        ["servers"] = new JsonArray(new JsonObject { ["url"] = "/api" }),
        ["paths"] = new JsonObject
        {
            ["/" + CredentialsEndpoint.Route] = new JsonObject
            {
                ["post"] = Operation(
                    parameters: [IdempotencyHeader(openApi3: true)],
                    requestBody: new JsonObject
                    {
                        ["required"] = true,
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("#/components/schemas/CreateCredentialRequest") } },
                    },
                    responses: Responses(status => new JsonObject
                    {
                        ["description"] = DescriptionOf(status),
                        ["content"] = new JsonObject
                        {
                            [status == 201 ? "application/json" : "application/problem+json"] = new JsonObject
                            {
                                ["schema"] = Ref(status == 201 ? "#/components/schemas/CreatedAnswer" : "#/components/schemas/ProblemAnswer"),
                            },
                        },
                    }),
                    security: new JsonArray(new JsonObject { ["function_key"] = new JsonArray() })),
            },
        },
        ["components"] = new JsonObject
        {
            ["schemas"] = Schemas("#/components/schemas/", nullable: "nullable"),
            ["securitySchemes"] = new JsonObject
            {
                ["function_key"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" },
            },
        },
    };

    /// <summary>Swagger 2.0 for the Power Platform custom connector; the host is set at import.</summary>
    public static JsonObject Swagger2() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = Info(),
        ["host"] = "your-function-app.azurewebsites.net",
        ["basePath"] = "/api",
        ["schemes"] = new JsonArray("https"),
        ["consumes"] = new JsonArray("application/json"),
        ["produces"] = new JsonArray("application/json", "application/problem+json"),
        ["paths"] = new JsonObject
        {
            ["/" + CredentialsEndpoint.Route] = new JsonObject
            {
                ["post"] = Operation(
                    parameters:
                    [
                        new JsonObject
                        {
                            ["name"] = "body",
                            ["in"] = "body",
                            ["required"] = true,
                            ["schema"] = Ref("#/definitions/CreateCredentialRequest"),
                            ["x-ms-summary"] = "Credential",
                        },
                        IdempotencyHeader(openApi3: false),
                    ],
                    requestBody: null,
                    responses: Responses(status => new JsonObject
                    {
                        ["description"] = DescriptionOf(status),
                        ["schema"] = Ref(status == 201 ? "#/definitions/CreatedAnswer" : "#/definitions/ProblemAnswer"),
                        ["examples"] = new JsonObject { ["application/json"] = status == 201 ? Examples.Created() : Examples.Problem(status) },
                    }),
                    security: new JsonArray(new JsonObject { ["api_key"] = new JsonArray() })),
            },
        },
        ["definitions"] = Schemas("#/definitions/", nullable: "x-nullable"),
        ["securityDefinitions"] = new JsonObject
        {
            ["api_key"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" },
        },
        ["x-ms-connector-metadata"] = new JsonArray(
            new JsonObject { ["propertyName"] = "Website", ["propertyValue"] = "https://docs.seam.co" },
            new JsonObject { ["propertyName"] = "Categories", ["propertyValue"] = "IT Operations;Productivity" }),
    };

    public static string DescriptionOf(int status) => Statuses.Single(s => s.Status == status).Description;

    private static JsonObject Info() => new()
    {
        ["title"] = Title,
        ["version"] = Version,
        ["description"] = "Create door PINs and other access credentials through Seam, with one normalized answer. " +
                          "Retries with the same idempotency key never create a second credential.",
    };

    private static JsonObject Operation(JsonNode[] parameters, JsonObject? requestBody, JsonObject responses, JsonArray security)
    {
        var operation = new JsonObject
        {
            ["operationId"] = OperationId,
            ["summary"] = "Create credential",
            ["description"] = "Creates an access credential (a PIN code by default) for an ACS user in Seam and answers with the normalized credential.",
            ["x-ms-visibility"] = "important",
            ["parameters"] = new JsonArray(parameters),
        };
        if (requestBody is not null)
            operation["requestBody"] = requestBody;
        operation["responses"] = responses;
        operation["security"] = security;
        return operation;
    }

    private static JsonObject IdempotencyHeader(bool openApi3)
    {
        var header = new JsonObject
        {
            ["name"] = IdempotencyKey.Header,
            ["in"] = "header",
            ["required"] = false,
            ["description"] = "Makes retries safe: the same key with the same request answers the first result again. Use the booking id.",
            ["x-ms-summary"] = "Idempotency key",
            ["x-ms-visibility"] = "advanced",
        };
        if (openApi3)
            header["schema"] = new JsonObject { ["type"] = "string", ["maxLength"] = IdempotencyKey.MaxLength };
        else
        {
            header["type"] = "string";
            header["maxLength"] = IdempotencyKey.MaxLength;
        }

        return header;
    }

    private static JsonObject Responses(Func<int, JsonObject> response)
    {
        var responses = new JsonObject();
        foreach (var (status, _) in Statuses)
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response(status);
        return responses;
    }

    private static JsonObject Ref(string target) => new() { ["$ref"] = target };

    private static JsonObject Schemas(string refPrefix, string nullable)
    {
        var request = new JsonObject();
        foreach (var field in RequestFields.All)
        {
            var property = new JsonObject
            {
                ["type"] = field.Type,
                ["description"] = field.Description,
                ["x-ms-summary"] = field.Summary,
                ["x-ms-visibility"] = field.Important ? "important" : "advanced",
            };
            if (field.Type == "array")
                property["items"] = new JsonObject { ["type"] = "string", ["format"] = field.Format };
            else if (field.Format is not null)
                property["format"] = field.Format;
            if (field.Enum is not null)
                property["enum"] = new JsonArray([.. field.Enum.Select(e => (JsonNode)e)]);
            if (field.Example is not null)
                property["example"] = field.Example;
            if (field.Name == Validation.FieldNames.Code)
                property["pattern"] = "^[0-9]+$";
            if (field.Name == Validation.FieldNames.Reference)
                property["maxLength"] = Validation.CreateCredentialRequestParser.MaxReferenceLength;
            request[field.Name] = property;
        }

        return new JsonObject
        {
            ["CreateCredentialRequest"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Give acs_user_id (or user_identity_id with acs_system_id) and, for a PIN, code. Unknown fields are ignored.",
                ["properties"] = request,
            },
            ["CreatedAnswer"] = SchemaOf(AnswerJsonContext.Default.CreatedAnswer, refPrefix, nullable),
            ["CredentialAnswer"] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(CredentialAnswer))!, refPrefix, nullable),
            ["NoticeAnswer"] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(NoticeAnswer))!, refPrefix, nullable),
            ["ProblemAnswer"] = SchemaOf(AnswerJsonContext.Default.ProblemAnswer, refPrefix, nullable),
        };
    }

    /// <summary>A schema from the serializer's own metadata: the names and types that really go on the wire.</summary>
    private static JsonObject SchemaOf(JsonTypeInfo type, string refPrefix, string nullable)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.Properties)
        {
            var schema = TypeSchema(property.PropertyType, refPrefix, property.Name);
            if (Descriptions.TryGetValue($"{type.Type.Name}.{property.Name}", out var description)
                || Descriptions.TryGetValue(property.Name, out description))
                schema["description"] = description;
            // The serializer knows the nullable annotations: string? may be null, string may not.
            if (property.IsGetNullable)
                schema[nullable] = true;
            else
                required.Add(property.Name);
            properties[property.Name] = schema;
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
    }

    private static JsonObject TypeSchema(Type type, string refPrefix, string name)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return new JsonObject { ["type"] = "string" };
        if (type == typeof(bool))
            return new JsonObject { ["type"] = "boolean" };
        if (type == typeof(int))
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        if (type == typeof(CredentialAnswer))
            return Ref(refPrefix + nameof(CredentialAnswer));
        if (type == typeof(IReadOnlyList<NoticeAnswer>))
            return new JsonObject { ["type"] = "array", ["items"] = Ref(refPrefix + nameof(NoticeAnswer)) };
        if (type == typeof(IReadOnlyDictionary<string, string[]>))
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } } };
        throw new NotSupportedException($"No schema for {type.Name} ({name}): describe it in ApiDocument.");
    }
}
