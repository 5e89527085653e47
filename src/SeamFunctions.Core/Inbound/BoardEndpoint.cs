using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>GET /api/board</c>: the arrivals board, one self-contained page (its style and script inline, nothing from
/// elsewhere) that reads <c>/api/stays</c> with the function key it was opened with (<c>?code=</c>). Its
/// Content-Security-Policy allows exactly its own style and script (by hash) and calls to this origin.
/// </summary>
internal static class BoardEndpoint
{
    public const string Route = "board";

    private static readonly Lazy<(byte[] Page, string Policy)> Built = new(Build);

    public static async Task HandleAsync(HttpContext context)
    {
        var (page, policy) = Built.Value;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer"; // the page's URL holds the function key
        await response.Body.WriteAsync(page, context.RequestAborted);
    }

    private static (byte[] Page, string Policy) Build()
    {
        var (css, js) = (Resource("board.css"), Resource("board.js"));
        var page = Resource("board.html").Replace("/*CSS*/", css, StringComparison.Ordinal).Replace("/*JS*/", js, StringComparison.Ordinal);
        var policy = $"default-src 'none'; style-src '{Hash(css)}'; script-src '{Hash(js)}'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return (Encoding.UTF8.GetBytes(page), policy);
    }

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));

    private static string Resource(string name)
    {
        using var stream = typeof(BoardEndpoint).Assembly.GetManifestResourceStream("SeamFunctions.Board." + name)
            ?? throw new InvalidOperationException($"The board's {name} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
