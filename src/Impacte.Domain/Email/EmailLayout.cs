using System.Text;
using System.Text.Encodings.Web;

namespace Impacte.Domain.Email;

/// <summary>A large link shown as a button in an email (an RSVP answer, the one thing to do).</summary>
public sealed record EmailButton(string Label, string Url);

/// <summary>
/// The one HTML layout every IMPACTE email uses: a table-based single column, at most 600 px wide and readable at
/// 320 px, NHS colours with text contrast that holds in light and dark mode (the <c>color-scheme</c> meta lets mail
/// apps that darken keep it legible), no images (nothing needs one to be understood). A clear heading, the key facts
/// first, the body, big buttons, and a quiet footer. Every argument that is text is encoded here; only
/// <c>bodyHtml</c> is HTML, and callers build it from encoded text or SafeMarkdown.
/// </summary>
public static class EmailLayout
{
    /// <summary>On the outer table of every email: tests look for it to prove an email uses this layout.</summary>
    public const string Marker = "data-impacte-layout=\"1\"";

    public const string Blue = "#005eb8", Text = "#212b32", Secondary = "#4c6272", Grey = "#f0f4f5", Border = "#d8dde0";

    private static readonly HtmlEncoder H = HtmlEncoder.Default;

    // Phones stack the buttons full width; mail apps that honour dark mode get light text on dark (others keep light).
    private const string Style = """
        <style>
        body{margin:0;padding:0}
        a.impacte-button{display:inline-block}
        @media (max-width:480px){.impacte-pad{padding:16px 12px !important}a.impacte-button{display:block !important;margin:0 0 10px !important;text-align:center}}
        @media (prefers-color-scheme:dark){body,.impacte-page{background:#000000 !important}.impacte-card{background:#1d1f20 !important;color:#f0f4f5 !important}
        .impacte-card p,.impacte-card li,.impacte-card td,.impacte-card h1,.impacte-card h2,.impacte-card h3{color:#f0f4f5 !important}
        .impacte-card a{color:#8fc3ff !important}.impacte-card a.impacte-button{color:#ffffff !important;background:#005eb8 !important}
        .impacte-facts{background:#2b2f31 !important}}
        </style>
        """;

    public static string Encode(string text) => H.Encode(text);

    /// <param name="title">The subject, as the document's title.</param>
    /// <param name="heading">The one h1: what this email is about.</param>
    /// <param name="facts">The key facts, first (When, Where, Was, Now…): label and value, both text.</param>
    /// <param name="bodyHtml">The rest, already safe HTML.</param>
    /// <param name="buttons">Big buttons after the body (three RSVP answers, or one action).</param>
    /// <param name="footer">Why they get this email, as text; a link to their preferences follows when given.</param>
    public static string Html(string title, string heading, IReadOnlyList<(string Label, string Value)> facts, string bodyHtml,
        IReadOnlyList<EmailButton>? buttons = null, string? buttonsHeading = null, string? footer = null, string? preferencesUrl = null)
    {
        // Sized for the layout's own 4 KB or so plus the body, so it is built without regrowing.
        var sb = new StringBuilder(5000 + bodyHtml.Length);
        sb.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
            <title>{{H.Encode(title)}}</title>
            {{Style}}</head>
            <body style="margin:0;padding:0;background:{{Grey}}">
            <table role="presentation" {{Marker}} class="impacte-page" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:{{Grey}};border-collapse:collapse">
            <tr><td align="center" style="padding:0">
            <table role="presentation" class="impacte-card" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;table-layout:fixed;background:#ffffff;border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;color:{{Text}};font-size:16px;line-height:1.5">
            <tr><td style="background:{{Blue}};color:#ffffff;padding:14px 20px"><p style="margin:0;font-size:20px;font-weight:bold;letter-spacing:1px;color:#ffffff">IMPACTE</p><p style="margin:0;color:#ffffff">Evidence into practice</p></td></tr>
            <tr><td class="impacte-pad" style="padding:20px;word-wrap:break-word;overflow-wrap:anywhere">
            <h1 style="font-size:24px;line-height:1.25;margin:0 0 12px;color:{{Text}}">{{H.Encode(heading)}}</h1>

            """);
        if (facts.Count > 0)
        {
            sb.Append($"""<table role="presentation" class="impacte-facts" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:{Grey};border-left:4px solid {Blue};margin:0 0 16px;border-collapse:collapse">""");
            foreach (var (label, value) in facts)
                sb.Append($"""<tr><td style="padding:6px 12px;vertical-align:top;font-weight:bold;width:1%;white-space:nowrap">{H.Encode(label)}</td><td style="padding:6px 12px 6px 0;vertical-align:top">{Lines(value)}</td></tr>""");
            sb.AppendLine("</table>");
        }
        sb.AppendLine(bodyHtml);
        if (buttons is { Count: > 0 })
        {
            if (buttonsHeading is not null) sb.AppendLine($"""<h2 style="font-size:20px;margin:24px 0 8px;color:{Text}">{H.Encode(buttonsHeading)}</h2>""");
            sb.AppendLine(Buttons(buttons));
        }
        sb.Append($"""<p style="margin:24px 0 0;padding-top:12px;border-top:1px solid {Border};color:{Secondary};font-size:14px">""");
        if (footer is not null) sb.Append(H.Encode(footer)).Append(' ');
        if (preferencesUrl is not null) sb.Append($"""Change how IMPACTE emails you in <a href="{H.Encode(preferencesUrl)}" style="color:{Blue}">your email preferences</a>. """);
        sb.Append("IMPACTE, evidence into practice.</p>\n</td></tr></table>\n</td></tr></table>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>Big buttons, side by side where there is room and stacked full width on a phone.</summary>
    public static string Buttons(IReadOnlyList<EmailButton> buttons)
    {
        var sb = new StringBuilder("""<p style="margin:8px 0 16px">""");
        foreach (var b in buttons)
            sb.Append($"""<a class="impacte-button" href="{H.Encode(b.Url)}" style="display:inline-block;min-width:120px;margin:0 8px 10px 0;padding:14px 20px;background:{Blue};color:#ffffff;font-size:18px;font-weight:bold;text-decoration:none;border-radius:4px;text-align:center">{H.Encode(b.Label)}</a>""");
        return sb.Append("</p>").ToString();
    }

    /// <summary>Text as paragraphs (line breaks kept), encoded.</summary>
    public static string Paragraphs(params string?[] texts) =>
        string.Concat(texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => $"<p style=\"margin:0 0 12px\">{Lines(t!)}</p>\n"));

    /// <summary>A link with its text, encoded.</summary>
    public static string Link(string label, string url) =>
        $"""<a href="{H.Encode(url)}" style="color:{Blue};font-weight:bold;text-decoration:underline">{H.Encode(label)}</a>""";

    private static string Lines(string text) => H.Encode(text.ReplaceLineEndings("\n")).Replace("&#xA;", "<br>");

    /// <summary>The text part's facts block, aligned: "When:  …".</summary>
    public static string TextFacts(IReadOnlyList<(string Label, string Value)> facts)
    {
        if (facts.Count == 0) return "";
        var width = facts.Max(f => f.Label.Length) + 2;
        return string.Concat(facts.Select(f => $"{(f.Label + ":").PadRight(width)}{f.Value.ReplaceLineEndings(" ")}\n"));
    }
}
