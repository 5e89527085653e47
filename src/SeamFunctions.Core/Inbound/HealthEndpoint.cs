using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Configuration;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>GET /api/health</c>: 200 when the configuration is valid and the app can serve, else 503.
/// It never calls Seam or the vault, and says nothing about settings or secrets.
/// </summary>
internal sealed class HealthEndpoint(
    IOptionsMonitor<SeamOptions> seam,
    IOptionsMonitor<KeyVaultOptions> keyVault,
    IOptionsMonitor<Idempotency.IdempotencyOptions> idempotency,
    IOptionsMonitor<Webhooks.WebhookOptions> webhooks,
    ILogger<HealthEndpoint> logger)
{
    public const string Route = "health";

    public Task HandleAsync(HttpContext context)
    {
        var requestId = RequestIds.Accept(context);
        return ResponseWriter.WriteAsync(context.Response, ApiResponse.Health(IsConfigured(requestId)), context.RequestAborted);
    }

    private bool IsConfigured(string requestId)
    {
        try
        {
            _ = keyVault.CurrentValue;
            _ = seam.CurrentValue;
            _ = idempotency.CurrentValue;
            _ = webhooks.CurrentValue;
            return true;
        }
        catch (OptionsValidationException e)
        {
            RequestLog.Unhealthy(logger, requestId, e.OptionsType.Name, e.Failures.Count());
            return false;
        }
    }
}
