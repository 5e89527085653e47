using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace SeamFunctions.Validation;

/// <summary>A property's local time: its IANA zone and its check-in and check-out times of day.</summary>
internal sealed record LocalTimeDefaults(DateTimeZone? Zone, LocalTime CheckIn, LocalTime CheckOut)
{
    public static readonly LocalTimeDefaults None = new(null, LocalTimes.DefaultCheckIn, LocalTimes.DefaultCheckOut);
}

/// <summary>
/// Dates and times as property-management systems send them: a bare date (that day's check-in or check-out time)
/// or a local date-time without offset, turned into an instant by the zone's rules at that instant (NodaTime's
/// bundled TZDB, so the machine's own zone database never matters). A local time that a DST change skips is the
/// first valid instant after the gap; one that it repeats is the earlier of the two.
/// </summary>
internal static partial class LocalTimes
{
    public static readonly LocalTime DefaultCheckIn = new(15, 0);
    public static readonly LocalTime DefaultCheckOut = new(11, 0);

    private static readonly ZoneLocalMappingResolver Resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>The zone of an IANA name (e.g. <c>Europe/Berlin</c>), or null when TZDB has no such zone.</summary>
    public static DateTimeZone? Zone(string name) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(name);

    /// <summary><c>HH:mm</c> (or <c>H:mm</c>), or a whole hour (<c>15</c>).</summary>
    public static bool TryParseTimeOfDay(string text, out LocalTime time)
    {
        time = default;
        var match = TimeOfDay().Match(text);
        if (!match.Success)
            return false;
        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["minute"].Success ? int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour > 23 || minute > 59)
            return false;
        time = new LocalTime(hour, minute);
        return true;
    }

    /// <summary>
    /// A bare date (at <paramref name="timeOfDay"/>) or a local date-time (<c>2026-12-01T15:00:00</c>,
    /// <c>2026-12-01 15:00</c>) in <paramref name="zone"/>, as an instant; null when the text is neither.
    /// </summary>
    public static DateTimeOffset? Resolve(string text, DateTimeZone zone, LocalTime timeOfDay)
    {
        LocalDateTime local;
        if (BareDate().IsMatch(text) && LocalDatePattern.Iso.Parse(text) is { Success: true } date)
        {
            local = date.Value + timeOfDay;
        }
        else if (LocalDateTimeText().Match(text) is { Success: true } match)
        {
            var normalized = $"{match.Groups["date"].Value}T{match.Groups["time"].Value}" + (match.Groups["seconds"].Success ? "" : ":00");
            if (LocalDateTimePattern.ExtendedIso.Parse(normalized) is not { Success: true } parsed)
                return null;
            local = parsed.Value;
        }
        else
        {
            return null;
        }

        return ToInstant(() => zone.ResolveLocal(local, Resolver));
    }

    /// <summary>The zoned time as a UTC instant; null when that instant lies past what a date-time can hold (after 9999-12-31 UTC).</summary>
    private static DateTimeOffset? ToInstant(Func<ZonedDateTime> resolve)
    {
        try
        {
            return resolve().ToDateTimeOffset().ToUniversalTime();
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?<hour>[0-9]{1,2})(:(?<minute>[0-9]{2}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex BareDate();

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?<time>[0-9]{2}:[0-9]{2}(?<seconds>:[0-9]{2}(\.[0-9]{1,7})?)?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocalDateTimeText();
}
