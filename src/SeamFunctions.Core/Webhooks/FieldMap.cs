using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SeamFunctions.Validation;

namespace SeamFunctions.Webhooks;

/// <summary>
/// A declarative map from a sender's JSON to our fields, e.g. <c>code = $.reservation.door_code</c>. Paths are a
/// small JSONPath subset — <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[0]</c> — with no filters and no scripts.
/// Fields the map does not name are taken from the payload as usual. <c>event</c> is not a field: its value says
/// what happened (see <see cref="DeliveryActions"/>). A mapped <c>reference</c> that is a JSON number is its text.
/// </summary>
internal sealed partial class FieldMap
{
    public const string EventField = "event";
    public const string UnitField = "unit";

    private readonly (string Field, Segment[] Path)[] _entries;
    private readonly IReadOnlyDictionary<string, string> _defaults;
    private readonly IReadOnlyDictionary<string, Guid[]>? _units;

    private FieldMap((string, Segment[])[] entries, IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, Guid[]>? units)
    {
        _entries = entries;
        _defaults = defaults;
        _units = units;
    }

    /// <param name="defaults">Constants for fields a payload does not carry (<c>Defaults__acs_system_id</c>), as JSON strings.</param>
    /// <param name="units">The sender's unit ids to entrance ids: the mapped <c>unit</c> sets <c>allowed_acs_entrance_ids</c>.</param>
    public static bool TryCompile(
        IReadOnlyDictionary<string, string> map, out FieldMap? fieldMap, out string? error,
        IReadOnlyDictionary<string, string>? defaults = null, IReadOnlyDictionary<string, Guid[]>? units = null)
    {
        fieldMap = null;
        error = null;
        var entries = new List<(string, Segment[])>();
        foreach (var (field, path) in map)
        {
            if (field is not (EventField or UnitField) && (!FieldNames.BySpelling.TryGetValue(field, out var canonical) || canonical != field))
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

        foreach (var field in (defaults ?? new Dictionary<string, string>()).Keys)
        {
            if (!FieldNames.BySpelling.TryGetValue(field, out var canonical) || canonical != field)
            {
                error = $"gives a default for '{field}', which is not a field of the request (use the snake_case name).";
                return false;
            }
        }

        fieldMap = new FieldMap([.. entries], defaults ?? new Dictionary<string, string>(), units);
        return true;
    }

    /// <summary>Whether the source maps units (<c>Map__unit</c> with <c>Units</c>): then entrances come from <c>Units</c> only.</summary>
    public bool MapsUnits => _units is not null;

    /// <summary>
    /// The request body our parser reads: mapped fields from their paths, the rest as sent. The body must be a
    /// readable JSON object (<see cref="AccessRequestParser.CheckReadable"/>); a path that meets one name
    /// twice is refused, since a payload that says two things must not be read as either.
    /// </summary>
    public MappedBody Apply(ReadOnlySequence<byte> body)
    {
        using (var document = JsonDocument.Parse(body))
        {
            var values = new JsonElement?[_entries.Length];
            ValidationErrors? ambiguous = null;
            for (var i = 0; i < _entries.Length; i++)
            {
                if (!TryResolve(document.RootElement, _entries[i].Path, out values[i]))
                {
                    ambiguous ??= new ValidationErrors();
                    ambiguous.Add(_entries[i].Field, "The sender's payload holds a name on this field's path more than once; it cannot be read unambiguously.");
                }
            }

            if (ambiguous is not null)
                return new MappedBody(ReadOnlyMemory<byte>.Empty, ambiguous);

            var output = new ArrayBufferWriter<byte>((int)body.Length + 256);
            string? unknownUnit = null;
            using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                // Fields as sent, unless the map names them (its value replaces theirs); what is written is remembered for the defaults.
                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var known = FieldNames.BySpelling.TryGetValue(property.Name, out var field);
                    if (known && (_entries.Any(e => e.Field == field) || (MapsUnits && field == FieldNames.AllowedAcsEntranceIds)))
                        continue;
                    property.WriteTo(writer);
                    if (known && property.Value.ValueKind != JsonValueKind.Null)
                        written.Add(field!);
                }

                for (var i = 0; i < _entries.Length; i++)
                {
                    if (values[i] is not { } value || _entries[i].Field is EventField or UnitField || (MapsUnits && _entries[i].Field == FieldNames.AllowedAcsEntranceIds))
                        continue;
                    written.Add(_entries[i].Field);
                    writer.WritePropertyName(_entries[i].Field);
                    if (_entries[i].Field == FieldNames.Reference && value.ValueKind == JsonValueKind.Number)
                        writer.WriteStringValue(value.GetRawText()); // PMS ids are often integers
                    else
                        value.WriteTo(writer);
                }

                if (_units is not null)
                {
                    // Fails closed: a unit that is missing, null or not listed opens nothing (the caller refuses a create or upsert).
                    var unit = TextOf(values, UnitField);
                    if (unit is not null && _units.TryGetValue(unit, out var entrances))
                    {
                        writer.WritePropertyName(FieldNames.AllowedAcsEntranceIds);
                        writer.WriteStartArray();
                        foreach (var entrance in entrances)
                            writer.WriteStringValue(entrance);
                        writer.WriteEndArray();
                    }
                    else
                    {
                        unknownUnit = unit ?? "";
                    }

                    written.Add(FieldNames.AllowedAcsEntranceIds);
                }

                foreach (var (field, constant) in _defaults)
                {
                    if (!written.Contains(field))
                        writer.WriteString(field, constant);
                }

                writer.WriteEndObject();
            }

            return new MappedBody(output.WrittenMemory, null, TextOf(values, EventField), unknownUnit);
        }
    }

    /// <summary>A special entry's value as text: a string as it is, a number or boolean as its JSON text.</summary>
    private string? TextOf(JsonElement?[] values, string field)
    {
        var index = Array.FindIndex(_entries, e => e.Field == field);
        return index < 0 || values[index] is not { } found ? null
            : found.ValueKind == JsonValueKind.String ? found.GetString()
            : found.ValueKind == JsonValueKind.Null ? null
            : found.GetRawText();
    }

    /// <summary>The value at the path (null when absent); false when an object on the way has the name twice.</summary>
    private static bool TryResolve(JsonElement root, Segment[] path, out JsonElement? value)
    {
        value = null;
        var current = root;
        foreach (var segment in path)
        {
            if (segment.Name is { } name)
            {
                if (current.ValueKind != JsonValueKind.Object)
                    return true;
                var found = 0;
                foreach (var property in current.EnumerateObject())
                {
                    if (property.NameEquals(name) && found++ == 0)
                        current = property.Value;
                }

                if (found > 1)
                    return false;
                if (found == 0)
                    return true;
            }
            else if (current.ValueKind != JsonValueKind.Array || segment.Index >= current.GetArrayLength())
            {
                return true;
            }
            else
            {
                current = current[segment.Index];
            }
        }

        value = current;
        return true;
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

    [GeneratedRegex("""^\$(?<segment>\.[A-Za-z0-9_\-]+|\['[^'\]]+'\]|\["[^"\]]+"\]|\[[0-9]{1,4}\])+\z""", RegexOptions.CultureInvariant)]
    private static partial Regex JsonPath();

    private readonly record struct Segment(string? Name, int Index);
}

/// <summary>
/// What <see cref="FieldMap.Apply"/> made: the body for the parser and the mapped event, or why the payload is
/// refused. <see cref="UnknownUnit"/> is the unit that opens nothing (empty when the payload names none), for a source that maps units.
/// </summary>
internal readonly record struct MappedBody(ReadOnlyMemory<byte> Body, ValidationErrors? Refusal, string? Event = null, string? UnknownUnit = null);
