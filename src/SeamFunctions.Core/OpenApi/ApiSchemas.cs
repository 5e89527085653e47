using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Validation;

namespace SeamFunctions.OpenApi;

/// <summary>
/// The schemas of the API description: the request as <see cref="RequestFields"/> describes it for people, and the
/// answers from the serializer's own metadata (the names and types that really go on the wire).
/// </summary>
internal static class ApiSchemas
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["ok"] = "true on success, false on failure.",
        ["credential"] = "The access Seam holds for you: an ACS credential (kind acs_credential) or one PIN as access codes on smart locks (kind access_code).",
        ["kind"] = "acs_credential (an access system's credential), access_code (one PIN on smart locks, see access_codes) or access_grant (Seam's access grant, see access_methods).",
        ["access_grant_id"] = "access_grant: the grant's id in Seam.",
        ["access_methods"] = "access_grant: each way in, with mode (code or mobile_key), is_issued, issued_at, and code or instant_key_url.",
        ["access_method_id"] = "The access method's id in Seam.",
        ["mode"] = "code (a PIN) or mobile_key (a phone key).",
        ["instant_key_url"] = "mobile_key: the link that opens the guest's phone key. A credential: hand it to the guest only.",
        ["grant_warnings"] = "access_grant: the grant's own warnings (warnings holds these and its methods').",
        ["grant_errors"] = "access_grant: the grant's own errors (errors holds these and its methods').",
        ["AccessMethodAnswer.code"] = "mode code: the PIN.",
        ["AccessMethodAnswer.is_issued"] = "Whether Seam has issued it (a PIN on every door, a phone key ready).",
        ["name"] = "access_code: what the locks' apps show for the code (your reference unless you gave a name).",
        ["access_codes"] = "access_code: one entry per lock, with Seam's own status (setting, set, unset, removing, unknown).",
        ["access_code_id"] = "The access code's id in Seam.",
        ["last_event"] = "The last of Seam's events applied to it (from Seam's webhooks), if any.",
        ["first_used_at"] = "When the guest first opened a door with this access (Seam's lock.unlocked); absent until then.",
        ["last_used_at"] = "When a door was last opened with this access.",
        ["readiness"] = "Whether the guest will get in, as last decided from Seam's events about the locks and codes: ready, the reasons if not, checked_at.",
        ["ready"] = "Nothing is in the way: every door's lock is online with a good battery and no code was lost.",
        ["reasons"] = "What would keep the guest out, per door: lock_offline, lock_low_battery, lock_flaky, lock_removed, code_not_set, code_removed.",
        ["checked_at"] = "When readiness was last decided (the time of Seam's event that changed it).",
        ["online"] = "Whether this door's lock is online, as Seam last said (absent until it said).",
        ["battery_level"] = "This door's lock's battery, 0 to 1, as Seam last said.",
        ["event_type"] = "Seam's event type, e.g. access_code.set_on_device.",
        ["occurred_at"] = "When it happened, by Seam.",
        ["device_id"] = "The lock (Seam device id). On a failure: the lock that refused the PIN (the other doors were rolled back).",
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
        ["status"] = "issued, pending, failed or revoked: what a flow can branch on. access_code: failed when any lock's code lists errors, issued when every lock's code is set, else pending.",
        ["AccessCodeAnswer.status"] = "Seam's status of this lock's code: setting, set, unset, removing or unknown.",
        ["replaced_acs_credential_id"] = "PUT that replaced the credential: the one it deleted.",
        ["stale"] = "true when this request's version was older than the last applied: nothing changed.",
        ["message"] = "For people.",
        ["NoticeAnswer.code"] = "The warning's or error's code, e.g. waiting_to_be_issued.",
        ["type"] = "A URI naming the problem type.",
        ["title"] = "A short summary of the problem.",
        ["detail"] = "What happened and what to do.",
        ["retryable"] = "Whether sending the same request again can succeed.",
        ["seam_error_type"] = "Seam's error type, when Seam refused.",
        ["queued"] = "true: the command waits in the queue; poll the Location header until it answers something other than 202.",
        ["attempts"] = "How many times the queued command has run so far.",
        ["next_attempt_at"] = "When it runs next.",
        ["last_error"] = "The problem code its last run ended in (e.g. upstream_unavailable), if it has run.",
        ["QueuedErrorAnswer.code"] = "The problem code, as in problem answers.",
        ["from"] = "The window's start: stays that end after it are listed.",
        ["to"] = "The window's end: stays that start before it are listed.",
        ["stays"] = "The stays in the window, by starts_at. No PIN, no guest details.",
        ["continuation"] = "Pass it as continuation for the next page; null on the last page.",
        ["source"] = "The webhook source (PMS) whose deliveries made the stay; null for your own.",
        ["StayAnswer.name"] = "The name the locks' apps show for the code (your reference unless you gave a name).",
        ["StayAnswer.status"] = "issued, pending, failed or revoked: the stay's access as a whole.",
        ["StayAnswer.queued"] = "A command for the stay waiting in the queue (Seam was down, or you asked for 202): its attempts, next_attempt_at, last_error.",
        ["StayAnswer.readiness"] = "Whether the guest will get in, as last decided from Seam's events and readiness checks.",
        ["doors"] = "Each door's code (device_id, its lock's name, status, online, battery_level) or the ACS credential (acs_credential_id, status). Never the PIN.",
        ["time_zone"] = "The property's IANA time zone, when its source configures one; else show times in UTC.",
        ["device_name"] = "The lock's name in Seam, once a readiness check read it.",
        ["StayDoorAnswer.status"] = "The door's code as Seam last said (setting, set, unset, removing, unknown; failed when Seam lists errors on it), or the credential's status.",
    };

    public static Dictionary<string, IOpenApiSchema> All(OpenApiDocument document) => new(StringComparer.Ordinal)
    {
        [nameof(AccessRequest)] = RequestSchema(),
        ["RevokeCredentialRequest"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Optional. version: the order of your events for this reference; an older one than the last applied changes nothing.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                [FieldNames.Version] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "An integer (a sequence) or an RFC 3339 time (the event's time).",
                    Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-summary"] = ApiDocument.Text("Event version"), ["x-ms-visibility"] = ApiDocument.Text("advanced") },
                },
            },
        },
        [nameof(CredentialEnvelope)] = SchemaOf(AnswerJsonContext.Default.CredentialEnvelope, document),
        [nameof(RevokedAnswer)] = SchemaOf(AnswerJsonContext.Default.RevokedAnswer, document),
        [nameof(AccessAnswer)] = AccessSchema(document),
        [nameof(AccessCodeAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(AccessCodeAnswer))!, document),
        [nameof(AccessMethodAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(AccessMethodAnswer))!, document),
        [nameof(LastEventAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(LastEventAnswer))!, document),
        [nameof(NoticeAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(NoticeAnswer))!, document),
        [nameof(ProblemAnswer)] = SchemaOf(AnswerJsonContext.Default.ProblemAnswer, document),
        [nameof(QueuedAnswer)] = SchemaOf(AnswerJsonContext.Default.QueuedAnswer, document),
        [nameof(QueuedStatusAnswer)] = SchemaOf(AnswerJsonContext.Default.QueuedStatusAnswer, document),
        [nameof(QueuedErrorAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(QueuedErrorAnswer))!, document),
        [nameof(ReadinessAnswer)] = SchemaOf(AnswerJsonContext.Default.ReadinessAnswer, document),
        [nameof(ReasonAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(ReasonAnswer))!, document),
        [nameof(StaysAnswer)] = SchemaOf(AnswerJsonContext.Default.StaysAnswer, document),
        [nameof(StayAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(StayAnswer))!, document),
        [nameof(QueuedStayAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(QueuedStayAnswer))!, document),
        [nameof(StayDoorAnswer)] = SchemaOf(AnswerJsonContext.Default.GetTypeInfo(typeof(StayDoorAnswer))!, document),
    };

    private static OpenApiSchema RequestSchema()
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var field in RequestFields.All)
        {
            var property = new OpenApiSchema
            {
                Type = field.Type,
                Description = field.Description,
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    ["x-ms-summary"] = ApiDocument.Text(field.Summary),
                    ["x-ms-visibility"] = ApiDocument.Text(field.Important ? "important" : "advanced"),
                },
            };
            if (field.Type == JsonSchemaType.Array)
                property.Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = field.Format };
            else
                property.Format = field.Format;
            if (field.Enum is not null)
                property.Enum = [.. field.Enum.Select(e => (JsonNode)e)];
            if (field.Example is not null)
                property.Examples = [JsonValue.Create(field.Example)];
            if (field.Name == FieldNames.Code)
                property.Pattern = "^[0-9]+$";
            if (field.Name == FieldNames.Reference)
                property.MaxLength = AccessRequestParser.MaxReferenceLength;
            properties[field.Name] = property;
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "For an access system: acs_user_id (or user_identity_id, or guest_key, with acs_system_id) and, for a PIN, code. " +
                          "For smart locks: device_ids (or device_id) and code. Under Seam__AccessModel=grants: device_ids, acs_entrance_ids or space_ids, " +
                          "code (or none: Seam makes one) and mobile_key. Unknown fields are ignored.",
            Properties = properties,
        };
    }

    /// <summary>
    /// The access in every kind as one object (Swagger 2.0, and so the Power Platform, has no oneOf): <c>kind</c>,
    /// and each kind's properties; required is what every kind has.
    /// </summary>
    private static OpenApiSchema AccessSchema(OpenApiDocument document)
    {
        var kinds = new[] { typeof(CredentialAnswer), typeof(AccessCodesAnswer), typeof(AccessGrantAnswer) }.Select(t => SchemaOf(AnswerJsonContext.Default.GetTypeInfo(t)!, document)).ToArray();
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["kind"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Description = Descriptions["kind"], Enum = [JsonValue.Create(AccessKinds.AcsCredential), JsonValue.Create(AccessKinds.AccessCode), JsonValue.Create(AccessKinds.AccessGrant)],
            },
        };
        foreach (var (name, property) in kinds.SelectMany(k => k.Properties!))
            properties.TryAdd(name, property);
        var required = new HashSet<string>(kinds[0].Required!, StringComparer.Ordinal);
        foreach (var kind in kinds.Skip(1))
            required.IntersectWith(kind.Required!);
        required.Add("kind");
        return new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Required = required };
    }

    /// <summary>A schema from the serializer's own metadata: the names and types that really go on the wire.</summary>
    private static OpenApiSchema SchemaOf(JsonTypeInfo type, OpenApiDocument document)
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in type.Properties)
        {
            var description = Descriptions.GetValueOrDefault($"{type.Type.Name}.{property.Name}") ?? Descriptions.GetValueOrDefault(property.Name);
            // The serializer knows the nullable annotations: string? may be null, string may not.
            if (!property.IsGetNullable)
                required.Add(property.Name);
            properties[property.Name] = TypeSchema(property.PropertyType, property.Name, property.IsGetNullable, description, document);
        }

        return new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Required = required };
    }

    /// <summary>Our own answers inside others: a reference to their schema (named as the type).</summary>
    private static readonly HashSet<Type> Referenced =
        [typeof(LastEventAnswer), typeof(AccessAnswer), typeof(QueuedErrorAnswer), typeof(ReadinessAnswer), typeof(QueuedStayAnswer)];

    /// <summary>Lists of our own answers, to their items' schemas.</summary>
    private static readonly Dictionary<Type, string> ListItems = new()
    {
        [typeof(IReadOnlyList<ReasonAnswer>)] = nameof(ReasonAnswer),
        [typeof(IReadOnlyList<StayAnswer>)] = nameof(StayAnswer),
        [typeof(IReadOnlyList<StayDoorAnswer>)] = nameof(StayDoorAnswer),
        [typeof(IReadOnlyList<AccessCodeAnswer>)] = nameof(AccessCodeAnswer),
        [typeof(IReadOnlyList<AccessMethodAnswer>)] = nameof(AccessMethodAnswer),
    };

    private static IOpenApiSchema TypeSchema(Type type, string name, bool nullable, string? description, OpenApiDocument document)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var orNull = nullable ? JsonSchemaType.Null : 0;
        if (Referenced.Contains(type))
            return new OpenApiSchemaReference(type.Name, document) { Description = description };
        if (ListItems.TryGetValue(type, out var item))
            return new OpenApiSchema { Type = JsonSchemaType.Array | orNull, Items = new OpenApiSchemaReference(item, document), Description = description };

        var schema = new OpenApiSchema { Description = description };
        if (type == typeof(string))
            schema.Type = JsonSchemaType.String | orNull;
        else if (type == typeof(bool))
            schema.Type = JsonSchemaType.Boolean | orNull;
        else if (type == typeof(int))
            (schema.Type, schema.Format) = (JsonSchemaType.Integer | orNull, "int32");
        else if (type == typeof(double))
            (schema.Type, schema.Format) = (JsonSchemaType.Number | orNull, "double");
        else if (type == typeof(IReadOnlyList<NoticeAnswer>))
            (schema.Type, schema.Items) = (JsonSchemaType.Array | orNull, new OpenApiSchemaReference(nameof(NoticeAnswer), document));
        else if (type == typeof(IReadOnlyDictionary<string, string[]>))
            (schema.Type, schema.AdditionalProperties) = (JsonSchemaType.Object | orNull, new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } });
        else
            throw new NotSupportedException($"No schema for {type.Name} ({name}): describe it in ApiDocument.");
        return schema;
    }
}
