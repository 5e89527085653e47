using Microsoft.Extensions.Logging;

namespace SeamFunctions.Inbound;

/// <summary>
/// ASP.NET Core's hosting and routing write every request's full URL at Information, query string included —
/// and a query string can hold a function key (<c>?code=</c>) or a sender's token. Both hosts keep those
/// categories at Warning; the adapter logs each request itself, by id.
/// <see cref="HostingDiagnostics"/> is off altogether: it writes nothing above Information but a failed start, which
/// the host also throws, and while its logger is on at all ASP.NET Core makes an <c>Activity</c> and a log scope for
/// every request, listened to or not (with Seam's call a second Activity and a <c>traceparent</c> under it). Off, the
/// request's Activity is made only when a listener asks for it (Application Insights, OpenTelemetry).
/// </summary>
public static class HostLogFilters
{
    public static readonly string[] UrlLoggingCategories =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Server.Kestrel",
    ];

    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder KeepUrlsOutOfLogs(this ILoggingBuilder logging)
    {
        foreach (var category in UrlLoggingCategories)
            logging.AddFilter(category, LogLevel.Warning);
        logging.AddFilter(HostingDiagnostics, LogLevel.None);
        return logging;
    }
}
