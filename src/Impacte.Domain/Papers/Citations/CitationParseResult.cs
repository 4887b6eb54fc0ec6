namespace Impacte.Domain.Papers.Citations;

/// <summary>What became of one record of a citation file: <see cref="ParsedCitation"/> or <see cref="RejectedCitation"/>.</summary>
public abstract record CitationParseResult(int RecordNumber);

public sealed record ParsedCitation(CitationRecord Record) : CitationParseResult(Record.RecordNumber);

/// <summary>A record that cannot be imported; the records around it still are.</summary>
/// <param name="LineNumber">1-based line of the file where the record starts, so the librarian can find it.</param>
/// <param name="Reason">A sentence for the librarian, such as "It has no title."</param>
public sealed record RejectedCitation(int RecordNumber, int LineNumber, string Reason) : CitationParseResult(RecordNumber);
