using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Impacte.Domain.Markdown;

/// <summary>
/// Markdown from people (appraisals, minutes, comments) rendered so it can never become script in a page or an
/// email: raw HTML is shown as text, and a link or image whose URL is not http, https, mailto or relative loses
/// its URL and keeps only its text.
/// </summary>
public static partial class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        // Minutes are typed in a text box: a new line there is meant as a new line on the page.
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    /// <summary>HTML to place inside a page or email body; an empty string for null or empty input.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        return Parse(markdown).ToHtml(Pipeline);
    }

    /// <summary>
    /// The text without Markdown syntax, for text/plain emails, previews and search. It is not HTML-escaped:
    /// escape it before putting it in markup.
    /// </summary>
    public static string ToPlainText(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var writer = new StringWriter();
        // The same renderer Markdig's own ToPlainText sets up, but fed the sanitised tree.
        var renderer = new HtmlRenderer(writer)
        {
            EnableHtmlForBlock = false,
            EnableHtmlForInline = false,
            EnableHtmlEscape = false,
        };
        Pipeline.Setup(renderer);
        renderer.Render(Parse(markdown));
        return writer.ToString().TrimEnd();
    }

    /// <summary>
    /// True for http, https and mailto URLs and for relative ones (path, query or fragment). Browsers drop tabs,
    /// newlines and leading controls in a URL and ignore the case of its scheme, and a URL may reach us entity- or
    /// percent-encoded, so all of that is undone before the scheme is read; anything that still has a colon before
    /// its first '/', '?' or '#' has a scheme, and only the three above pass.
    /// </summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;

        var decoded = url;
        for (var round = 0; ; round++)
        {
            var next = Uri.UnescapeDataString(WebUtility.HtmlDecode(DecodeLooseEntities(decoded)));
            if (next == decoded) break;
            if (round == 4) return false; // honest URLs are encoded once or twice; layer upon layer is an attack
            decoded = next;
        }

        var compact = string.Concat(decoded.Where(c => !IsInvisible(c)));
        var colon = compact.IndexOf(':');
        var pathStart = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || pathStart >= 0 && pathStart < colon) return true;

        var scheme = compact[..colon];
        return AllowedSchemes.Any(s => s.Equals(scheme, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsInvisible(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// Character references browsers accept that WebUtility does not: numeric ones without the semicolon
    /// (&amp;#106avascript:) and the HTML5 names that spell out a scheme (&amp;colon;, &amp;Tab;, &amp;NewLine;).
    /// </summary>
    private static string DecodeLooseEntities(string text) => LooseEntity().Replace(text, m =>
    {
        if (m.Groups["name"].Success)
            return m.Groups["name"].Value.ToLowerInvariant() switch { "colon" => ":", "tab" => "\t", _ => "\n" };
        var hex = m.Groups["hex"].Success;
        var digits = hex ? m.Groups["hex"].Value : m.Groups["dec"].Value;
        return int.TryParse(digits, hex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF)
            ? char.ConvertFromUtf32(code)
            : "\uFFFD";
    });

    [GeneratedRegex("&#(?:[xX](?<hex>[0-9a-fA-F]{1,8})|(?<dec>[0-9]{1,10}));?|&(?<name>colon|tab|newline);", RegexOptions.IgnoreCase)]
    private static partial Regex LooseEntity();

    private static MarkdownDocument Parse(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        // Collect first: unwrapping changes the tree being walked.
        foreach (var inline in document.Descendants<Inline>().ToList())
        {
            switch (inline)
            {
                case LinkInline link when !IsSafeUrl(link.GetDynamicUrl?.Invoke() ?? link.Url):
                    // Keep the words (or an image's alt text), drop the link.
                    link.ReplaceBy(new ContainerInline());
                    break;
                case AutolinkInline autolink when !autolink.IsEmail && !IsSafeUrl(autolink.Url):
                    autolink.ReplaceBy(new LiteralInline(autolink.Url));
                    break;
            }
        }
        return document;
    }
}
