using System.Text;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Validation;

namespace SeamFunctions.Tests.Validation;

/// <summary>Dates and local times in a property's zone, by TZDB's rules at that instant, DST edges included.</summary>
public sealed class LocalTimeTests
{
    private const string User = "3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63";
    private readonly AccessRequestParser _parser = new(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    private ParseResult Parse(string fields) => _parser.Parse(Encoding.UTF8.GetBytes($$"""{"acs_user_id":"{{User}}","code":"4821",{{fields}}}"""));

    private DateTimeOffset StartOf(string zone, string startsAt)
    {
        var result = Parse($$"""  "time_zone":"{{zone}}","starts_at":"{{startsAt}}" """);
        Assert.True(result.Request is not null, string.Join("; ", result.Errors?.ToDictionary().SelectMany(e => e.Value) ?? [result.InvalidJsonDetail!]));
        return result.Request.StartsAt!.Value;
    }

    [Theory]
    // Europe/Berlin: 2026-03-29 02:00 -> 03:00 (gap), 2026-10-25 03:00 -> 02:00 (overlap)
    [InlineData("Europe/Berlin", "2026-03-29T02:30:00", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29T01:59:59", "2026-03-29T00:59:59Z")]
    [InlineData("Europe/Berlin", "2026-10-25T02:30:00", "2026-10-25T00:30:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25 03:00", "2026-10-25T02:00:00Z")]
    // America/New_York: 2026-03-08 02:00 -> 03:00, 2026-11-01 02:00 -> 01:00
    [InlineData("America/New_York", "2026-03-08T02:30", "2026-03-08T07:00:00Z")]
    [InlineData("America/New_York", "2026-11-01T01:30:00", "2026-11-01T05:30:00Z")]
    [InlineData("America/New_York", "2026-11-01T02:30:00", "2026-11-01T07:30:00Z")]
    // Pacific/Auckland: 2026-04-05 03:00 -> 02:00 (NZDT +13 -> NZST +12), 2026-09-27 02:00 -> 03:00
    [InlineData("Pacific/Auckland", "2026-04-05T02:30:00", "2026-04-04T13:30:00Z")]
    [InlineData("Pacific/Auckland", "2026-09-27T02:30:00", "2026-09-26T14:00:00Z")]
    [InlineData("Pacific/Auckland", "2026-12-24T15:00:00", "2026-12-24T02:00:00Z")]
    public void ALocalTimeBecomesTheInstantTheZonesRulesGive(string zone, string local, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), StartOf(zone, local));

    [Fact]
    public void ABareDateIsCheckInOrCheckOutTimeThatDay()
    {
        var request = Parse("""  "time_zone":"Europe/Berlin","starts_at":"2026-12-01","ends_at":"2026-12-03" """).Request!;

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), request.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), request.EndsAt);
    }

    [Fact]
    public void TheBodysCheckInAndCheckOutTimesWinAndMayBeWholeHours()
    {
        var request = Parse("""  "time_zone":"America/New_York","starts_at":"2026-07-01","ends_at":"2026-07-04","check_in_time":16,"check_out_time":"10:30" """).Request!;

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 20, 0, 0, TimeSpan.Zero), request.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 7, 4, 14, 30, 0, TimeSpan.Zero), request.EndsAt);
    }

    [Fact]
    public void ASourcesZoneAndTimesApplyWhenTheBodyHasNone()
    {
        var local = new LocalTimeDefaults(LocalTimes.Zone("Pacific/Auckland"), new NodaTime.LocalTime(14, 0), new NodaTime.LocalTime(10, 0));

        var request = _parser.Parse(new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes($$"""{"acs_user_id":"{{User}}","code":"4821","starts_at":"2026-12-24","ends_at":"2026-12-26"}""")), local).Request!;

        Assert.Equal(new DateTimeOffset(2026, 12, 24, 1, 0, 0, TimeSpan.Zero), request.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 25, 21, 0, 0, TimeSpan.Zero), request.EndsAt);
    }

    [Fact]
    public void AValueWithAnOffsetIsTakenAsGivenEvenWithAZone() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), StartOf("Pacific/Auckland", "2026-12-01T13:00:00+01:00"));

    [Theory]
    [InlineData("""  "starts_at":"2026-12-01T15:00:00" """, "starts_at")]
    [InlineData("""  "starts_at":"2026-12-01" """, "starts_at")]
    [InlineData("""  "time_zone":"Mars/Olympus_Mons","starts_at":"2026-12-01" """, "time_zone")]
    [InlineData("""  "time_zone":"Europe/Berlin","starts_at":"2026-13-01" """, "starts_at")]
    [InlineData("""  "time_zone":"Europe/Berlin","starts_at":"2026-12-01","check_in_time":"25:00" """, "check_in_time")]
    public void WithoutAUsableZoneALocalTimeIsRefusedNamingTheField(string fields, string field) =>
        Assert.True(Parse(fields).Errors?.Has(field), field);
}
