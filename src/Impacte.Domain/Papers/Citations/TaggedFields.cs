namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// The fields of one record of a tagged format, in file order. A field keeps its continuation lines apart, because
/// formats differ on what they mean: a wrapped title (MEDLINE) or one more keyword or author (RIS, Web of Science).
/// </summary>
internal sealed class TaggedFields(int startLine, bool hasStartTag)
{
    private readonly List<(string Tag, List<string> Lines)> fields = [];

    /// <summary>1-based line where the record starts.</summary>
    public int StartLine { get; } = startLine;

    /// <summary>Whether the record opened with its format's start tag (TY, PT, PMID...).</summary>
    public bool HasStartTag { get; } = hasStartTag;

    public void Add(string tag, string value) => fields.Add((tag, [value]));

    /// <summary>Adds a continuation line to the last field; lines before any field have nothing to continue.</summary>
    public void Continue(string line)
    {
        if (fields.Count > 0) fields[^1].Lines.Add(line);
    }

    /// <summary>The first of <paramref name="tags"/>, in that order of preference, that has text, its lines joined.</summary>
    public string? First(params string[] tags)
    {
        foreach (var tag in tags)
            foreach (var (_, lines) in fields.Where(f => f.Tag == tag))
                if (CitationText.Clean(string.Join(' ', lines)) is { } text) return text;
        return null;
    }

    /// <summary>Each occurrence of the tags, in file order, its continuation lines joined: wrapped text.</summary>
    public List<string> Values(params string[] tags) =>
        [.. fields.Where(f => tags.Contains(f.Tag)).Select(f => CitationText.Clean(string.Join(' ', f.Lines))).OfType<string>()];

    /// <summary>Every line of the tags, in file order: lists where a continuation line is one more item.</summary>
    public List<string> Lines(params string[] tags) =>
        [.. fields.Where(f => tags.Contains(f.Tag)).SelectMany(f => f.Lines).Select(CitationText.Clean).OfType<string>()];

    /// <summary>The lines of the tags as paragraphs, for abstracts whose exporter breaks lines between paragraphs.</summary>
    public string? Paragraphs(params string[] tags) => Lines(tags) is { Count: > 0 } lines ? string.Join('\n', lines) : null;
}
