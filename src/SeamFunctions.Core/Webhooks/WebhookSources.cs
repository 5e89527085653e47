using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SeamFunctions.Secrets;

namespace SeamFunctions.Webhooks;

/// <summary>A configured, enabled webhook source, with its cached secret and compiled field map.</summary>
internal sealed record WebhookSource(string Name, WebhookSourceOptions Options, SecretCache Secret, FieldMap? Map, DeliveryActions? Events)
{
    /// <summary>The property's zone and check-in/out times, for dates its payloads give without an offset.</summary>
    public Validation.LocalTimeDefaults LocalTimes { get; } = Options.LocalTimes();

    public const string ScopePrefix = "source-";

    /// <summary>Idempotency records of a source are its own.</summary>
    public string Scope => ScopePrefix + Name;
}

/// <summary>Finds sources by the name in the URL; builds each one's secret cache once.</summary>
internal sealed class WebhookSources(IOptions<WebhookOptions> options, SecretSources secrets) : IDisposable
{
    private readonly ConcurrentDictionary<string, WebhookSource> _sources = new(StringComparer.Ordinal);

    /// <summary>The source, or null when it does not exist or is disabled (the caller cannot tell which).</summary>
    public WebhookSource? Find(string name) =>
        options.Value.Sources.TryGetValue(name, out var settings) && settings.Enabled
            ? _sources.GetOrAdd(name, _ => Create(name, settings))
            : null;

    private WebhookSource Create(string name, WebhookSourceOptions settings)
    {
        var cache = secrets.SigningSecret(name, settings.Scheme, settings.SecretName!, $"Webhooks__Sources__{name}__Secret", () => settings.Secret);
        FieldMap.TryCompile(settings.Map, out var map, out _, settings.Defaults, settings.UnitEntrances(), settings.UnitDevices(), settings.UnitSpaces());
        var events = settings.Events is { } text && DeliveryActions.TryParse(text, out var parsed, out _) ? parsed : null;
        var shapes = settings.Map.Count > 0 || settings.Defaults.Count > 0;
        return new WebhookSource(name, settings, cache, shapes ? map : null, events);
    }

    public void Dispose()
    {
        foreach (var source in _sources.Values)
            source.Secret.Dispose();
    }
}
