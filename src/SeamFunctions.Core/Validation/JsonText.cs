using System.Buffers;
using System.Text.Json;

namespace SeamFunctions.Validation;

/// <summary>
/// What <see cref="JsonDocument"/> leaves unchecked until a string is read: an escape such as <c>\ud800</c>
/// (an unpaired surrogate) is valid JSON syntax but no text. Found up front, such a body is refused as
/// <c>invalid_json</c> instead of failing later wherever the string happens to be read.
/// </summary>
internal static class JsonText
{
    public const string UndecodableDetail =
        "The body contains a \\u escape that is not text (\\ud800-\\udfff must come in pairs). Send valid UTF-16 escapes or plain UTF-8.";

    /// <summary>True when some escaped string or property name cannot be decoded; syntax errors are the parser's to report.</summary>
    public static bool HasUndecodableString(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                    _ = reader.GetString();
            }
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }

        return false;
    }
}
