using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Stays;
using SeamFunctions.Validation;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>GET /api/stays</c>: the caller's stays that overlap a window (by default 12 h back to 48 h ahead), by start,
/// paged, filtered by status; with <c>?source=&lt;name&gt;</c>, a webhook source's. From the stored records only.
/// </summary>
internal sealed class StaysEndpoint(StaysQuery query, Webhooks.WebhookSources sources, TimeProvider time, ILogger<StaysEndpoint> logger)
{
    public const string Route = "stays";
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public Task HandleAsync(HttpContext context) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) => ListAsync(request, requestId, cancellationToken));

    private async Task<Outcome> ListAsync(HttpRequest request, string requestId, CancellationToken cancellationToken)
    {
        var scope = request.Query["source"].FirstOrDefault() is not { } source ? CallerScope.Of(request.HttpContext) : sources.Find(source)?.Scope;
        if (scope is null)
            return EndpointRunner.Refused(logger, Problems.NotFound(requestId), requestId);
        var errors = new ValidationErrors();
        var asked = Read(request.Query, scope, errors);
        if (!errors.IsEmpty)
            return EndpointRunner.Refused(logger, Problems.InvalidRequest(requestId, errors), requestId);
        var (stays, continuation) = await query.PageAsync(asked, cancellationToken);
        return new Outcome.Stored(ApiResponse.Stays(new StaysAnswer
        {
            From = AnswerTimes.Of(asked.From), To = AnswerTimes.Of(asked.To), Stays = stays, Continuation = continuation is null ? null : Encode(continuation), RequestId = requestId,
        }));
    }

    /// <summary>The query's parameters; each one that is wrong is named in <paramref name="errors"/>.</summary>
    private StaysRequest Read(IQueryCollection query, string scope, ValidationErrors errors)
    {
        var now = time.GetUtcNow();
        var from = Time(query, "from", errors) ?? now - TimeSpan.FromHours(12);
        var to = Time(query, "to", errors) ?? now + TimeSpan.FromHours(48);
        if (to < from || to - from > StaysQuery.Lookback)
            errors.Add("to", "Must be after from, and at most 31 days after it.");
        var limit = DefaultLimit;
        if (query["limit"].FirstOrDefault() is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            errors.Add("limit", $"Must be a whole number from 1 to {MaxLimit}.");
        var statuses = query["status"].SelectMany(s => (s ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        if (statuses.FirstOrDefault(s => !StayItems.Statuses.Contains(s)) is { } unknown)
            errors.Add("status", $"Unknown status '{Clip(unknown)}': use {string.Join(", ", StayItems.Statuses)}.");
        var after = query["continuation"].FirstOrDefault() is { } token ? Decode(token) : null;
        if (query["continuation"].Count > 0 && after is null)
            errors.Add("continuation", "Pass back the continuation of the previous page unchanged.");
        return new StaysRequest(scope, from, to, limit, after, statuses);
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, ValidationErrors errors)
    {
        if (query[name].FirstOrDefault() is not { } text)
            return null;
        if (FieldReader.Instant(text.Replace(' ', '+')) is { } at) // an offset's unencoded '+' arrives as a space
            return at;
        errors.Add(name, "Must be an ISO 8601 date and time with Z or an offset, e.g. 2030-01-01T15:00:00Z.");
        return null;
    }

    private static string Encode(string rowKey) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(rowKey));

    private static string? Decode(string token)
    {
        try
        {
            var rowKey = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            return StayRowKeys.IsWellFormed(rowKey) ? rowKey : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40];
}
