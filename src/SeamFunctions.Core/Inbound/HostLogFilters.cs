using Microsoft.Extensions.Logging;

namespace SeamFunctions.Inbound;

/// <summary>
/// ASP.NET Core's hosting and routing write every request's full URL at Information, query string included —
/// and a query string can hold a function key (<c>?code=</c>) or a sender's token. Both hosts keep those
/// categories at Warning; the adapter logs each request itself, by id.
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

    public static ILoggingBuilder KeepUrlsOutOfLogs(this ILoggingBuilder logging)
    {
        foreach (var category in UrlLoggingCategories)
            logging.AddFilter(category, LogLevel.Warning);
        return logging;
    }
}
