using System.Text;
using System.Text.Json;
using SeamFunctions.Answers;
using SeamFunctions.Upstream;

namespace SeamFunctions.Tests.Upstream;

public sealed class SeamErrorTextTests
{
    [Fact]
    public void ThePinIsScrubbedFromSeamsFieldNamesAsFromItsMessages()
    {
        using var zod = JsonDocument.Parse("""
            {"_errors":[],"code":{"_errors":["code 48213 is taken"]},"48213":{"_errors":["unknown key"]},"codes":{"48213":{"_errors":["nested"]}}}
            """);
        var rejected = new SeamCallResult.Rejected(400, new SeamErrorBody { Type = "invalid_input", Message = "PIN 48213 refused", ValidationErrors = zod.RootElement }, "req-1");

        var answer = Encoding.UTF8.GetString(SeamFunctions.Inbound.OutcomeRendering.Render(Problems.FromUpstream(rejected, "r-1", "48213")).Body);

        Assert.DoesNotContain("48213", answer, StringComparison.Ordinal);
        var errors = JsonDocument.Parse(answer).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("code", out _));
        Assert.True(errors.TryGetProperty(SeamErrorText.Redacted, out _));
        Assert.True(errors.TryGetProperty("codes." + SeamErrorText.Redacted, out _));
    }
}
