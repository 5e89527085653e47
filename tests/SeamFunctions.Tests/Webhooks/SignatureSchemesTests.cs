using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Tests.Webhooks;

/// <summary>Known-answer tests for each scheme, and the ways a forged or replayed delivery can look.</summary>
public sealed class SignatureSchemesTests
{
    // The Standard Webhooks specification's published test vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Payload = """{"test": 2432232314}""";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static SignatureCheck Standard(
        string payload = Payload, string secret = Secret, string? id = Id, string? signature = Signature, long? timestamp = Timestamp, long now = Timestamp) =>
        SignatureSchemes.VerifyStandardWebhooks(secret, id, timestamp?.ToString(System.Globalization.CultureInfo.InvariantCulture), signature,
            Bytes(payload), DateTimeOffset.FromUnixTimeSeconds(now), Tolerance);

    [Fact]
    public void TheSpecsTestVectorVerifies() => Assert.Equal(SignatureCheck.Valid, Standard());

    [Fact]
    public void ATamperedBodyFails() => Assert.Equal(SignatureCheck.Invalid, Standard(payload: """{"test": 2432232315}"""));

    [Fact]
    public void AReserializedBodyFailsEvenThoughItIsTheSameJson() =>
        Assert.Equal(SignatureCheck.Invalid, Standard(payload: """{"test":2432232314}"""));

    [Fact]
    public void AWrongSecretFails() => Assert.Equal(SignatureCheck.Invalid, Standard(secret: "whsec_" + Convert.ToBase64String(new byte[24])));

    [Fact]
    public void ATamperedIdFails() => Assert.Equal(SignatureCheck.Invalid, Standard(id: "msg_other"));

    [Fact]
    public void DuringRotationOneValidSignatureAmongSeveralIsEnough()
    {
        Assert.Equal(SignatureCheck.Valid, Standard(signature: "v1,bm90IHRoZSByaWdodCBzaWduYXR1cmUgYXQgYWxs " + Signature));
        Assert.Equal(SignatureCheck.Valid, Standard(signature: Signature + " v1a,ignored-asymmetric-entry"));
        Assert.Equal(SignatureCheck.Invalid, Standard(signature: "v1,bm90IHRoZSByaWdodCBzaWduYXR1cmUgYXQgYWxs v2,xyz"));
    }

    [Theory]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void TimestampsAreAcceptedWithinFiveMinutesEitherWay(long skewSeconds, bool accepted) =>
        Assert.Equal(accepted ? SignatureCheck.Valid : SignatureCheck.Stale, Standard(now: Timestamp + skewSeconds));

    [Fact]
    public void MissingHeadersAreMissingAndMalformedOnesInvalid()
    {
        Assert.Equal(SignatureCheck.Missing, Standard(id: null));
        Assert.Equal(SignatureCheck.Missing, Standard(signature: null));
        Assert.Equal(SignatureCheck.Missing, Standard(timestamp: null));
        Assert.Equal(SignatureCheck.Invalid, Standard(signature: "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
        Assert.Equal(SignatureCheck.Invalid, Standard(signature: "v1,not base64!"));
        Assert.Equal(SignatureCheck.Invalid, SignatureSchemes.VerifyStandardWebhooks(Secret, Id, "16142653.30", Signature, Bytes(Payload),
            DateTimeOffset.FromUnixTimeSeconds(Timestamp), Tolerance));
    }

    // RFC 4231-style well-known value: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
    private const string FoxHex = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
    private static readonly ReadOnlySequence<byte> Fox = Bytes("The quick brown fox jumps over the lazy dog");

    [Theory]
    [InlineData("sha256=" + FoxHex)]
    [InlineData(FoxHex)]
    [InlineData("SHA256=F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8")]
    public void HmacSha256AcceptsPrefixedAndBareHex(string header) =>
        Assert.Equal(SignatureCheck.Valid, SignatureSchemes.VerifyHmacSha256("key", header, Fox));

    [Fact]
    public void HmacSha256AcceptsBase64() =>
        Assert.Equal(SignatureCheck.Valid, SignatureSchemes.VerifyHmacSha256("key", Convert.ToBase64String(Convert.FromHexString(FoxHex)), Fox));

    [Fact]
    public void HmacSha256RefusesWrongSecretTamperedBodyAndGarbage()
    {
        Assert.Equal(SignatureCheck.Invalid, SignatureSchemes.VerifyHmacSha256("other", FoxHex, Fox));
        Assert.Equal(SignatureCheck.Invalid, SignatureSchemes.VerifyHmacSha256("key", FoxHex, Bytes("The quick brown fox jumps over the lazy cat")));
        Assert.Equal(SignatureCheck.Invalid, SignatureSchemes.VerifyHmacSha256("key", "sha256=zz", Fox));
        Assert.Equal(SignatureCheck.Missing, SignatureSchemes.VerifyHmacSha256("key", null, Fox));
    }

    [Fact]
    public void HmacSha256OverASplitBodyEqualsTheWhole()
    {
        var first = new Segment(Encoding.UTF8.GetBytes("The quick brown fox "));
        var last = first.Append(Encoding.UTF8.GetBytes("jumps over the lazy dog"));

        Assert.Equal(SignatureCheck.Valid, SignatureSchemes.VerifyHmacSha256("key", FoxHex, new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)));
    }

    [Fact]
    public void SharedTokenComparesWholeValues()
    {
        Assert.Equal(SignatureCheck.Valid, SignatureSchemes.VerifySharedToken("s3cret-token", "s3cret-token"));
        Assert.Equal(SignatureCheck.Invalid, SignatureSchemes.VerifySharedToken("s3cret-token", "s3cret-toke"));
        Assert.Equal(SignatureCheck.Invalid, SignatureSchemes.VerifySharedToken("s3cret-token", "s3cret-token "));
        Assert.Equal(SignatureCheck.Missing, SignatureSchemes.VerifySharedToken("s3cret-token", ""));
    }

    [Fact]
    public void TheVectorsHmacIsWhatOpensslWouldCompute()
    {
        // Independent of the verifier: recompute the vector's signature with the framework's one-shot HMAC.
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Payload}"));

        Assert.Equal(Signature, "v1," + Convert.ToBase64String(mac));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNzd29yZC0xMjM0NTY3OA==", "Valid")] // user:password-12345678
    [InlineData("basic dXNlcjpwYXNzd29yZC0xMjM0NTY3OA==", "Valid")]
    [InlineData("Basic dXNlcjpwYXNzd29yZC0xMjM0NTY3OQ==", "Invalid")] // ...679
    [InlineData("Basic not base64!", "Invalid")]
    [InlineData("Bearer dXNlcjpwYXNzd29yZC0xMjM0NTY3OA==", "Missing")]
    [InlineData(null, "Missing")]
    public void BasicCredentialsMustBeTheSecretsUserAndPassword(string? authorization, string expected) =>
        Assert.Equal(expected, SignatureSchemes.VerifyBasic("user:password-12345678", authorization).ToString());
}
