using System.Globalization;
using System.Text;

namespace Impacte.Domain.Meetings;

/// <summary>
/// Writes iCalendar content lines (RFC 5545 §3.1): CRLF endings, folded at 75 octets without splitting a UTF-8
/// character, and every piece of user text escaped so it stays inside its own property.
/// Ical.Net's serializer is not used for this: it can fold inside an emoji's surrogate pair and writes line breaks
/// inside parameter values as they are (<c>IcalNetWriterTests</c>, README "Developing").
/// </summary>
internal sealed class IcsWriter
{
    private const int MaxOctets = 75;
    private readonly StringBuilder text = new();

    /// <summary>A property whose value is already in its iCalendar form (a date, a number, a URI we checked).</summary>
    public IcsWriter Raw(string nameAndParameters, string value) => Line($"{nameAndParameters}:{value}");

    /// <summary>A TEXT property (§3.3.11): backslash, semicolon, comma and newlines escaped, other controls dropped.</summary>
    public IcsWriter Text(string name, string value) => Raw(name, EscapeText(value));

    public static string EscapeText(string value)
    {
        var escaped = new StringBuilder(value.Length + 16);
        foreach (var c in value.ReplaceLineEndings("\n"))
        {
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\n': escaped.Append(@"\n"); break;
                case '\t': escaped.Append(c); break;
                // Other controls are not allowed in TEXT; dropping them means no stray CR can end the line.
                default: if (!char.IsControl(c)) escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }

    /// <summary>A parameter value (§3.2), always quoted; DQUOTE and controls cannot appear in one, so they go.</summary>
    public static string Quoted(string value)
    {
        var clean = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value.ReplaceLineEndings(" "))
            clean.Append(c == '"' ? '\'' : char.IsControl(c) ? ' ' : c);
        return clean.Append('"').ToString();
    }

    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString(@"yyyyMMdd\THHmmss\Z", CultureInfo.InvariantCulture);

    public static string Local(DateTime local) => local.ToString(@"yyyyMMdd\THHmmss", CultureInfo.InvariantCulture);

    public override string ToString() => text.ToString();

    private IcsWriter Line(string line)
    {
        // Most lines are short ASCII, which needs no folding (a fan-out writes thousands of invites).
        if (line.Length <= MaxOctets && Ascii.IsValid(line))
        {
            text.Append(line).Append("\r\n");
            return this;
        }
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxOctets)
            {
                // A continuation line starts with one space, which counts towards its 75 octets.
                text.Append("\r\n ");
                octets = 1;
            }
            // A lone surrogate comes out of EnumerateRunes as U+FFFD, so the UTF-8 is always well formed.
            if (rune.IsBmp) text.Append((char)rune.Value);
            else text.Append(rune.ToString());
            octets += size;
        }
        text.Append("\r\n");
        return this;
    }
}
