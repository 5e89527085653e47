namespace SeamFunctions.Tests.Support;

/// <summary>The checkout the tests run from, found by walking up to <c>SeamFunctions.sln</c>.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string NodeModules
    {
        get
        {
            var folder = System.IO.Path.Combine(Path, "node_modules", "@seamapi");
            return Directory.Exists(folder)
                ? System.IO.Path.Combine(Path, "node_modules")
                : throw new InvalidOperationException("The npm test peers are not installed: run `npm ci` in the repository root (bash tests/run.sh does).");
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SeamFunctions.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("SeamFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
