using System.Buffers;
using System.Text;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Validation;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Tests.Validation;

/// <summary>
/// Whatever bytes arrive, the parser and the field map answer with a request or a refusal, never an exception
/// (which would be a 500 with a stack trace in the log). Random and mutated bodies, bounded to a few seconds.
/// </summary>
public sealed class MalformedBodyPropertyTests
{
    private const long Iterations = 20_000;

    private static readonly string[] Names =
    [
        .. FieldNames.BySpelling.Keys, "reservation", "guest", "id", "door_code", "other",
        @"\ud800", @"co\u0064e", @"\udc00x", "",
    ];

    /// <summary>JSON string contents (already escaped): lone and reversed surrogates, control escapes, ordinary values.</summary>
    private static readonly string[] Strings =
    [
        @"\ud800", @"\udfff", @"\udc00\ud800", @"12\ud83d", @"\ud83d\ude00", @"\u0000", @"\u001f", "\\\"", "\\\\", "\\/", "é",
        "4821", "0042", "3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63", "2030-01-01T15:00:00Z", "2030-01-03T11:00:00+01:00",
        "code", "card", "booking-1042", "",
    ];

    private static readonly string[] Numbers =
    [
        "1e99999999999999999999999", "-1e99999999999999999999999", "1e-99999999999999999999", "123456789012345678901234567890",
        "0", "-0", "1.0", "4821", "0.0000000000000000000000000000001", "1E+400",
    ];

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, (IGen<string>)Gen.OneOf(Strings).Select(s => $"\"{s}\"")),
        (2, Gen.OneOf(Numbers)),
        (1, Gen.OneOf("true", "false", "null")));

    private static Gen<string> Value(int depth) => depth >= 3
        ? Scalar
        : Gen.Frequency((5, Scalar), (1, Array(depth + 1)), (2, Object(depth + 1)));

    private static Gen<string> Array(int depth) =>
        Value(depth).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]");

    /// <summary>Objects whose names repeat often (duplicates with equal or different values).</summary>
    private static Gen<string> Object(int depth) =>
        Gen.Select(Gen.OneOf(Names), Value(depth), (name, value) => $"\"{name}\":{value}")
            .Array[0, 7]
            .Select(members => "{" + string.Join(",", members) + "}");

    private static readonly Gen<byte[]> JsonishBodies = Gen.Frequency(
        (6, Object(0).Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 200]),
        (2, Gen.Select(Object(0), Gen.Int[0, 400], Gen.OneOf(@"\ud800", "\"", "{", "]", ",", "\u0000", @"\", "\xff", "1e999999999"),
            (json, at, splice) => Encoding.UTF8.GetBytes(json.Insert(Math.Min(at, json.Length), splice)))));

    private readonly AccessRequestParser _parser = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)));

    private void AssertParsedOrRefused(ReadOnlyMemory<byte> body)
    {
        var result = _parser.Parse(body);
        Assert.True(result.Request is not null || result.InvalidJsonDetail is not null || result.Errors is { IsEmpty: false },
            "neither a request nor a refusal");
    }

    [Fact]
    public void EveryBodyIsParsedOrRefusedNeverThrown() =>
        JsonishBodies.Sample(body => AssertParsedOrRefused(body), iter: Iterations, print: Encoding.UTF8.GetString);

    [Fact]
    public void EveryMappedPayloadIsMappedOrRefusedNeverThrown()
    {
        Assert.True(FieldMap.TryCompile(new Dictionary<string, string>
        {
            ["code"] = "$.reservation.door_code",
            ["reference"] = "$.reservation.id",
            ["acs_user_id"] = "$.reservation['guest'].id",
            ["ends_at"] = "$.reservation.other[0]",
        }, out var map, out var error), error);
        var payloads = Gen.Frequency(
            (4, Gen.Select(Object(1), Object(0), (reservation, rest) => $"{{\"reservation\":{reservation},\"x\":{rest}}}").Select(Encoding.UTF8.GetBytes)),
            (1, JsonishBodies));

        payloads.Sample(payload =>
        {
            if (AccessRequestParser.CheckReadable(new ReadOnlySequence<byte>(payload)) is not null)
                return; // refused before any map is applied (MappedDeliveryPropertyTests runs the whole verifier)
            var mapped = map!.Apply(new ReadOnlySequence<byte>(payload));
            if (mapped.Refusal is null)
                AssertParsedOrRefused(mapped.Body);
        }, iter: Iterations, print: Encoding.UTF8.GetString);
    }

    [Theory]
    [InlineData("code")]
    [InlineData("reference")]
    [InlineData("acs_user_id")]
    [InlineData("starts_at")]
    [InlineData("access_method")]
    public void AnUnpairedSurrogateEscapeInAFieldIsInvalidJson(string field)
    {
        var result = _parser.Parse(Encoding.UTF8.GetBytes($$"""{"acs_user_id":"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63","code":"4821","{{field}}":"\ud800"}"""));

        Assert.Contains("escape", result.InvalidJsonDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"code":"\ud800","code":"\udc00"}""")]
    [InlineData("""{"code":"1","code":"1","reference":1e99999999999999999999999,"reference":1e99999999999999999999999}""")]
    [InlineData("""{"reference":1e99999999999999999999999,"reference":2e99999999999999999999999}""")]
    [InlineData("""{"reference":{"a":1e400},"reference":{"a":1e401}}""")]
    public void DuplicatesOfStrangeValuesAreRefusedNotThrown(string json)
    {
        var result = _parser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Null(result.Request);
        Assert.True(result.InvalidJsonDetail is not null || result.Errors is not null);
    }
}
