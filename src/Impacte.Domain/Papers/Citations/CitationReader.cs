using System.Runtime.CompilerServices;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// Reads a citation file of any supported format, recognised from its content, one record at a time: a file of
/// thousands of records is never held whole, and a damaged record is reported while the others still parse.
/// </summary>
/// <example>
/// <code>
/// var reader = await CitationReader.OpenAsync(upload, ct);   // throws UnrecognisedCitationFormatException
/// await foreach (var result in reader.ReadAsync(ct))
///     switch (result)
///     {
///         case ParsedCitation { Record: var paper }: ...; break;
///         case RejectedCitation rejected: ...; break;
///     }
/// </code>
/// </example>
public sealed class CitationReader
{
    private readonly TextReader text;
    private bool read;

    private CitationReader(CitationFormat format, TextReader text) => (Format, this.text) = (format, text);

    /// <summary>The format the file's content was recognised as.</summary>
    public CitationFormat Format { get; }

    /// <summary>
    /// Reads the start of <paramref name="stream"/> to recognise its format. The stream need not seek; it stays open
    /// and its owner disposes it once the records have been read.
    /// </summary>
    /// <exception cref="UnrecognisedCitationFormatException">The content is not a citation export (a PDF, an image, prose, nothing).</exception>
    public static async Task<CitationReader> OpenAsync(Stream stream, CancellationToken ct = default)
    {
        var start = new byte[CitationFormatDetector.WindowSize];
        var length = await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, ct);
        var format = CitationFormatDetector.Detect(start.AsSpan(0, length), out var encoding);
        var text = new StreamReader(new PrefixedStream(start.AsMemory(0, length), stream), encoding, detectEncodingFromByteOrderMarks: true);
        return new CitationReader(format, text);
    }

    /// <summary>
    /// Opens <paramref name="stream"/> and reads its records in file order. Format errors are thrown on the first
    /// step of the enumeration.
    /// </summary>
    /// <exception cref="UnrecognisedCitationFormatException">The content is not a citation export.</exception>
    public static async IAsyncEnumerable<CitationParseResult> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var reader = await OpenAsync(stream, ct);
        await foreach (var result in reader.ReadAsync(ct)) yield return result;
    }

    /// <summary>The records, in file order, each parsed or rejected. The file can be read once.</summary>
    public IAsyncEnumerable<CitationParseResult> ReadAsync(CancellationToken ct = default)
    {
        if (read) throw new InvalidOperationException("The records of a citation file can be read only once.");
        read = true;
        ICitationParser parser = Format switch
        {
            CitationFormat.Medline => new MedlineParser(),
            CitationFormat.Ris => new RisParser(),
            CitationFormat.Ovid => new OvidParser(),
            CitationFormat.WebOfScience => new WebOfScienceParser(),
            CitationFormat.EndNote => new EndNoteParser(),
            CitationFormat.BibTex => new BibTexParser(),
            CitationFormat.Csv => new CsvCitationParser(),
            _ => throw new InvalidOperationException($"No parser for {Format}."),
        };
        return parser.ReadAsync(text, ct);
    }
}
