namespace Impacte.Testing;

/// <summary>Folders of the repository, found from the test binaries. Everything a test reads lives inside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Seeds => Path.Combine(Root, "seeds");
    /// <summary>Real citation exports (tests/data/citations, with their provenance in its README).</summary>
    public static string Citations => Path.Combine(Root, "tests", "data", "citations");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Impacte.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Impacte.sln not found above " + AppContext.BaseDirectory);
    }
}
