using System.Security.Cryptography;

namespace SeamFunctions.Guests;

/// <summary>PINs for senders that do not choose one: a cryptographic RNG, never all one digit nor a straight run.</summary>
internal static class PinCodes
{
    public const int DefaultLength = 6;
    public const int MinLength = 4;
    public const int MaxLength = 12;

    public static string Generate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        Span<char> digits = stackalloc char[length];
        do
        {
            for (var i = 0; i < length; i++)
                digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }
        while (IsGuessable(digits));

        return new string(digits);
    }

    /// <summary>All one digit (<c>0000</c>), or a straight run up or down (<c>123456</c>, <c>9876</c>).</summary>
    public static bool IsGuessable(ReadOnlySpan<char> code)
    {
        bool same = true, up = true, down = true;
        for (var i = 1; i < code.Length; i++)
        {
            var step = code[i] - code[i - 1];
            same &= step == 0;
            up &= step == 1;
            down &= step == -1;
        }

        return same || up || down;
    }
}
