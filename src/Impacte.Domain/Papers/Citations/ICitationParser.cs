namespace Impacte.Domain.Papers.Citations;

/// <summary>Reads one format, one record at a time, from text whose format has already been recognised.</summary>
internal interface ICitationParser
{
    IAsyncEnumerable<CitationParseResult> ReadAsync(TextReader text, CancellationToken ct);
}
