using System.Text.Json;
using System.Text.RegularExpressions;

namespace SeamFunctions.Upstream;

/// <summary>
/// Seam's error texts made fit to pass on: Zod's nested <c>validation_errors</c> flattened to field -> messages,
/// and the PIN taken out of every message and field name, should Seam ever quote it.
/// </summary>
internal static partial class SeamErrorText
{
    public const string Redacted = "[redacted]";

    /// <summary>Seam's own not-found type (e.g. <c>acs_user_not_found</c>) when it is one; null otherwise.</summary>
    public static string? NotFoundType(string? seamType) =>
        seamType is not null && NotFoundPattern().IsMatch(seamType) ? seamType : null;

    /// <summary>Flattens Zod's <c>{"_errors":[..],"field":{"_errors":[..]}}</c> into field -> messages.</summary>
    public static Dictionary<string, string[]>? FieldMessages(JsonElement? validationErrors, string? code)
    {
        if (validationErrors is not { ValueKind: JsonValueKind.Object } root)
            return null;
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Flatten(root, path: null, result, code);
        return result.Count == 0 ? null : result;
    }

    /// <summary>Seam's text with the PIN taken out.</summary>
    public static string? Scrub(string? text, string? code) =>
        text is null || string.IsNullOrEmpty(code)
            ? text
            : Regex.Replace(text, $@"(?<![0-9]){Regex.Escape(code)}(?![0-9])", Redacted, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private static void Flatten(JsonElement node, string? path, Dictionary<string, string[]> result, string? code)
    {
        foreach (var property in node.EnumerateObject())
        {
            if (property.NameEquals("_errors"))
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                    continue;
                var messages = property.Value.EnumerateArray()
                    .Where(m => m.ValueKind == JsonValueKind.String)
                    .Select(m => Scrub(m.GetString(), code)!)
                    .ToArray();
                if (messages.Length > 0)
                    result[path ?? "request"] = messages;
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                var name = Scrub(property.Name, code);
                Flatten(property.Value, path is null ? name : $"{path}.{name}", result, code);
            }
        }
    }

    [GeneratedRegex(@"^[a-z_]+_not_found\z", RegexOptions.CultureInvariant)]
    private static partial Regex NotFoundPattern();
}
