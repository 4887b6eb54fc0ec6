using Impacte.Domain.Questions;

namespace Impacte.Domain.Common;

/// <summary>What a text field holds, which decides the rule it passes.</summary>
public enum TextKind
{
    /// <summary>Stored and shown or emailed to others: may span lines; never control characters or an NHS number.</summary>
    FreeText,
    /// <summary>Can reach an email header or subject (names, titles, places): one line, no control characters, no NHS number.</summary>
    Line,
    /// <summary>Not prose (an email address, a password, a DOI, a link): only control characters are refused.</summary>
    Plain,
}

/// <summary>
/// The one rule for every text a person sends in, whichever page, endpoint or file it comes through. PostgreSQL refuses
/// U+0000 outright; other control characters are invisible and can split an email header; an NHS number must never be
/// shared across the network.
/// </summary>
public static class UserText
{
    public const string ControlMessage = "Remove the invisible control characters from this text.";
    public const string LineMessage = "Keep this on one line, without line breaks, tabs or control characters.";

    /// <summary>Why <paramref name="text"/> may not be stored as <paramref name="kind"/>, or null when it may.</summary>
    public static string? Problem(string? text, TextKind kind)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (HasControl(text, allowLineBreaks: kind != TextKind.Line)) return kind == TextKind.Line ? LineMessage : ControlMessage;
        if (kind != TextKind.Plain && PatientIdentifiers.Scan(text).IsRefused) return PatientIdentifiers.NhsNumberMessage;
        return null;
    }

    /// <summary>Records the problem with <paramref name="text"/> under <paramref name="field"/> (unless one is there already); returns the text.</summary>
    public static string? Check(string? text, string field, IDictionary<string, string[]> errors, TextKind kind = TextKind.FreeText)
    {
        if (Problem(text, kind) is { } reason) errors.TryAdd(field, [reason]);
        return text;
    }

    /// <summary>Throws the problem with <paramref name="text"/> as a field error; returns the text.</summary>
    public static string? Require(string? text, string field, TextKind kind = TextKind.FreeText) =>
        Problem(text, kind) is { } reason ? throw new DomainValidationException(field, reason) : text;

    /// <summary>
    /// C0 controls (tab, CR and LF allowed where text may span lines), DEL, C1 controls, Unicode line and paragraph
    /// separators on one line, and halves of a surrogate pair standing alone (not text at all).
    /// </summary>
    public static bool HasControl(string text, bool allowLineBreaks = true)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ')
            {
                if (!allowLineBreaks || c is not ('\t' or '\r' or '\n')) return true;
            }
            else if (c is >= '\u007F' and <= '\u009F') return true;
            else if (!allowLineBreaks && c is '\u2028' or '\u2029') return true;
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return true;
        }
        return false;
    }

    /// <summary>The text without what <see cref="HasControl"/> finds (line breaks and tabs kept), for text from files.</summary>
    public static string Visible(string text)
    {
        if (!HasControl(text)) return text;
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { kept.Append(c).Append(text[++i]); continue; }
            if (!HasControl(c.ToString())) kept.Append(c);
        }
        return kept.ToString();
    }
}
