using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SeamFunctions.Answers;
using SeamFunctions.FakeSeam;
using SeamFunctions.OpenApi;
using SeamFunctions.Tests.Support;
using SeamFunctions.Validation;
using SeamFunctions.Commands;

namespace SeamFunctions.Tests.OpenApi;

/// <summary>
/// The served OpenAPI document and the connector's Swagger describe what the code really does: the same
/// operation, fields, required-ness and statuses, and real answers validate against both.
/// </summary>
public sealed class ApiDescriptionTests
{
    private static readonly string SwaggerPath = Path.Combine(RepositoryRoot.Path, "connector", "apiDefinition.swagger.json");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void TheConnectorSwaggerIsTheOneTheCodeDescribes()
    {
        var generated = JsonNode.Parse(ApiDocument.Swagger2Json())!.ToJsonString(Indented) + "\n";
        if (Environment.GetEnvironmentVariable("SEAMFUNCTIONS_UPDATE_CONNECTOR") == "1")
            File.WriteAllText(SwaggerPath, generated);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(SwaggerPath)), JsonNode.Parse(generated)),
            "connector/apiDefinition.swagger.json is out of date: run SEAMFUNCTIONS_UPDATE_CONNECTOR=1 dotnet test --filter TheConnectorSwagger");
    }

    private static OpenApiDocument Read(string json)
    {
        var (document, diagnostic) = OpenApiDocument.Parse(json, "json");
        Assert.Empty(diagnostic!.Errors);
        return document!;
    }

    private static async Task<(OpenApiDocument Served, string ServedJson)> ServedAsync(Adapter adapter)
    {
        using var response = await adapter.Http.GetAsync("api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        return (Read(json), json);
    }

    [Fact]
    public async Task BothDocumentsDescribeTheOperationTheCodeServes()
    {
        await using var adapter = await Adapter.StartAsync();
        var (served, servedJson) = await ServedAsync(adapter);
        Assert.StartsWith("3.0.", (string?)JsonNode.Parse(servedJson)!["openapi"], StringComparison.Ordinal);
        var swagger = Read(await File.ReadAllTextAsync(SwaggerPath));

        foreach (var document in new[] { served, swagger })
        {
            Assert.Equal(["/credentials", "/credentials/{reference}", "/stays"], document.Paths.Keys.Order(StringComparer.Ordinal));
            var (method, operation) = Assert.Single(document.Paths["/credentials"].Operations!);
            Assert.Equal(HttpMethod.Post, method);
            Assert.Equal(ApiDocument.OperationId, operation.OperationId);

            var request = operation.RequestBody!.Content!["application/json"].Schema!;
            Assert.Equal(FieldNames.BySpelling.Values.Distinct().Order(StringComparer.Ordinal), request.Properties!.Keys.Order(StringComparer.Ordinal));
            Assert.Empty(request.Required ?? new HashSet<string>()); // every field is only conditionally required; the parser says which
            Assert.Equal("uuid", request.Properties[FieldNames.AcsUserId].Format);
            Assert.Equal(JsonSchemaType.String, request.Properties[FieldNames.Code].Type);
            Assert.Equal(["code", "card", "mobile_key", "cloud_key"], request.Properties[FieldNames.AccessMethod].Enum!.Select(e => e.GetValue<string>()));

            Assert.Equal(Statuses(ApiDocument.CreateStatuses), operation.Responses!.Keys);
            var created = operation.Responses["201"].Content!["application/json"].Schema!;
            Assert.Equal(AnswerJsonContext.Default.CredentialEnvelope.Properties.Select(p => p.Name), created.Properties!.Keys);
            Assert.Equal(["credential", "ok", "request_id"], created.Required!.Order(StringComparer.Ordinal));
            var credential = created.Properties["credential"];
            Assert.Contains("status", credential.Properties!.Keys);
            Assert.Contains("code", credential.Properties.Keys);
            Assert.True(credential.Properties["starts_at"].Type!.Value.HasFlag(JsonSchemaType.Null)); // nullable, in each dialect's words
            var problem = operation.Responses["400"].Content!.Values.First().Schema!;
            Assert.Equal(AnswerJsonContext.Default.ProblemAnswer.Properties.Select(p => p.Name), problem.Properties!.Keys);

            // By reference: move or replace, revoke, read.
            var byReference = document.Paths["/credentials/{reference}"].Operations!;
            Assert.Equal(
                [(HttpMethod.Delete, ApiDocument.RevokeOperationId), (HttpMethod.Get, ApiDocument.GetOperationId), (HttpMethod.Put, ApiDocument.PutOperationId)],
                byReference.Select(o => (o.Key, o.Value.OperationId!)).OrderBy(o => o.Key.Method, StringComparer.Ordinal));
            Assert.Equal(Statuses(ApiDocument.PutStatuses), byReference[HttpMethod.Put].Responses!.Keys);
            Assert.Equal(Statuses(ApiDocument.RevokeStatuses), byReference[HttpMethod.Delete].Responses!.Keys);
            Assert.Equal(Statuses(ApiDocument.GetStatuses), byReference[HttpMethod.Get].Responses!.Keys);
            Assert.Equal(AnswerJsonContext.Default.RevokedAnswer.Properties.Select(p => p.Name),
                byReference[HttpMethod.Delete].Responses!["200"].Content!["application/json"].Schema!.Properties!.Keys);
            Assert.Equal(["Get a PIN's status", "Move or replace a PIN", "Revoke a PIN"], byReference.Values.Select(o => o.Summary!).Order(StringComparer.Ordinal));

            // The board's list, as a flow's action "List upcoming stays" with its filters.
            var (listMethod, list) = Assert.Single(document.Paths["/stays"].Operations!);
            Assert.Equal((HttpMethod.Get, ApiDocument.ListStaysOperationId, "List upcoming stays"), (listMethod, list.OperationId, list.Summary));
            Assert.Equal(["continuation", "from", "limit", "source", "status", "to"], list.Parameters!.Select(p => p.Name!).Order(StringComparer.Ordinal));
            Assert.Equal(AnswerJsonContext.Default.StaysAnswer.Properties.Select(p => p.Name), list.Responses!["200"].Content!["application/json"].Schema!.Properties!.Keys);
        }
    }

    private static IEnumerable<string> Statuses(int[] statuses) => statuses.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static readonly string[] Visibilities = ["important", "advanced"];

    [Fact]
    public async Task TheConnectorFormIsDescribedForPeople()
    {
        var swagger = JsonNode.Parse(await File.ReadAllTextAsync(SwaggerPath))!;
        var properties = swagger["definitions"]!["AccessRequest"]!["properties"]!.AsObject();

        foreach (var (name, property) in properties)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)property!["x-ms-summary"]), name);
            Assert.False(string.IsNullOrWhiteSpace((string?)property["description"]), name);
            Assert.Contains((string?)property["x-ms-visibility"], Visibilities);
        }

        Assert.Equal("important", (string?)properties[FieldNames.Code]!["x-ms-visibility"]);
        Assert.Equal("apiKey", (string?)swagger["securityDefinitions"]!["api_key"]!["type"]);
        Assert.Equal("x-functions-key", (string?)swagger["securityDefinitions"]!["api_key"]!["name"]);
        var connection = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "connector", "apiProperties.json")))!["properties"]!["connectionParameters"]!;
        Assert.Equal("securestring", (string?)connection["api_key"]!["type"]);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "connector", "icon.png")));
    }

    [Fact]
    public async Task RealAnswersOfEveryKindMatchBothDocuments()
    {
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:Timeout"] = "00:00:03", // long enough for a cold first call on a busy CI machine
            ["Webhooks:Sources:pms:Scheme"] = "shared-token",
            ["Webhooks:Sources:pms:Secret"] = "token-1-of-the-openapi-test",
        });
        var answers = new List<(string Name, int Status, string Body)>();
        async Task Send(string name, HttpRequestMessage request)
        {
            using var response = await adapter.Http.SendAsync(request);
            answers.Add((name, (int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        HttpRequestMessage Post(string body, string? key = null, string contentType = "application/json", string path = "api/credentials")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
            if (key is not null)
                request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var valid = Adapter.ValidRequest().ToJsonString();
        await Send("created", Post(valid));
        await Send("card, pending", Post($$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","access_method":"card"}"""));
        await Send("invalid_json", Post("{"));
        await Send("invalid_request", Post("""{"code":12}"""));
        await Send("unsigned source", Post(valid, path: "api/sources/pms/credentials"));
        await Send("acs_user_not_found", Post($$"""{"acs_user_id":"{{Guid.NewGuid()}}","code":"1234"}"""));
        await Send("payload_too_large", Post($$"""{"pad":"{{new string('x', 70_000)}}"}"""));
        await Send("unsupported_media_type", Post(valid, contentType: "text/plain"));
        await Send("upstream_rejected", Post(Adapter.ValidRequest("12").ToJsonString()));
        await Send("first with key", Post(Adapter.ValidRequest("5151").ToJsonString(), key: "k-1"));
        await Send("idempotency_key_reused", Post(Adapter.ValidRequest("5152").ToJsonString(), key: "k-1"));
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(429, "rate_limited", "Slow down", "3"));
        await Send("rate_limited", Post(valid));
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(503, "unavailable", "Down"));
        await Send("upstream_unavailable", Post(valid));
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: false));
        await Send("upstream_timeout", Post(Adapter.ValidRequest("6161").ToJsonString(), key: "k-2"));
        await Send("idempotency_in_progress", Post(Adapter.ValidRequest("6161").ToJsonString(), key: "k-2"));
        HttpRequestMessage ByReference(HttpMethod method, string reference, string? body = null) =>
            new(method, "api/credentials/" + reference) { Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        await Send("put created", ByReference(HttpMethod.Put, "booking-77", valid));
        await Send("put updated", ByReference(HttpMethod.Put, "booking-77", Adapter.ValidRequest("7171").ToJsonString()));
        await Send("get", ByReference(HttpMethod.Get, "booking-77"));
        await Send("delete revoked", ByReference(HttpMethod.Delete, "booking-77"));
        await Send("get revoked", ByReference(HttpMethod.Get, "booking-77"));
        await Send("credential_not_found", ByReference(HttpMethod.Get, "booking-78"));
        await Send("locks created", ByReference(HttpMethod.Put, "booking-79", LockStays.Stay().ToJsonString()));
        await Send("locks moved", ByReference(HttpMethod.Put, "booking-79", LockStays.Stay(code: "7391").ToJsonString()));
        await Send("locks read", ByReference(HttpMethod.Get, "booking-79"));
        await Send("locks revoked", ByReference(HttpMethod.Delete, "booking-79"));
        await Send("device_not_found", Post(LockStays.Stay(devices: ["no-such-lock"]).ToJsonString()));
        adapter.Seam.State.Outage = new FakeSeamFault.Status(503, "unavailable", "Down");
        var respondAsync = ByReference(HttpMethod.Put, "booking-80", valid);
        respondAsync.Headers.Add("Prefer", "respond-async");
        await Send("queued", respondAsync);
        await Eventually.ValueAsync(async () => await Adapter.ReadJsonAsync(await adapter.Http.GetAsync("api/credentials/booking-80")), b => b["last_error"] is not null);
        await Send("queued status", ByReference(HttpMethod.Get, "booking-80"));
        adapter.Seam.State.Outage = null;
        adapter.Seam.State.ApiKeys.Clear();
        await Send("upstream_auth_failed", Post(valid));

        Assert.Equal(
            [201, 201, 400, 400, 401, 404, 413, 415, 422, 201, 422, 429, 502, 504, 409, 201, 200, 200, 200, 200, 404, 201, 200, 200, 200, 404, 202, 202, 502],
            answers.Select(a => a.Status));
        foreach (var (served, swagger) in new[] { (true, false), (false, true) })
        {
            var document = served ? (await ServedAsync(adapter)).ServedJson : await File.ReadAllTextAsync(SwaggerPath);
            var prefix = served ? "#/components/schemas/" : "#/definitions/";
            var items = new JsonArray([.. answers.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["ref"] = prefix + (a.Status >= 400 ? "ProblemAnswer" : a.Name is "delete revoked" or "locks revoked" ? "RevokedAnswer"
                    : a.Name == "queued" ? "QueuedAnswer" : a.Name == "queued status" ? "QueuedStatusAnswer" : "CredentialEnvelope"),
                ["body"] = JsonNode.Parse(a.Body),
            })]);
            var results = await ValidateAsync(document, items);
            Assert.All(results, r => Assert.True((bool)r!["valid"]!, $"{(swagger ? "swagger" : "served")}: {r!["name"]}: {r["errors"]!.ToJsonString()}"));
        }
    }

    [Fact]
    public async Task TheSwaggersExamplesAreValidAgainstItsOwnSchemas()
    {
        var json = await File.ReadAllTextAsync(SwaggerPath);
        var swagger = JsonNode.Parse(json)!;
        var items = new JsonArray();
        foreach (var (path, operations) in swagger["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject().Where(o => o.Key != "parameters"))
            {
                foreach (var (status, response) in operation!["responses"]!.AsObject())
                {
                    items.Add(new JsonObject
                    {
                        ["name"] = $"example {method} {path} {status}",
                        ["ref"] = (string?)response!["schema"]!["$ref"],
                        ["body"] = response["examples"]!.AsObject().Single().Value!.DeepClone(),
                    });
                }
            }
        }

        var request = new JsonObject();
        foreach (var (name, property) in swagger["definitions"]!["AccessRequest"]!["properties"]!.AsObject())
        {
            if (property!["example"] is { } example)
                request[name] = example.DeepClone();
        }

        items.Add(new JsonObject { ["name"] = "request example", ["ref"] = "#/definitions/AccessRequest", ["body"] = request });
        // ...and with teeth: a wrong answer must fail.
        items.Add(new JsonObject { ["name"] = "broken", ["ref"] = "#/definitions/CredentialEnvelope", ["body"] = new JsonObject { ["ok"] = "yes" } });

        var results = await ValidateAsync(json, items);

        Assert.All(results.Take(results.Count - 1), r => Assert.True((bool)r!["valid"]!, $"{r!["name"]}: {r["errors"]!.ToJsonString()}"));
        Assert.False((bool)results[^1]!["valid"]!);
        Assert.Equal(ApiDocument.CreateStatuses.Length + ApiDocument.PutStatuses.Length + ApiDocument.RevokeStatuses.Length + ApiDocument.GetStatuses.Length + ApiDocument.ListStatuses.Length + 2, results.Count);
    }

    private static async Task<JsonArray> ValidateAsync(string document, JsonArray items)
    {
        var documentFile = Path.GetTempFileName();
        var itemsFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(documentFile, document);
            await File.WriteAllTextAsync(itemsFile, items.ToJsonString());
            return JsonNode.Parse(await Node.RunAsync("validate-against-document.mjs", documentFile, itemsFile))!.AsArray();
        }
        finally
        {
            File.Delete(documentFile);
            File.Delete(itemsFile);
        }
    }
}
