using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// Recognises a citation format from the start of a file's content, never its name: librarians rename files, and
/// databases give .txt to several formats.
/// </summary>
public static partial class CitationFormatDetector
{
    /// <summary>How many bytes from the start of a file detection reads.</summary>
    public const int WindowSize = 16 * 1024;

    /// <summary>The format of a file from its first bytes (up to <see cref="WindowSize"/>; fewer when the file is shorter).</summary>
    /// <exception cref="UnrecognisedCitationFormatException">It is none of the formats, with a sentence saying what it seems to be.</exception>
    public static CitationFormat Detect(ReadOnlySpan<byte> start) => Detect(start, out _);

    /// <summary>The format, and the encoding to read the whole file with.</summary>
    internal static CitationFormat Detect(ReadOnlySpan<byte> start, out Encoding encoding)
    {
        if (BinaryKind(start) is { } kind) throw new UnrecognisedCitationFormatException($"This file is {kind}, not a citation export.");

        var lines = Decode(start, out encoding).Split(['\r', '\n'], StringSplitOptions.None).ToList();
        if (start.Length >= WindowSize && lines.Count > 1) lines.RemoveAt(lines.Count - 1); // may be cut short
        lines.RemoveAll(string.IsNullOrWhiteSpace);
        if (lines.Count == 0) throw new UnrecognisedCitationFormatException("The file is empty.");
        var first = lines[0];

        // The first line decides when it can; otherwise the lines after it, so that a file whose first record lost
        // its start tag is still recognised, and its damaged record reported.
        if (RisType.IsMatch(first)) return CitationFormat.Ris;
        if (first.StartsWith("PMID-", StringComparison.Ordinal)) return CitationFormat.Medline;
        if (lines.Any(OvidParser.RecordMarker.IsMatch) && lines.Any(RisTag.IsMatch)) return CitationFormat.Ovid;
        if (MedlineTag.IsMatch(first) && lines.Any(l => l.StartsWith("PMID-", StringComparison.Ordinal))) return CitationFormat.Medline;
        if (RisTag.IsMatch(first) && lines.Any(l => RisType.IsMatch(l) || RisEnd.IsMatch(l))) return CitationFormat.Ris;
        if (WosStart.IsMatch(first) && lines.Any(l => l.StartsWith("TI ", StringComparison.Ordinal) || l.StartsWith("AU ", StringComparison.Ordinal)))
            return CitationFormat.WebOfScience;
        if (ReferTag.IsMatch(first) && lines.Any(l => l.StartsWith("%0 ", StringComparison.Ordinal) || l.StartsWith("%T ", StringComparison.Ordinal)))
            return CitationFormat.EndNote;
        if (lines.Any(BibTexEntry.IsMatch)) return CitationFormat.BibTex;
        // Excel may write a "sep=;" line above the header.
        var header = first.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && lines.Count > 1 ? lines[1] : first;
        if (Separators.Any(s => CsvCitationParser.IsCitationHeader(header.Split(s)))) return CitationFormat.Csv;

        throw new UnrecognisedCitationFormatException(first.TrimStart() switch
        {
            var l when l.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) || l.StartsWith("<Pubmed", StringComparison.OrdinalIgnoreCase) =>
                "This file is XML (such as PubMed or EndNote XML), which cannot be imported: export the references as MEDLINE or RIS instead.",
            var l when l.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || l.StartsWith("<html", StringComparison.OrdinalIgnoreCase) =>
                "This file is a web page, not a citation export.",
            var l when Separators.Any(s => l.Split(s).Length > 2) =>
                "This file looks like a table, but its header row has no title column with at least one of authors, journal, year, DOI or PMID.",
            _ => "This file is not a citation export: it has none of the tags such exports start with (such as \"TY  - \" or \"PMID- \").",
        });
    }

    /// <summary>
    /// The text of the start of a file, and the encoding the rest is read with: the byte-order mark's, else UTF-8,
    /// else Windows-1252, which older EndNote and Ovid exports use.
    /// </summary>
    private static string Decode(ReadOnlySpan<byte> start, out Encoding encoding)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (encoding = Encoding.Unicode).GetString(start[2..]);
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (encoding = Encoding.BigEndianUnicode).GetString(start[2..]);
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) start = start[3..];
        encoding = Encoding.UTF8;

        var chars = ArrayPool<char>.Shared.Rent(start.Length);
        try
        {
            // Not the final block: a character cut by the end of the window is not an error.
            var status = Utf8.ToUtf16(start, chars, out _, out var written, replaceInvalidSequences: false, isFinalBlock: false);
            if (status != OperationStatus.InvalidData) return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
        encoding = WindowsLatin;
        return encoding.GetString(start);
    }

    private static readonly Encoding WindowsLatin = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    private static string? BinaryKind(ReadOnlySpan<byte> start) => start switch
    {
        _ when start.StartsWith("%PDF"u8) => "a PDF document",
        _ when start.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) => "a PNG image",
        _ when start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) => "a JPEG image",
        _ when start.StartsWith("GIF8"u8) => "a GIF image",
        _ when start.StartsWith("PK\x03\x04"u8) => "a ZIP archive (or a Word or Excel document)",
        _ when start.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]) => "an older Word or Excel document",
        _ when start.StartsWith("{\\rtf"u8) => "an RTF document",
        // NUL bytes do not occur in text, except in UTF-16, which has a byte-order mark.
        _ when start.Contains((byte)0) && !start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) && !start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) =>
            "a binary file",
        _ => null,
    };

    private static readonly char[] Separators = [',', ';', '\t', '|'];

    [GeneratedRegex(@"^[A-Z][A-Z0-9] {1,2}-(?:\s|$)")]
    private static partial Regex RisTag { get; }

    [GeneratedRegex(@"^[A-Z][A-Z0-9]{1,3} *- ")]
    private static partial Regex MedlineTag { get; }

    [GeneratedRegex(@"^TY {1,2}-(?:\s|$)")]
    private static partial Regex RisType { get; }

    [GeneratedRegex(@"^ER {1,2}-(?:\s|$)")]
    private static partial Regex RisEnd { get; }

    [GeneratedRegex(@"^(?:FN|PT) \S")]
    private static partial Regex WosStart { get; }

    [GeneratedRegex(@"^%[A-Z0-9] ")]
    private static partial Regex ReferTag { get; }

    [GeneratedRegex(@"^\s*@\s*[A-Za-z]+\s*[{(]")]
    private static partial Regex BibTexEntry { get; }
}
