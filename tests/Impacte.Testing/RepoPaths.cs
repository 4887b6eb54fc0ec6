namespace Impacte.Testing;

/// <summary>Folders of the repository (and the shared data beside it), found from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Seeds => Path.Combine(Root, "seeds");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Impacte.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Impacte.sln not found above " + AppContext.BaseDirectory);
    }
}
