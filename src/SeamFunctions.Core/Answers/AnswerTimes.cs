using System.Globalization;

namespace SeamFunctions.Answers;

/// <summary>How every time in an answer or a notification is written: UTC, milliseconds, <c>Z</c> (as Seam writes its own).</summary>
internal static class AnswerTimes
{
    public static string Of(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
