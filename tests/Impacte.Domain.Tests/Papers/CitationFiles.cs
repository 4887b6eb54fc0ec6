using System.Text;
using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

/// <summary>The real export files in shared/data/citations (beside the repository), and helpers to read them.</summary>
internal static class CitationFiles
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string PathOf(string fileName) => Path.Combine(Folder.Value, fileName);

    public static async Task<(CitationFormat Format, List<CitationParseResult> Results)> ReadAsync(string fileName)
    {
        await using var file = File.OpenRead(PathOf(fileName));
        return await ReadAsync(file);
    }

    public static Task<(CitationFormat Format, List<CitationParseResult> Results)> ReadTextAsync(string content) =>
        ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)));

    public static async Task<(CitationFormat Format, List<CitationParseResult> Results)> ReadAsync(Stream stream)
    {
        var ct = TestContext.Current.CancellationToken;
        var reader = await CitationReader.OpenAsync(stream, ct);
        var results = new List<CitationParseResult>();
        await foreach (var result in reader.ReadAsync(ct)) results.Add(result);
        return (reader.Format, results);
    }

    public static async Task<List<CitationRecord>> RecordsAsync(string fileName) =>
        [.. (await ReadAsync(fileName)).Results.OfType<ParsedCitation>().Select(p => p.Record)];

    public static List<CitationRecord> Records(this List<CitationParseResult> results) =>
        [.. results.OfType<ParsedCitation>().Select(p => p.Record)];

    public static List<RejectedCitation> Rejections(this List<CitationParseResult> results) =>
        [.. results.OfType<RejectedCitation>()];

    // From the test binaries up to the repository root (the folder with Impacte.sln); the data sits beside it.
    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var inside = Path.Combine(dir.FullName, "shared", "data", "citations");
            if (Directory.Exists(inside)) return inside;
            var beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "citations"));
            if (File.Exists(Path.Combine(dir.FullName, "Impacte.sln")) && Directory.Exists(beside)) return beside;
        }
        throw new DirectoryNotFoundException($"No shared/data/citations above {AppContext.BaseDirectory}.");
    }
}
