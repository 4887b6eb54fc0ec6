using Impacte.Testing;

namespace Impacte.Api.Tests.Papers;

/// <summary>The real citation exports in shared/data/citations, beside the repository.</summary>
internal static class CitationData
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "citations"));

    public static byte[] Bytes(string fileName) => System.IO.File.ReadAllBytes(Path.Combine(Folder, fileName));
}
