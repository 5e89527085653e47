using System.Text.Json.Nodes;

namespace SeamFunctions.FakeSeam;

/// <summary>Seam's validation errors as Zod formats them: <c>{"_errors":[],"field":{"_errors":["..."]}}</c>.</summary>
internal sealed class ZodErrors
{
    private readonly List<(string Field, string Message)> _issues = [];

    public bool Any => _issues.Count > 0;

    public void Add(string field, string message) => _issues.Add((field, message));

    /// <summary>
    /// Seam's message names the first issue: <c>acs_user_id is required</c>, or
    /// <c>Expected string, received number for "acs_user_id"</c>.
    /// </summary>
    public string Message => _issues[0] switch
    {
        (var name, "Required") => $"{name} is required",
        var (name, message) => $"{message} for \"{name}\"",
    };

    public JsonObject Format()
    {
        var root = new JsonObject { ["_errors"] = new JsonArray() };
        foreach (var (field, message) in _issues)
        {
            if (root[field] is not JsonObject node)
                root[field] = node = new JsonObject { ["_errors"] = new JsonArray() };
            ((JsonArray)node["_errors"]!).Add(message);
        }

        return root;
    }
}
