using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Tests.Webhooks;

public sealed class FieldMapTests
{
    private static JsonObject Apply(Dictionary<string, string> map, string payload)
    {
        Assert.True(FieldMap.TryCompile(map, out var fieldMap, out var error), error);
        var mapped = fieldMap!.Apply(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)));
        Assert.Null(mapped.Refusal);
        return JsonNode.Parse(mapped.Body.Span)!.AsObject();
    }

    [Fact]
    public void AMappedPmsPayloadBecomesOurRequest()
    {
        var request = Apply(
            new() { ["code"] = "$.reservation.door_code", ["acs_user_id"] = "$.reservation['guest'].seam_user", ["ends_at"] = "$.stays[0].checkout" },
            """{"reservation":{"door_code":"0042","guest":{"seam_user":"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63"}},"stays":[{"checkout":"2030-01-03T11:00:00Z"}],"reference":"r-9"}""");

        Assert.Equal("0042", (string?)request["code"]);
        Assert.Equal("3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63", (string?)request["acs_user_id"]);
        Assert.Equal("2030-01-03T11:00:00Z", (string?)request["ends_at"]);
        Assert.Equal("r-9", (string?)request["reference"]); // unmapped fields pass as sent
    }

    [Fact]
    public void AMappedFieldReplacesTheSameFieldSentDirectly()
    {
        var request = Apply(new() { ["code"] = "$.pin_for_door" }, """{"code":"1111","pin":"2222","pin_for_door":"3333"}""");

        Assert.Equal("3333", (string?)request["code"]);
        Assert.Null(request["pin"]);
    }

    [Fact]
    public void ADefaultFillsAMappedFieldWhosePathIsAbsentEvenIfThePayloadSendsTheFieldDirectly()
    {
        Assert.True(FieldMap.TryCompile(new Dictionary<string, string> { ["acs_system_id"] = "$.property.system" }, out var map, out _,
            defaults: new Dictionary<string, string> { ["acs_system_id"] = "default-system" }));

        var mapped = map!.Apply(new ReadOnlySequence<byte>("""{"acs_system_id":"sent-directly","property":{}}"""u8.ToArray()));

        Assert.Equal("default-system", (string?)JsonNode.Parse(mapped.Body.Span)!["acs_system_id"]);
    }

    [Fact]
    public void AMissingPathLeavesTheFieldOut() =>
        Assert.Null(Apply(new() { ["code"] = "$.nope.door_code" }, """{"reservation":{}}""")["code"]);

    [Theory]
    [InlineData("""{"reservation":{"door_code":"1111","door_code":"2222"}}""")]
    [InlineData("""{"reservation":{"door_code":"1111"},"reservation":{"door_code":"2222"}}""")]
    [InlineData("""{"reservation":{"door_code":"1111"},"reservation":{}}""")]
    public void ANameTwiceOnAMappedPathIsRefusedNamingTheField(string payload)
    {
        Assert.True(FieldMap.TryCompile(new Dictionary<string, string> { ["code"] = "$.reservation.door_code" }, out var map, out _));

        var mapped = map!.Apply(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)));

        Assert.True(mapped.Refusal?.Has("code"));
    }

    [Fact]
    public void ANameTwiceOffTheMappedPathsIsLeftToTheParser() =>
        Assert.Equal("1111", (string?)Apply(new() { ["code"] = "$.reservation.door_code" },
            """{"reservation":{"door_code":"1111","note":"a","note":"b"}}""")["code"]);

    [Theory]
    [InlineData("code", "reservation.door_code")]
    [InlineData("code", "$..door_code")]
    [InlineData("code", "$.items[?(@.x)]")]
    [InlineData("code", "$")]
    [InlineData("pin", "$.door_code")]
    [InlineData("acsUserId", "$.user")]
    [InlineData("hotel", "$.x")]
    public void OnlySimplePathsToKnownFieldsCompile(string field, string path) =>
        Assert.False(FieldMap.TryCompile(new Dictionary<string, string> { [field] = path }, out _, out _));
}
