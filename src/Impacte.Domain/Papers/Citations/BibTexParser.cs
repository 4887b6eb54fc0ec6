using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// BibTeX (.bib): <c>@type{key, field = {value}, ...}</c>, read entry by entry. @string macros are not expanded (a
/// field that uses one keeps the macro's name), LaTeX is reduced to plain text, and @comment, @preamble and @string
/// are not records.
/// </summary>
internal sealed partial class BibTexParser : ICitationParser
{
    public async IAsyncEnumerable<CitationParseResult> ReadAsync(TextReader text, [EnumeratorCancellation] CancellationToken ct)
    {
        var source = new CharSource(text);
        var recordNumber = 0;
        while (await source.SkipToAsync('@', ct))
        {
            ct.ThrowIfCancellationRequested();
            var startLine = source.Line;
            if (await source.ReadTypeAsync(ct) is not (var type, var close)) yield break;
            if (type.Length == 0) continue; // an '@' in the text between entries
            var body = await source.ReadBalancedAsync(close, ct);
            if (type is "comment" or "preamble" or "string") continue;
            recordNumber++;
            if (body is null)
            {
                yield return new RejectedCitation(recordNumber, startLine, "Its braces are not closed before the end of the file.");
                yield break;
            }
            yield return Map(type, ParseFields(body), recordNumber) is { } record
                ? new ParsedCitation(record)
                : new RejectedCitation(recordNumber, startLine, "It has no title.");
        }
    }

    private static CitationRecord? Map(string type, Dictionary<string, string> fields, int recordNumber)
    {
        string? Field(params string[] names) =>
            names.Select(n => fields.GetValueOrDefault(n)).Select(v => CitationText.Clean(Latex(v))).FirstOrDefault(v => v is not null);
        if (Field("title") is not { } title) return null;
        var people = fields.GetValueOrDefault("author") ?? fields.GetValueOrDefault("editor");
        return new CitationRecord
        {
            RecordNumber = recordNumber,
            Title = title,
            Authors = [.. AuthorSeparator.Split(people ?? "").Select(a => CitationText.Clean(Latex(a))).OfType<string>()],
            Journal = Field("journal", "journaltitle", "booktitle"),
            Year = CitationText.Year(Field("year", "date")),
            Volume = Field("volume"),
            Issue = Field("number", "issue"),
            Pages = Field("pages") is { } pages ? Dashes.Replace(pages, "-") : null,
            Doi = Field("doi"),
            Pmid = Field("pmid"),
            Abstract = Field("abstract"),
            Url = Field("url"),
            PublicationType = TypeName(type),
            Keywords = [.. CitationText.Split(Field("keywords"), ',', ';')],
        };
    }

    /// <summary>The fields of an entry's body (what is between its outer braces), by lower-case name.</summary>
    private static Dictionary<string, string> ParseFields(string body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = body.IndexOf(',') + 1; // after the citation key
        if (i == 0) return fields;
        while (i < body.Length)
        {
            while (i < body.Length && (char.IsWhiteSpace(body[i]) || body[i] == ',')) i++;
            var nameStart = i;
            while (i < body.Length && body[i] != '=' && body[i] != ',') i++;
            if (i >= body.Length || body[i] != '=') break;
            var name = body[nameStart..i].Trim().ToLowerInvariant();
            i++;
            var value = new StringBuilder();
            do
            {
                while (i < body.Length && (char.IsWhiteSpace(body[i]) || body[i] == '#')) i++;
                value.Append(ReadValue(body, ref i));
                while (i < body.Length && char.IsWhiteSpace(body[i])) i++;
            } while (i < body.Length && body[i] == '#'); // "a" # "b" concatenates
            fields.TryAdd(name, value.ToString());
        }
        return fields;
    }

    private static string ReadValue(string body, ref int i)
    {
        if (i >= body.Length) return "";
        var start = i;
        if (body[i] is '{' or '"')
        {
            var quoted = body[i] == '"';
            var depth = 0;
            for (i++; i < body.Length; i++)
            {
                if (body[i] == '{') depth++;
                else if (body[i] == '}' && depth-- == 0 && !quoted) break;
                else if (body[i] == '"' && quoted && depth == 0) break;
            }
            var value = body[(start + 1)..Math.Min(i, body.Length)];
            i++;
            return value;
        }
        while (i < body.Length && body[i] != ',' && body[i] != '#' && !char.IsWhiteSpace(body[i])) i++;
        return body[start..i]; // a number, or a macro kept by name
    }

    /// <summary>LaTeX as plain text: accents to letters, escaped characters to themselves, braces and commands gone.</summary>
    private static string? Latex(string? value)
    {
        if (value is null) return null;
        var text = Accent.Replace(value, m => m.Groups["letter"].Value + CombiningMark(m.Groups["accent"].Value[0]));
        text = Escaped.Replace(text, "${c}");
        text = Command.Replace(text, "");
        text = text.Replace("{", "").Replace("}", "").Replace('~', ' ').Replace("---", "\u2014").Replace("--", "\u2013");
        return text.Normalize(NormalizationForm.FormC);
    }

    /// <summary>The Unicode combining mark of a LaTeX accent command (\" \' \` \^ \~ \= \. \c).</summary>
    private static char CombiningMark(char accent) => accent switch
    {
        '"' => '\u0308',
        '\'' => '\u0301',
        '`' => '\u0300',
        '^' => '\u0302',
        '~' => '\u0303',
        '=' => '\u0304',
        '.' => '\u0307',
        _ => '\u0327', // \c, the cedilla
    };

    /// <summary>BibTeX entry types named as the other formats name them; other types stay as they are.</summary>
    private static string TypeName(string type) => type switch
    {
        "article" => "Journal Article",
        "book" => "Book",
        "inbook" or "incollection" => "Book Section",
        "inproceedings" or "conference" => "Conference Paper",
        "proceedings" => "Conference Proceedings",
        "phdthesis" or "mastersthesis" => "Thesis",
        "techreport" => "Report",
        "online" => "Web Page",
        "unpublished" => "Unpublished Work",
        "misc" => "Generic",
        _ => type,
    };

    [GeneratedRegex(@"\\(?<accent>[""'`^~=.]|c(?=[\s{]))\s*\{?(?<letter>[A-Za-z])\}?")]
    private static partial Regex Accent { get; }

    [GeneratedRegex(@"\\(?<c>[&%$#_{}])")]
    private static partial Regex Escaped { get; }

    [GeneratedRegex(@"\\[A-Za-z]+\s*")]
    private static partial Regex Command { get; }

    [GeneratedRegex(@"\s+and\s+")]
    private static partial Regex AuthorSeparator { get; }

    [GeneratedRegex(@"[-\u2013\u2014]+")]
    private static partial Regex Dashes { get; }

    /// <summary>Characters of the file, read ahead a block at a time, with the line they are on.</summary>
    private sealed class CharSource(TextReader text)
    {
        private readonly char[] buffer = new char[4096];
        private int position, length;

        public int Line { get; private set; } = 1;

        private async ValueTask<int> NextAsync(CancellationToken ct)
        {
            if (position == length)
            {
                length = await text.ReadAsync(buffer, ct);
                position = 0;
                if (length == 0) return -1;
            }
            var c = buffer[position++];
            if (c == '\n') Line++;
            return c;
        }

        public async ValueTask<bool> SkipToAsync(char target, CancellationToken ct)
        {
            int c;
            while ((c = await NextAsync(ct)) != -1)
                if (c == target) return true;
            return false;
        }

        /// <summary>
        /// The entry type after '@', lower-case, and the character that will close the entry (BibTeX allows
        /// @type(...) too); an empty type when the '@' was text, such as an email address; null at the end of the file.
        /// </summary>
        public async ValueTask<(string Type, char Close)?> ReadTypeAsync(CancellationToken ct)
        {
            var type = new StringBuilder();
            int c;
            while ((c = await NextAsync(ct)) != -1)
            {
                if (c is '{' or '(') return (type.ToString().ToLowerInvariant(), c == '{' ? '}' : ')');
                if (c == '@') type.Clear();
                else if (char.IsAsciiLetter((char)c)) type.Append((char)c);
                else if (!char.IsWhiteSpace((char)c)) return ("", '\0');
            }
            return null;
        }

        /// <summary>The text up to the entry's closing character, outside any braces; null when the file ends first.</summary>
        public async ValueTask<string?> ReadBalancedAsync(char close, CancellationToken ct)
        {
            var body = new StringBuilder();
            var depth = 0;
            int c;
            while ((c = await NextAsync(ct)) != -1)
            {
                if (c == close && depth == 0) return body.ToString();
                if (c == '{') depth++;
                else if (c == '}') depth--;
                body.Append((char)c);
            }
            return null;
        }
    }
}
