using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SeamFunctions.Validation;

namespace SeamFunctions.Webhooks;

/// <summary>
/// A declarative map from a sender's JSON to our fields, e.g. <c>code = $.reservation.door_code</c>. Paths are a
/// small JSONPath subset — <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[0]</c> — with no filters and no scripts.
/// Fields the map does not name are taken from the payload as usual.
/// </summary>
internal sealed partial class FieldMap
{
    private readonly (string Field, Segment[] Path)[] _entries;

    private FieldMap((string, Segment[])[] entries) => _entries = entries;

    public static bool TryCompile(IReadOnlyDictionary<string, string> map, out FieldMap? fieldMap, out string? error)
    {
        fieldMap = null;
        error = null;
        var entries = new List<(string, Segment[])>();
        foreach (var (field, path) in map)
        {
            if (!FieldNames.BySpelling.TryGetValue(field, out var canonical) || canonical != field)
            {
                error = $"maps '{field}', which is not a field of the request (use the snake_case name, e.g. code, acs_user_id).";
                return false;
            }

            if (!TryParsePath(path, out var segments))
            {
                error = $"maps '{field}' to '{path}', which is not a supported JSON path ($, .name, ['name'], [0]).";
                return false;
            }

            entries.Add((field, segments));
        }

        fieldMap = new FieldMap([.. entries]);
        return true;
    }

    /// <summary>The request body our parser reads: mapped fields from their paths, the rest as sent.</summary>
    public ReadOnlyMemory<byte> Apply(ReadOnlySequence<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return body.ToArray(); // the parser will say why it is not JSON
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return body.ToArray();

            var output = new ArrayBufferWriter<byte>((int)body.Length + 256);
            using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!FieldNames.BySpelling.TryGetValue(property.Name, out var field) || !_entries.Any(e => e.Field == field))
                        property.WriteTo(writer);
                }

                foreach (var (field, path) in _entries)
                {
                    if (Resolve(document.RootElement, path) is { } value)
                    {
                        writer.WritePropertyName(field);
                        value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            return output.WrittenMemory;
        }
    }

    private static JsonElement? Resolve(JsonElement root, Segment[] path)
    {
        var current = root;
        foreach (var segment in path)
        {
            if (segment.Name is { } name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                    return null;
            }
            else if (current.ValueKind != JsonValueKind.Array || segment.Index >= current.GetArrayLength())
            {
                return null;
            }
            else
            {
                current = current[segment.Index];
            }
        }

        return current;
    }

    private static bool TryParsePath(string path, out Segment[] segments)
    {
        segments = [];
        var match = JsonPath().Match(path);
        if (!match.Success)
            return false;
        segments =
        [
            .. match.Groups["segment"].Captures.Select(capture => capture.Value switch
            {
                ['.', .. var name] => new Segment(name, 0),
                ['[', '\'' or '"', .. var quoted] => new Segment(quoted[..^2], 0),
                ['[', .. var index] => new Segment(null, int.Parse(index[..^1], CultureInfo.InvariantCulture)),
                _ => throw new InvalidOperationException(),
            }),
        ];
        return segments.Length > 0;
    }

    [GeneratedRegex("""^\$(?<segment>\.[A-Za-z0-9_\-]+|\['[^'\]]+'\]|\["[^"\]]+"\]|\[\d{1,4}\])+$""", RegexOptions.CultureInvariant)]
    private static partial Regex JsonPath();

    private readonly record struct Segment(string? Name, int Index);
}
