using SeamFunctions.Commands;
namespace SeamFunctions.Validation;

/// <summary>What the parser made of a body: a request, or why there is none.</summary>
internal sealed class ParseResult
{
    private ParseResult(AccessRequest? request, string? invalidJson, ValidationErrors? errors)
    {
        Request = request;
        InvalidJsonDetail = invalidJson;
        Errors = errors;
    }

    public AccessRequest? Request { get; }

    /// <summary>Set when the body is not a JSON object at all (<c>invalid_json</c>).</summary>
    public string? InvalidJsonDetail { get; }

    /// <summary>Set when fields are missing or invalid (<c>invalid_request</c>).</summary>
    public ValidationErrors? Errors { get; }

    public static ParseResult Valid(AccessRequest request) => new(request, null, null);

    public static ParseResult NotJson(string detail) => new(null, detail, null);

    public static ParseResult Invalid(ValidationErrors errors) => new(null, null, errors);
}
