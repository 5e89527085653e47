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
    private readonly IReadOnlyDictionary<string, string[]>? _devices;
    private readonly IReadOnlyDictionary<string, Guid[]>? _spaces;

    private FieldMap(
        (string, Segment[])[] entries, IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, Guid[]>? units, IReadOnlyDictionary<string, string[]>? devices,
        IReadOnlyDictionary<string, Guid[]>? spaces)
    {
        _entries = entries;
        _defaults = defaults;
        _units = units;
        _devices = devices;
        _spaces = spaces;
    }

    /// <param name="defaults">Constants for fields a payload does not carry (<c>Defaults__acs_system_id</c>), as JSON strings.</param>
    /// <param name="units">The sender's unit ids to entrance ids: the mapped <c>unit</c> sets <c>allowed_acs_entrance_ids</c>.</param>
    /// <param name="devices">The sender's unit ids to smart locks: the mapped <c>unit</c> sets <c>device_ids</c>.</param>
    /// <param name="spaces">The sender's unit ids to Seam spaces (access grants): the mapped <c>unit</c> sets <c>space_ids</c>.</param>
    public static bool TryCompile(
        IReadOnlyDictionary<string, string> map, out FieldMap? fieldMap, out string? error,
        IReadOnlyDictionary<string, string>? defaults = null, IReadOnlyDictionary<string, Guid[]>? units = null, IReadOnlyDictionary<string, string[]>? devices = null,
        IReadOnlyDictionary<string, Guid[]>? spaces = null)
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

        fieldMap = new FieldMap([.. entries], defaults ?? new Dictionary<string, string>(), units, devices, spaces);
        return true;
    }

    /// <summary>
    /// Whether the source maps units (<c>Map__unit</c> with <c>Units</c> and/or <c>Devices</c>): then entrances and
    /// locks come from those lists only, never from the payload.
    /// </summary>
    public bool MapsUnits => _units is not null || _devices is not null || _spaces is not null;

    /// <summary>Fields the unit decides when the source maps units.</summary>
    private static readonly string[] UnitFields = [FieldNames.AllowedAcsEntranceIds, FieldNames.DeviceIds, FieldNames.DeviceId, FieldNames.SpaceIds, FieldNames.AcsEntranceIds];

    /// <summary>
    /// The request body our parser reads: mapped fields from their paths, the rest as sent. The body must be a
    /// readable JSON object (<see cref="AccessRequestParser.CheckReadable"/>); a path that meets one name
    /// twice is refused, since a payload that says two things must not be read as either.
    /// </summary>
    public MappedBody Apply(ReadOnlySequence<byte> body)
    {
        using var document = JsonDocument.Parse(body);
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
        var unit = TextOf(values, UnitField);
        var locks = unit is not null && _devices is not null && _devices.TryGetValue(unit, out var found) ? found : null;
        var spaces = locks is null && unit is not null && _spaces is not null && _spaces.TryGetValue(unit, out var granted) ? granted : null;
        string? unknownUnit;
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            var written = WriteSentFields(writer, document.RootElement, locks is not null);
            WriteMappedFields(writer, values, written, locks is not null);
            unknownUnit = locks is not null ? WriteUnitLocks(writer, locks, written)
                : spaces is not null ? WriteUnitIds(writer, FieldNames.SpaceIds, spaces, written)
                : WriteUnitEntrances(writer, unit, written);
            WriteDefaults(writer, written, lockUnit: locks is not null);
            writer.WriteEndObject();
        }

        return new MappedBody(output.WrittenMemory, null, TextOf(values, EventField), unknownUnit);
    }

    /// <summary>The source's constants for fields nothing else wrote (a lock unit takes none of an ACS credential's).</summary>
    private void WriteDefaults(Utf8JsonWriter writer, HashSet<string> written, bool lockUnit)
    {
        foreach (var (field, constant) in _defaults)
        {
            if (!written.Contains(field) && !(lockUnit && FieldNames.AcsOnly.Contains(field)))
                writer.WriteString(field, constant);
        }
    }

    /// <summary>Whether a field is not taken from the payload: the unit decides it, or (a lock unit) it belongs to an ACS credential.</summary>
    private bool Skipped(string field, bool lockUnit) =>
        (MapsUnits && UnitFields.Contains(field)) || (lockUnit && FieldNames.AcsOnly.Contains(field));

    /// <summary>The payload's own fields, unless the map names them (its value replaces theirs); returns the fields written.</summary>
    private HashSet<string> WriteSentFields(Utf8JsonWriter writer, JsonElement root, bool lockUnit)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var known = FieldNames.BySpelling.TryGetValue(property.Name, out var field);
            if (known && (_entries.Any(e => e.Field == field) || Skipped(field!, lockUnit)))
                continue;
            property.WriteTo(writer);
            if (known && property.Value.ValueKind != JsonValueKind.Null)
                written.Add(field!);
        }

        return written;
    }

    /// <summary>Each mapped field found on its path; a numeric reference as its text (PMS ids are often integers).</summary>
    private void WriteMappedFields(Utf8JsonWriter writer, JsonElement?[] values, HashSet<string> written, bool lockUnit)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            var field = _entries[i].Field;
            if (values[i] is not { } value || field is EventField or UnitField || Skipped(field, lockUnit))
                continue;
            written.Add(field);
            writer.WritePropertyName(field);
            if (field == FieldNames.Reference && value.ValueKind == JsonValueKind.Number)
                writer.WriteStringValue(value.GetRawText());
            else
                value.WriteTo(writer);
        }
    }

    /// <summary>
    /// A listed unit's entrances. Fails closed: a unit that is missing, null or in no list opens nothing, and is
    /// returned (empty when none was named) for the caller to refuse a create or upsert.
    /// </summary>
    private string? WriteUnitEntrances(Utf8JsonWriter writer, string? unit, HashSet<string> written)
    {
        if (!MapsUnits)
            return null;
        written.UnionWith(UnitFields);
        if (unit is null || _units is null || !_units.TryGetValue(unit, out var entrances))
            return unit ?? "";
        return WriteUnitIds(writer, FieldNames.AllowedAcsEntranceIds, entrances, written);
    }

    /// <summary>A unit's entrances or spaces, under <paramref name="field"/>.</summary>
    private static string? WriteUnitIds(Utf8JsonWriter writer, string field, Guid[] ids, HashSet<string> written)
    {
        written.UnionWith(UnitFields);
        writer.WritePropertyName(field);
        writer.WriteStartArray();
        foreach (var id in ids)
            writer.WriteStringValue(id);
        writer.WriteEndArray();
        return null;
    }

    /// <summary>A lock unit: its devices, each to get the PIN as an access code.</summary>
    private static string? WriteUnitLocks(Utf8JsonWriter writer, string[] locks, HashSet<string> written)
    {
        written.UnionWith(UnitFields);
        writer.WritePropertyName(FieldNames.DeviceIds);
        writer.WriteStartArray();
        foreach (var device in locks)
            writer.WriteStringValue(device);
        writer.WriteEndArray();
        return null;
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
