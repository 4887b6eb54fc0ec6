using System.Text;
using Impacte.Domain.Papers.Citations;
using Impacte.Testing;

namespace Impacte.Domain.Tests.Papers;

/// <summary>The real export files in tests/data/citations, and helpers to read them.</summary>
internal static class CitationFiles
{
    public static string PathOf(string fileName) => Path.Combine(RepoPaths.Citations, fileName);

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
}
