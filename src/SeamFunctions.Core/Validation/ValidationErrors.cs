namespace SeamFunctions.Validation;

/// <summary>Field name (as documented, snake_case) to the messages that say what to fix.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool IsEmpty => _byField.Count == 0;

    public bool Has(string field) => _byField.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
            _byField[field] = messages = [];
        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _byField.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
