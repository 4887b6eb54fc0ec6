using System.Runtime.CompilerServices;

namespace Impacte.Domain.Papers.Citations;

internal enum LineKind { Blank, Ignored, Field, Continuation, StartsRecord, EndsRecord, EndsFile }

/// <summary>
/// The line loop shared by the tagged formats (MEDLINE, RIS, Ovid, Web of Science, EndNote): a line starts a field
/// with its tag, or continues the field above, and each format says which tags open and close a record. One record
/// is held at a time, so a file of any size streams.
/// </summary>
internal abstract class TaggedCitationParser : ICitationParser
{
    /// <summary>What the line is; for a tagged line, its tag and value.</summary>
    protected abstract LineKind Classify(string line, out string tag, out string value);

    /// <summary>MEDLINE and EndNote separate records by blank lines; the others have end tags.</summary>
    protected virtual bool BlankLineEndsRecord => false;

    /// <summary>Why a record without the format's start tag is rejected, or null when the format does not need one.</summary>
    protected virtual string? MissingStartTag => null;

    protected abstract CitationRecord? Map(TaggedFields fields, int recordNumber);

    public async IAsyncEnumerable<CitationParseResult> ReadAsync(TextReader text, [EnumeratorCancellation] CancellationToken ct)
    {
        TaggedFields? open = null;
        int recordNumber = 0, lineNumber = 0;
        while (await text.ReadLineAsync(ct) is { } line)
        {
            ct.ThrowIfCancellationRequested(); // buffered lines are read without looking at the token
            lineNumber++;
            // A byte-order mark left inside the text, as when two exports are concatenated.
            if (line.StartsWith('\uFEFF')) line = line[1..];
            var kind = Classify(line, out var tag, out var value);

            var closes = kind is LineKind.StartsRecord or LineKind.EndsRecord or LineKind.EndsFile
                || kind == LineKind.Blank && BlankLineEndsRecord;
            if (closes && open is not null)
            {
                if (kind == LineKind.EndsRecord) open.Add(tag, value);
                yield return Finish(open, ++recordNumber);
                open = null;
            }

            switch (kind)
            {
                case LineKind.EndsFile:
                    yield break;
                case LineKind.StartsRecord:
                case LineKind.Field:
                    open ??= new TaggedFields(lineNumber, hasStartTag: kind == LineKind.StartsRecord);
                    if (tag.Length > 0) open.Add(tag, value); // Ovid's record markers carry no field
                    break;
                case LineKind.Continuation:
                    open?.Continue(line);
                    break;
            }
        }
        if (open is not null) yield return Finish(open, ++recordNumber);
    }

    private CitationParseResult Finish(TaggedFields fields, int recordNumber)
    {
        if (!fields.HasStartTag && MissingStartTag is { } reason)
            return new RejectedCitation(recordNumber, fields.StartLine, reason);
        return Map(fields, recordNumber) is { } record
            ? new ParsedCitation(record)
            : new RejectedCitation(recordNumber, fields.StartLine, "It has no title.");
    }
}
