using System.Text;
using System.Text.Encodings.Web;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Preferences;

namespace Impacte.Domain.Digests;

/// <summary>
/// A digest as one outbox email: an HTML part (NHS colours, one column that reads at 320 px, real headings and lists,
/// every piece of user text HTML-encoded) and a complete text part with every link in full. Its idempotency key is the
/// member's period (<see cref="DigestPeriod.Key"/>); it names its member and the digest list, for one-click unsubscribe.
/// </summary>
public sealed class DigestEmails(EmailOptions options, TimeProvider clock)
{
    public const string Kind = "digest";

    private const string Blue = "#005eb8", Text = "#212b32", Secondary = "#4c6272", Border = "#d8dde0";

    private string Base => options.PublicBaseUrl.TrimEnd('/');

    /// <summary>Where a member changes their digest (the preferences page).</summary>
    public string PreferencesUrl => $"{Base}/me/preferences";

    public static string Subject(Digest digest)
    {
        var count = digest.Sections.Sum(s => s.Items.Count);
        return $"Your IMPACTE digest: {count} {(count == 1 ? "thing" : "things")} for you, {Day(digest)}";
    }

    private static string Day(Digest digest) =>
        $"{TimeZoneInfo.ConvertTime(digest.To.Period.End, Club.ZoneOf(digest.To.Preferences.TimeZone)):d MMMM yyyy}";

    private static string Rhythm(DigestFrequency f) => f switch
    {
        DigestFrequency.Fortnightly => "fortnightly",
        DigestFrequency.Monthly => "monthly",
        _ => "weekly",
    };

    private static string More(DigestSection section) => $"And {section.More} more on IMPACTE.";

    public OutboxEmail Compose(Digest digest)
    {
        var to = digest.To;
        var subject = Subject(digest);
        return OutboxEmails.Create(options, clock, to.Period.Key, Kind, to.Email, to.Name, subject,
            TextPart(digest), HtmlPart(digest, subject), to.UserId, EmailList.Digest);
    }

    private string Why(Digest digest) =>
        $"You get this {Rhythm(digest.To.Period.Frequency)} digest from IMPACTE as a member of your journal club. " +
        "Choose how often it comes, the day, and the clinical areas you follow, or stop it:";

    public string TextPart(Digest digest)
    {
        var sb = new StringBuilder();
        sb.Append("Dear ").Append(digest.To.Name).AppendLine(",").AppendLine();
        sb.AppendLine($"Here is what is new for you on IMPACTE up to {Day(digest)}.").AppendLine();
        foreach (var section in digest.Sections)
        {
            sb.AppendLine(section.Heading.ToUpperInvariant()).AppendLine(new string('-', section.Heading.Length)).AppendLine(section.Intro).AppendLine();
            foreach (var item in section.Items)
            {
                sb.Append("* ").AppendLine(item.Title);
                if (item.Detail is { } detail) sb.Append("  ").AppendLine(detail);
                if (item.Quote is { } quote)
                    foreach (var line in quote.ReplaceLineEndings("\n").Split('\n')) sb.Append("  ").AppendLine(line);
                foreach (var action in item.Actions) sb.Append("  ").Append(action.Label).Append(": ").AppendLine(action.Url);
                if (item.Reading.Count > 0) sb.AppendLine("  Reading for this meeting:");
                foreach (var reading in item.Reading)
                {
                    sb.Append("  - ").AppendLine(reading.Question);
                    foreach (var paper in reading.Papers)
                        sb.Append("    ").Append(paper.Citation).AppendLine(paper.Link is null ? "" : $" {paper.Link}");
                    if (reading.AppraisalUrl is { } cat) sb.Append("    Critically appraised topic: ").AppendLine(cat);
                }
                sb.Append("  Open: ").AppendLine(item.Url).AppendLine();
            }
            if (section.More > 0) sb.AppendLine(More(section)).AppendLine();
        }
        sb.AppendLine(Why(digest)).AppendLine(PreferencesUrl).AppendLine();
        sb.AppendLine("-- ").AppendLine("IMPACTE, evidence into practice");
        return sb.ToString();
    }

    public string HtmlPart(Digest digest, string subject)
    {
        var h = HtmlEncoder.Default;
        var sb = new StringBuilder();
        sb.Append($"""<p style="margin:0 0 16px">Dear {h.Encode(digest.To.Name)}, here is what is new for you.</p>""");
        foreach (var section in digest.Sections)
        {
            sb.Append($"""
                <h2 style="font-size:21px;line-height:1.3;margin:28px 0 4px;padding-bottom:4px;border-bottom:3px solid {Blue}">{h.Encode(section.Heading)}</h2>
                <p style="margin:0 0 12px;color:{Secondary}">{h.Encode(section.Intro)}</p>
                <ul style="list-style:none;margin:0;padding:0">

                """);
            foreach (var item in section.Items)
            {
                sb.Append($"""<li style="margin:0 0 12px;padding:12px;border:1px solid {Border};border-left:4px solid {Blue}">""");
                sb.Append($"""<a href="{h.Encode(item.Url)}" style="color:{Blue};font-weight:bold;text-decoration:underline">{h.Encode(item.Title)}</a>""");
                if (item.Detail is { } detail) sb.Append($"""<p style="margin:4px 0 0;color:{Text}">{h.Encode(detail)}</p>""");
                if (item.Quote is { } quote)
                    sb.Append($"""<p style="margin:8px 0 0;padding-left:10px;border-left:4px solid {Border};color:{Text}">{h.Encode(quote).Replace("&#xA;", "<br>")}</p>""");
                if (item.Reading.Count > 0)
                {
                    sb.Append("""<p style="margin:8px 0 0;font-weight:bold">Reading for this meeting</p><ul style="margin:4px 0 0;padding-left:20px">""");
                    foreach (var reading in item.Reading)
                    {
                        sb.Append($"""<li style="margin:4px 0">{h.Encode(reading.Question)}<ul style="margin:0;padding-left:20px">""");
                        foreach (var paper in reading.Papers)
                            sb.Append(paper.Link is { } link
                                ? $"""<li><a href="{h.Encode(link)}" style="color:{Blue}">{h.Encode(paper.Citation)}</a></li>"""
                                : $"""<li>{h.Encode(paper.Citation)}</li>""");
                        if (reading.AppraisalUrl is { } cat)
                            sb.Append($"""<li><a href="{h.Encode(cat)}" style="color:{Blue}">Critically appraised topic</a></li>""");
                        sb.Append("</ul></li>");
                    }
                    sb.Append("</ul>");
                }
                if (item.Actions.Count > 0)
                {
                    sb.Append("""<p style="margin:8px 0 0">""");
                    sb.AppendJoin(" ", item.Actions.Select(a =>
                        $"""<a href="{h.Encode(a.Url)}" style="display:inline-block;margin:4px 8px 0 0;padding:6px 12px;background:{Blue};color:#ffffff;font-weight:bold;text-decoration:none;border-radius:4px">{h.Encode(a.Label)}</a>"""));
                    sb.Append("</p>");
                }
                sb.AppendLine("</li>");
            }
            sb.AppendLine("</ul>");
            if (section.More > 0) sb.AppendLine($"""<p style="margin:0 0 12px">{h.Encode(More(section))}</p>""");
        }
        return EmailLayout.Html(subject, $"Your digest, {Day(digest)}", [], sb.ToString(), footer: Why(digest).TrimEnd(':', ' ') + ".",
            preferencesUrl: PreferencesUrl);
    }
}
