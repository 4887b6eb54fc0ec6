using System.Net;
using System.Text.RegularExpressions;
using Impacte.Domain.Markdown;

namespace Impacte.Domain.Tests.Markdown;

public partial class SafeMarkdownTests
{
    // Payloads in the style of the OWASP XSS filter evasion cheat sheet, as they can be written in Markdown.
    public static TheoryData<string> Payloads() =>
    [
        // Link and image destinations
        "[a](javascript:alert(1))",
        "[a](JAVASCRIPT:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a](&#x6A;avascript:alert(1))",
        "[a](&#X6a;&#x61;vascript:alert(1))",
        "[a](&#0000106;&#0000097;vascript:alert(1))",
        "[a](&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1))",
        "[a](javascript&colon;alert(1))",
        "[a](&amp;#106;avascript:alert(1))",
        "[a](%6A%61%76%61script:alert(1))",
        "[a](%256Aavascript:alert(1))",
        "[a](java%09script:alert(1))",
        "[a](java%0ascript:alert(1))",
        "[a](java&#9;script:alert(1))",
        "[a](java&#x0A;script:alert(1))",
        "[a](java&Tab;script:alert(1))",
        "[a](<java\tscript:alert(1)>)",
        "[a](<  javascript:alert(1)>)",
        "[a](&#32;javascript:alert(1))",
        "[a](\u0001javascript:alert(1))",
        "[a](\0javascript:alert(1))",
        "[a](&#0;javascript:alert(1))",
        "[a](\u200Bjavascript:alert(1))",
        "[a](javascript\\:alert(1))",
        "[a](vbscript:msgbox(1))",
        "[a](livescript:alert(1))",
        "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[a](file:///etc/passwd)",
        "[a](jar:https://x.org/a.jar!/)",
        "![a](javascript:alert(1))",
        "![a](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[![a](https://x.org/i.png)](javascript:alert(1))",
        "*[a](javascript:alert(1))*",
        "| h |\n|---|\n| [a](javascript:alert(1)) |",
        "- [a](javascript:alert(1))\n  > [b](vbscript:x)",
        // Reference links
        "[a][r]\n\n[r]: javascript:alert(1)",
        "[a][r]\n\n[r]: <javascript:alert(1)> \"t\"",
        "[r]\n\n[r]: &#106;avascript:alert(1)",
        "![r]\n\n[r]: data:image/png;base64,AAAA",
        // Autolinks
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "<file:///etc/passwd>",
        "www.x.org\"onmouseover=\"alert(1)",
        "https://x.org/\"onmouseover=\"alert(1)",
        // Attribute breaking
        "[a](https://x.org\" onmouseover=\"alert(1))",
        "[a](https://x.org \"\\\" onmouseover=\\\"alert(1)\")",
        "[a](https://x.org 'x\" onmouseover=\"alert(1)')",
        "![a\" onerror=\"alert(1)](https://x.org/i.png)",
        "```\" onmouseover=alert(1)\n<script>alert(1)</script>\n```",
        "`<script>alert(1)</script>`",
        // Raw HTML, which must stay text
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://x.org/xss.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<body onload=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<!--<script>alert(1)</script>-->",
        "<details open ontoggle=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "text <b onmouseover=alert(1)>bold</b> text",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<<script>script>alert(1)<</script>/script>",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void No_payload_reaches_the_html_as_markup(string markdown)
    {
        AssertSafe(SafeMarkdown.ToHtml(markdown));
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](&#106;avascript:alert(1))")]
    [InlineData("[click](%6Aavascript:alert(1))")]
    [InlineData("[click](java&#x0A;script:alert(1))")]
    [InlineData("[click](&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1))")]
    [InlineData("![click](data:image/png;base64,AAAA)")]
    [InlineData("[click][r]\n\n[r]: vbscript:x")]
    public void An_unsafe_link_keeps_its_words_and_loses_its_url(string markdown)
    {
        Assert.Equal("<p>click</p>\n", SafeMarkdown.ToHtml(markdown));
        Assert.Equal("click", SafeMarkdown.ToPlainText(markdown));
    }

    [Fact]
    public void An_unsafe_autolink_becomes_text()
    {
        Assert.Equal("<p>javascript:alert(1)</p>\n", SafeMarkdown.ToHtml("<javascript:alert(1)>"));
    }

    [Fact]
    public void Raw_html_is_shown_as_text()
    {
        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", SafeMarkdown.ToHtml("<script>alert(1)</script>"));
    }

    [Theory]
    [InlineData("https://nice.org.uk/guidance/ng28")]
    [InlineData("HTTP://EXAMPLE.ORG")]
    [InlineData("mailto:library@example.nhs.uk")]
    [InlineData("#minutes")]
    [InlineData("/questions/42")]
    [InlineData("../appraisals/7")]
    [InlineData("?page=2")]
    [InlineData("appraisal.pdf")]
    [InlineData("//cdn.example.org/a.png")]
    [InlineData("notes#part:2")]
    [InlineData("search?q=a%2520b")]
    [InlineData("")]
    [InlineData(null)]
    public void Safe_urls_pass(string? url)
    {
        Assert.True(SafeMarkdown.IsSafeUrl(url));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData(" \t\njavascript:alert(1)")]
    [InlineData("java\tscr\nipt:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData("&#106;avascript:alert(1)")]
    [InlineData("%6aavascript:alert(1)")]
    [InlineData("%25%36%41avascript:alert(1)")]
    [InlineData("javascript&colon;alert(1)")]
    [InlineData("vbscript:x")]
    [InlineData("data:text/html,x")]
    [InlineData("file:///c:/x")]
    [InlineData("ftp://x.org")]
    [InlineData("tel:+441234567890")]
    [InlineData("c:\\windows")]
    [InlineData("x-unknown:thing")]
    [InlineData("%2525252525252e")] // still changing after every decoding round
    public void Unsafe_urls_fail(string url)
    {
        Assert.False(SafeMarkdown.IsSafeUrl(url));
    }

    [Fact]
    public void Ordinary_markdown_renders()
    {
        const string markdown = """
            # Appraisal

            Some *emphasis*, **strong**, ~~struck~~ and `code`.

            - first
            - second

            1. one
            2. two

            > quoted

            | Outcome | RR |
            |---|:-:|
            | Stroke | 0.8 |

            See [NICE NG28](https://www.nice.org.uk/guidance/ng28 "Type 2 diabetes"), <https://bmj.com>, www.cochrane.org
            and <library@example.nhs.uk>.
            """;

        Assert.Equal("""
            <h1>Appraisal</h1>
            <p>Some <em>emphasis</em>, <strong>strong</strong>, <del>struck</del> and <code>code</code>.</p>
            <ul>
            <li>first</li>
            <li>second</li>
            </ul>
            <ol>
            <li>one</li>
            <li>two</li>
            </ol>
            <blockquote>
            <p>quoted</p>
            </blockquote>
            <table>
            <thead>
            <tr>
            <th>Outcome</th>
            <th style="text-align: center;">RR</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>Stroke</td>
            <td style="text-align: center;">0.8</td>
            </tr>
            </tbody>
            </table>
            <p>See <a href="https://www.nice.org.uk/guidance/ng28" title="Type 2 diabetes">NICE NG28</a>, <a href="https://bmj.com">https://bmj.com</a>, <a href="http://www.cochrane.org">www.cochrane.org</a><br />
            and <a href="mailto:library@example.nhs.uk">library@example.nhs.uk</a>.</p>

            """, SafeMarkdown.ToHtml(markdown));
    }

    [Fact]
    public void A_new_line_in_the_text_box_stays_a_new_line()
    {
        Assert.Equal("<p>Present: Dr A<br />\nDr B</p>\n", SafeMarkdown.ToHtml("Present: Dr A\nDr B"));
    }

    [Fact]
    public void Plain_text_drops_the_syntax()
    {
        Assert.Equal("Appraisal\nSome emphasis and a link.\nfirst\nsecond",
            SafeMarkdown.ToPlainText("# Appraisal\n\nSome *emphasis* and [a link](https://x.org).\n\n- first\n- second\n"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_renders_as_nothing(string? markdown)
    {
        Assert.Equal("", SafeMarkdown.ToHtml(markdown));
        Assert.Equal("", SafeMarkdown.ToPlainText(markdown));
    }

    private static readonly HashSet<string> AllowedElements =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "ins", "mark", "sub", "sup",
        "code", "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    ];

    private static readonly HashSet<string> AllowedAttributes = ["href", "src", "alt", "title", "class", "style", "start"];

    /// <summary>
    /// Raw HTML comes out escaped, so any '&lt;' in the output opens a real tag: each must be an element Markdown makes,
    /// with only Markdown's attributes, and no URL attribute may carry a scheme other than http, https or mailto.
    /// Text may still show "javascript:" (a raw-HTML payload is displayed, not run); what matters is the markup.
    /// </summary>
    private static void AssertSafe(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        var tags = Tag().Matches(html);
        Assert.Equal(html.Count(c => c == '<'), tags.Count);

        foreach (Match tag in tags)
        {
            Assert.Contains(tag.Groups["name"].Value, AllowedElements);
            foreach (Capture attribute in tag.Groups["attr"].Captures)
            {
                var (name, value) = (attribute.Value.Split('=')[0], Attribute().Match(attribute.Value).Groups["value"].Value);
                Assert.Contains(name, AllowedAttributes);
                Assert.False(name.StartsWith("on", StringComparison.OrdinalIgnoreCase), html);

                var decoded = Compact(WebUtility.HtmlDecode(WebUtility.HtmlDecode(value)));
                Assert.DoesNotContain("javascript:", decoded, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("vbscript:", decoded, StringComparison.OrdinalIgnoreCase);
                if (name is "href" or "src")
                    Assert.Matches(SafeUrlShape(), Uri.UnescapeDataString(decoded));
                if (name is "style")
                    Assert.Matches("^text-align: (left|center|right);$", value);
            }
        }
    }

    private static string Compact(string text) => string.Concat(text.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)));

    [GeneratedRegex("""<(?<close>/)?(?<name>[a-z0-9]+)(?:\s+(?<attr>[a-z-]+="[^"<>]*"))*\s*/?>""")]
    private static partial Regex Tag();

    [GeneratedRegex("""="(?<value>[^"]*)"$""")]
    private static partial Regex Attribute();

    // An allowed scheme, or no colon before the path, query or fragment begins.
    [GeneratedRegex("^(?:(?:https?|mailto):|[^:/?#]*(?:[/?#]|$))", RegexOptions.IgnoreCase)]
    private static partial Regex SafeUrlShape();
}
