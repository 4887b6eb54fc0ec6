using Impacte.Testing;

namespace Impacte.Api.Tests.Papers;

/// <summary>The real citation exports in tests/data/citations.</summary>
internal static class CitationData
{
    public static string Folder { get; } = RepoPaths.Citations;

    public static byte[] Bytes(string fileName) => System.IO.File.ReadAllBytes(Path.Combine(Folder, fileName));
}
