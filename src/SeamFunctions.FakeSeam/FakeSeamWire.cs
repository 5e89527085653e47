using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.FakeSeam;

/// <summary>
/// How every route of the fake meets the wire, as Seam does where Seam documents it: bearer auth, Zod-style
/// <c>invalid_input</c>, <c>*_not_found</c> errors, <c>seam-request-id</c>, the envelope
/// <c>{"error":{...},"ok":false}</c>, and the queued faults a test asks for. Routes per Seam resource derive from it.
/// </summary>
internal abstract partial class FakeSeamWire(FakeSeamState state, TimeProvider time)
{
    protected FakeSeamState State => state;

    /// <summary>The body and the caller's workspace; null after answering the refusal (not JSON, or not authenticated).</summary>
    protected async Task<(JsonObject Body, string Text, Guid WorkspaceId)?> ReadAuthenticatedAsync(HttpContext context)
    {
        var (body, text) = await ReadAsync(context);
        if (body is null || await AuthenticateAsync(context, text) is not { } workspaceId)
            return null;
        if (State.Outage is { } down)
        {
            await FaultAsync(context, text, down);
            return null;
        }

        return (body, text, workspaceId);
    }

    /// <summary>
    /// Body, auth and the resource's id field (<c>Required</c> when absent; a UUID unless <paramref name="uuid"/> is
    /// false, as for Seam's access codes and its credential update); null after answering the refusal.
    /// </summary>
    protected async Task<(JsonObject Body, string Text, Guid WorkspaceId, string Id)?> ReadIdAsync(HttpContext context, string field, bool uuid = true)
    {
        if (await ReadAuthenticatedAsync(context) is not { } call)
            return null;
        var errors = new ZodErrors();
        if (!call.Body.ContainsKey(field))
            errors.Add(field, "Required");
        var id = uuid ? Uuid(call.Body, field, errors)?.ToString() : String(call.Body, field, errors);
        if (!errors.Any)
            return (call.Body, call.Text, call.WorkspaceId, id!);
        await InvalidInputAsync(context, call.Text, errors);
        return null;
    }

    /// <summary>Under <see cref="FakeSeamState.CreatesPerSecond"/>: false after answering 429 with <c>Retry-After: 1</c>.</summary>
    protected async Task<bool> WithinRateAsync(HttpContext context, string text)
    {
        if (State.TryTakeCreate(time.GetUtcNow().ToUnixTimeSeconds()))
            return true;
        await FaultAsync(context, text, new FakeSeamFault.Status(429, "rate_limit_exceeded", "Too many requests", RetryAfter: "1"));
        return false;
    }

    /// <summary>
    /// Plays a queued fault: null after answering for it; otherwise whether the call already acted (<paramref name="act"/>
    /// before a delay) and whether it was delayed (the caller may have gone away meanwhile).
    /// </summary>
    protected async Task<(bool Acted, bool Delayed)?> FaultAsync(HttpContext context, string text, FakeSeamFault? fault, Action? act = null)
    {
        switch (fault)
        {
            case FakeSeamFault.Status status:
                if (status.RetryAfter is not null)
                    context.Response.Headers.RetryAfter = status.RetryAfter;
                await ErrorAsync(context, text, status.Code, status.Type, status.Message);
                return null;
            case FakeSeamFault.Garbage:
                context.Response.Headers["seam-request-id"] = NewRequestId();
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
                return null;
            case FakeSeamFault.Reset reset:
                if (reset.CreateFirst)
                    act?.Invoke();
                context.Abort();
                return null;
            case FakeSeamFault.Delay delay:
                if (delay.CreateFirst)
                    act?.Invoke();
                await Task.Delay(delay.Duration, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return (delay.CreateFirst, true);
            case FakeSeamFault.Gate gate:
                await gate.PassAsync(context.RequestAborted);
                return (false, false);
            default:
                return (false, false);
        }
    }

    /// <summary>
    /// The body as JSON; null after answering a plain-text 400 for text that is not JSON (as Seam's own fake
    /// does, before authentication). JSON that is not an object is validated as an empty object, also as it does.
    /// </summary>
    private async Task<(JsonObject? Body, string Text)> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            var node = text.Length == 0 ? null : JsonNode.Parse(text);
            return (node as JsonObject ?? [], text);
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("Invalid JSON");
            state.Record(new RecordedExchange(context.Request.Path, text, 400, null));
            return (null, text);
        }
    }

    /// <summary>The caller's workspace, or null after answering 401.</summary>
    private async Task<Guid?> AuthenticateAsync(HttpContext context, string text)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal) && state.ApiKeys.TryGetValue(authorization[7..].Trim(), out var workspaceId))
            return workspaceId;
        await ErrorAsync(context, text, 401, "unauthorized", authorization.Length == 0 ? "No Authorization header" : "API Key not found");
        return null;
    }

    protected Task InvalidInputAsync(HttpContext context, string text, ZodErrors errors) =>
        ErrorAsync(context, text, 400, "invalid_input", errors.Message, errors);

    protected Task ErrorAsync(HttpContext context, string text, int status, string type, string message, ZodErrors? issues = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (issues is not null)
            error["validation_errors"] = issues.Format();
        return JsonAsync(context, text, status, new JsonObject { ["error"] = error, ["ok"] = false });
    }

    protected Task JsonAsync(HttpContext context, string requestText, int status, JsonObject answer)
    {
        var json = answer.ToJsonString();
        state.Record(new RecordedExchange(context.Request.Path, requestText, status, json));
        context.Response.StatusCode = status;
        context.Response.Headers["seam-request-id"] = NewRequestId();
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(json);
    }

    /// <summary>One page of <paramref name="matching"/> under <paramref name="name"/>, with Seam's pagination.</summary>
    protected Task PageAsync(HttpContext context, string text, string name, IReadOnlyList<JsonObject> matching, ListQuery query)
    {
        var page = matching.Skip(query.Offset).Take(query.Limit).Select(c => (JsonNode)c.DeepClone()).ToArray();
        var hasNext = query.Offset + page.Length < matching.Count;
        var nextCursor = hasNext ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{query.Offset + page.Length}")) : null;
        return JsonAsync(context, text, 200, new JsonObject
        {
            [name] = new JsonArray(page),
            ["pagination"] = new JsonObject
            {
                ["has_next_page"] = hasNext,
                ["next_page_cursor"] = nextCursor,
                ["next_page_url"] = nextCursor is null
                    ? null
                    : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?page_cursor={Uri.EscapeDataString(nextCursor)}",
            },
            ["ok"] = true,
        });
    }

    /// <summary><c>limit</c> (1 to 500, default 500) and <c>page_cursor</c> of a list call.</summary>
    protected static ListQuery ReadListQuery(JsonObject body, ZodErrors errors)
    {
        var limit = ListQuery.MaxLimit;
        if (body["limit"] is { } limitNode)
        {
            if (limitNode.GetValueKind() == JsonValueKind.Number && limitNode.GetValue<double>() is var l && l >= 1)
                limit = (int)Math.Min(l, ListQuery.MaxLimit);
            else
                errors.Add("limit", "Expected number, received " + Kind(limitNode));
        }

        var offset = 0;
        if (body["page_cursor"] is { } cursorNode && !TryReadCursor(cursorNode, out offset))
            errors.Add("page_cursor", "Invalid page cursor");
        return new ListQuery(limit, offset);
    }

    protected string Now() => time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    protected static string NewRequestId() => Guid.NewGuid().ToString();

    internal static string? String(JsonObject body, string field, ZodErrors errors, Func<string, bool>? valid = null, string invalid = "Invalid")
    {
        if (!body.TryGetPropertyValue(field, out var node))
            return null;
        if (node?.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(field, "Expected string, received " + Kind(node));
            return null;
        }

        var value = node.GetValue<string>();
        if (valid is null || valid(value))
            return value;
        errors.Add(field, invalid);
        return null;
    }

    internal static string? Required(JsonObject body, string field, ZodErrors errors)
    {
        if (!body.ContainsKey(field))
            errors.Add(field, "Required");
        return String(body, field, errors);
    }

    internal static Guid? Uuid(JsonObject body, string field, ZodErrors errors) =>
        String(body, field, errors, v => Guid.TryParseExact(v, "D", out _), "Invalid uuid") is { } value ? Guid.Parse(value) : null;

    internal static DateTimeOffset? DateTime(JsonObject body, string field, ZodErrors errors) =>
        String(body, field, errors, v => IsoDateTime().IsMatch(v), "Invalid datetime") is { } value
            ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture)
            : null;

    internal static bool? Boolean(JsonObject body, string field, ZodErrors errors)
    {
        if (!body.TryGetPropertyValue(field, out var node))
            return null;
        if (node?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return node.GetValue<bool>();
        errors.Add(field, "Expected boolean, received " + Kind(node));
        return null;
    }

    protected static bool IsUuid(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String && Guid.TryParseExact(node.GetValue<string>(), "D", out _);

    internal static bool IsDigits(string value) => DigitsOnly().IsMatch(value);

    protected static bool IsPhoneNumber(string value) => PhoneNumber().IsMatch(value);

    private static bool TryReadCursor(JsonNode node, out int offset)
    {
        offset = 0;
        if (node.GetValueKind() == JsonValueKind.Null)
            return true;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(node.GetValue<string>()));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], CultureInfo.InvariantCulture, out offset) && offset >= 0;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    internal static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "string",
    };

    [GeneratedRegex(@"^[0-9]+\z")]
    private static partial Regex DigitsOnly();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\z")]
    private static partial Regex IsoDateTime();
}

/// <summary>A list call's page: at most <see cref="Limit"/> items from <see cref="Offset"/>.</summary>
internal readonly record struct ListQuery(int Limit, int Offset)
{
    public const int MaxLimit = 500;
}
