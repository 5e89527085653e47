using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using SeamFunctions.Answers;
using SeamFunctions.OpenApi;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.OpenApi;

/// <summary>docs/api.md's error table and the code say the same: every problem code, under the same status.</summary>
public sealed partial class ErrorTableTests
{
    private static readonly string[] Codes =
    [
        .. typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(ProblemCodes.TypePrefix))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    /// <summary>Rows of the table: status and the problem codes named in its code column.</summary>
    private static readonly (int Status, string[] Codes)[] Rows =
    [
        .. File.ReadLines(Path.Combine(RepositoryRoot.Path, "docs", "api.md"))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 6 && int.TryParse(cells[2], CultureInfo.InvariantCulture, out _))
            .Select(cells => (int.Parse(cells[2], CultureInfo.InvariantCulture), CodeInBackticks().Matches(cells[3]).Select(m => m.Groups[1].Value).ToArray())),
    ];

    [Fact]
    public void EveryProblemCodeIsInTheTableUnderTheStatusTheApiDescriptionGivesIt()
    {
        Assert.NotEmpty(Rows);
        foreach (var code in Codes)
        {
            var (status, _) = Assert.Single(Rows, row => row.Codes.Contains(code));
            Assert.Contains(code, ApiDocument.DescriptionOf(status), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheTableNamesNoCodeTheAdapterDoesNotHave() =>
        Assert.All(Rows.SelectMany(row => row.Codes), code => Assert.True(Codes.Contains(code) || code.EndsWith("_not_found", StringComparison.Ordinal), code));

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex CodeInBackticks();
}
