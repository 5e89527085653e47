using System.Text;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Validation;
using SeamFunctions.Commands;

namespace SeamFunctions.Tests.Validation;

public sealed class AccessRequestParserTests
{
    private const string UserId = "3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63";
    private const string OtherId = "c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly AccessRequestParser _parser = new(new FakeTimeProvider(Now));

    private ParseResult Parse(string json) => _parser.Parse(Encoding.UTF8.GetBytes(json));

    private AccessRequest Valid(string json)
    {
        var result = Parse(json);
        Assert.Null(result.InvalidJsonDetail);
        Assert.True(result.Errors is null, string.Join("; ", result.Errors?.ToDictionary().Select(e => $"{e.Key}: {string.Join(",", e.Value)}") ?? []));
        return result.Request!;
    }

    private Dictionary<string, string[]> Invalid(string json)
    {
        var result = Parse(json);
        Assert.Null(result.Request);
        Assert.NotNull(result.Errors);
        return result.Errors.ToDictionary();
    }

    [Fact]
    public void MinimalRequestDefaultsToAPinCode()
    {
        var request = Valid($$"""{"acs_user_id":"{{UserId}}","code":"1234"}""");

        Assert.Equal(AccessMethod.Code, request.AccessMethod);
        Assert.Equal(Guid.Parse(UserId), request.AcsUserId);
        Assert.Equal("1234", request.Code);
    }

    [Fact]
    public void LeadingZerosOfTheCodeSurvive() =>
        Assert.Equal("0042", Valid($$"""{"acs_user_id":"{{UserId}}","code":"0042"}""").Code);

    [Fact]
    public void CodeAsJsonNumberIsRefusedWithAReasonAboutLeadingZeros()
    {
        var errors = Invalid($$"""{"acs_user_id":"{{UserId}}","code":42}""");

        Assert.Contains("leading zeros", Assert.Single(errors["code"]));
    }

    [Theory]
    [InlineData("\"12a4\"")]
    [InlineData("\"\"")]
    [InlineData("\"12 34\"")]
    [InlineData("\"١٢٣٤\"")] // Arabic-Indic digits are digits to Unicode, not to a keypad
    [InlineData("true")]
    [InlineData("[\"1234\"]")]
    public void CodeMustBeAsciiDigitsInAString(string code) =>
        Assert.True(Invalid($$"""{"acs_user_id":"{{UserId}}","code":{{code}}}""").ContainsKey("code"));

    [Fact]
    public void PinIsAnAliasOfCode() =>
        Assert.Equal("5678", Valid($$"""{"acs_user_id":"{{UserId}}","pin":"5678"}""").Code);

    [Fact]
    public void CamelCaseSpellingsAreAccepted()
    {
        var request = Valid($$"""
            {"acsUserId":"{{UserId}}","accessMethod":"card","startsAt":"2026-12-01T15:00:00Z","endsAt":"2026-12-03T11:00:00+01:00",
             "allowedAcsEntranceIds":["{{OtherId}}"],"isMultiPhoneSyncCredential":true}
            """);

        Assert.Equal(AccessMethod.Card, request.AccessMethod);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), request.EndsAt);
        Assert.Equal([Guid.Parse(OtherId)], request.AllowedAcsEntranceIds);
        Assert.True(request.IsMultiPhoneSyncCredential);
    }

    [Fact]
    public void BothSpellingsWithTheSameValueAreFine() =>
        Assert.Equal("1234", Valid($$"""{"acs_user_id":"{{UserId}}","code":"1234","pin":"1234"}""").Code);

    [Theory]
    [InlineData("""{"acs_user_id":"{0}","code":"1234","pin":"9999"}""", "code")]
    [InlineData("""{"acs_user_id":"{0}","acsUserId":"c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f","code":"1234"}""", "acs_user_id")]
    [InlineData("""{"acs_user_id":"{0}","code":"1234","code":"9999"}""", "code")]
    public void TheSameFieldTwiceWithDifferentValuesIsRefused(string template, string field)
    {
        var errors = Invalid(template.Replace("{0}", UserId, StringComparison.Ordinal));

        var message = Assert.Single(errors[field]);
        Assert.DoesNotContain("9999", message);
    }

    [Fact]
    public void UnknownFieldsAreIgnored() =>
        Valid($$"""{"acs_user_id":"{{UserId}}","code":"1234","hotel":{"rooms":[1,2,3]},"visionline_metadata":{"x":1} }""");

    [Fact]
    public void NullMeansNotGiven()
    {
        var request = Valid($$"""{"acs_user_id":"{{UserId}}","code":"1234","starts_at":null,"reference":null,"allowed_acs_entrance_ids":null}""");

        Assert.Null(request.StartsAt);
        Assert.Null(request.Reference);
    }

    [Fact]
    public void MissingUserSaysWhatToGive()
    {
        var errors = Invalid("""{"code":"1234"}""");

        Assert.Contains("user_identity_id", Assert.Single(errors["acs_user_id"]));
    }

    [Fact]
    public void UserIdentityNeedsItsAccessSystem()
    {
        Assert.True(Invalid($$"""{"user_identity_id":"{{OtherId}}","code":"1234"}""").ContainsKey("acs_system_id"));
        var request = Valid($$"""{"user_identity_id":"{{OtherId}}","acs_system_id":"{{UserId}}","code":"1234"}""");
        Assert.Equal(Guid.Parse(OtherId), request.UserIdentityId);
    }

    [Fact]
    public void AcsUserAndUserIdentityTogetherAreAmbiguous() =>
        Assert.True(Invalid($$"""{"acs_user_id":"{{UserId}}","user_identity_id":"{{OtherId}}","acs_system_id":"{{OtherId}}","code":"1234"}""")
            .ContainsKey("user_identity_id"));

    [Theory]
    [InlineData("\"not-a-uuid\"")]
    [InlineData("\"3f6c2a9e8b1d4e7fa2c59d0b1e4f7a63\"")]
    [InlineData("12")]
    [InlineData("{}")]
    public void IdsMustBeUuidStrings(string id) =>
        Assert.True(Invalid($$"""{"acs_user_id":{{id}},"code":"1234"}""").ContainsKey("acs_user_id"));

    [Fact]
    public void CodeIsRequiredForPinCodesAndRefusedForCards()
    {
        Assert.True(Invalid($$"""{"acs_user_id":"{{UserId}}"}""").ContainsKey("code"));
        Assert.True(Invalid($$"""{"acs_user_id":"{{UserId}}","access_method":"card","code":"1234"}""").ContainsKey("code"));
        Assert.Null(Valid($$"""{"acs_user_id":"{{UserId}}","access_method":"mobile_key"}""").Code);
    }

    [Theory]
    [InlineData("\"pin\"")]
    [InlineData("\"CODE\"")]
    [InlineData("1")]
    public void AccessMethodMustBeOneOfSeams(string method) =>
        Assert.True(Invalid($$"""{"acs_user_id":"{{UserId}}","access_method":{{method}},"code":"1234"}""").ContainsKey("access_method"));

    [Theory]
    [InlineData("2026-12-01T15:00:00")] // no offset: whose 3 pm?
    [InlineData("2026-12-01")]
    [InlineData("01/12/2026 15:00")]
    [InlineData("2026-13-01T15:00:00Z")]
    public void TimesNeedIso8601WithAnOffset(string value) =>
        Assert.True(Invalid($$"""{"acs_user_id":"{{UserId}}","code":"1234","starts_at":"{{value}}"}""").ContainsKey("starts_at"));

    [Fact]
    public void EndsMustFollowStartsAndLieInTheFuture()
    {
        Assert.Contains("after starts_at", Invalid($$"""
            {"acs_user_id":"{{UserId}}","code":"1234","starts_at":"2026-12-02T00:00:00Z","ends_at":"2026-12-01T00:00:00Z"}
            """)["ends_at"][0]);
        Assert.Contains("future", Invalid($$"""{"acs_user_id":"{{UserId}}","code":"1234","ends_at":"2026-11-27T11:59:59Z"}""")["ends_at"][0]);
    }

    [Fact]
    public void EntranceIdsMustAllBeUuids()
    {
        var errors = Invalid($$"""{"acs_user_id":"{{UserId}}","code":"1234","allowed_acs_entrance_ids":["{{OtherId}}","lobby"]}""");

        Assert.Contains("Item 1", Assert.Single(errors["allowed_acs_entrance_ids"]));
    }

    [Fact]
    public void ReferenceIsEchoedButBounded()
    {
        Assert.Equal("booking-42", Valid($$"""{"acs_user_id":"{{UserId}}","code":"1234","reference":"booking-42"}""").Reference);
        Assert.True(Invalid($$"""{"acs_user_id":"{{UserId}}","code":"1234","reference":"{{new string('r', 201)}}"}""").ContainsKey("reference"));
        Assert.True(Invalid($$"""{"acs_user_id":"{{UserId}}","code":"1234","reference":"a\u0000b"}""").ContainsKey("reference"));
        Assert.Equal("Gästehaus 🏨", Valid($$"""{"acs_user_id":"{{UserId}}","code":"1234","reference":"Gästehaus 🏨"}""").Reference);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var errors = Invalid("""{"acs_user_id":"x","code":12,"access_method":"code","ends_at":"soon","is_multi_phone_sync_credential":"yes"}""");

        Assert.Equal(["acs_user_id", "code", "ends_at", "is_multi_phone_sync_credential"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"code\":\"1234\",}")]
    [InlineData("[]")]
    [InlineData("\"1234\"")]
    [InlineData("null")]
    [InlineData("{'code':'1234'}")]
    public void BodiesThatAreNotAJsonObjectAreInvalidJson(string body)
    {
        var result = Parse(body);

        Assert.NotNull(result.InvalidJsonDetail);
        Assert.Null(result.Request);
    }

    [Fact]
    public void DeepNestingIsRefusedAsInvalidJson()
    {
        var deep = new string('[', 200) + new string(']', 200);

        Assert.NotNull(Parse($$"""{"acs_user_id":"{{UserId}}","code":"1234","x":{{deep}}}""").InvalidJsonDetail);
    }

    [Fact]
    public void InvalidUtf8IsInvalidJson()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"acs_user_id":"{{UserId}}","code":"1234","reference":"X"}""");
        bytes[^3] = 0xFF;

        Assert.NotNull(_parser.Parse(bytes).InvalidJsonDetail);
    }

    [Fact]
    public void ALeadingByteOrderMarkIsTolerated() =>
        Assert.Equal("1234", _parser.Parse(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($$"""{"acs_user_id":"{{UserId}}","code":"1234"}""")).ToArray()).Request?.Code);

    [Fact]
    public void TheRequestNeverPrintsItsPin() =>
        Assert.DoesNotContain("73915", Valid($$"""{"acs_user_id":"{{UserId}}","code":"73915"}""").ToString(), StringComparison.Ordinal);
}
