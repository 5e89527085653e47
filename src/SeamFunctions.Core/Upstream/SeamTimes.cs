using System.Globalization;

namespace SeamFunctions.Upstream;

/// <summary>Seam's timestamps, which its answers keep as strings: ISO 8601, UTC when they carry no offset.</summary>
internal static class SeamTimes
{
    /// <summary>The instant; null when absent or not a time.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
