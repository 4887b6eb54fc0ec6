using System.Globalization;
using System.Text;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Markdown;
using Impacte.Domain.Measures;

namespace Impacte.Domain.Changes;

/// <summary>Someone a chaser goes to.</summary>
public sealed record ChasePerson(Guid UserId, string Email, string Name);

/// <summary>
/// Something due that the Worker chases: a change's own due date, or (with a measure) the figures of a re-audit or
/// measurement for a period. The chase is over once the change is implemented, sustained or abandoned, or the figures
/// are entered; whoever finds the items leaves those out.
/// </summary>
public sealed record ChaseItem(
    Guid ChangeId, string ChangeTitle, string ClubName, string TimeZone, DateOnly DueOn, byte[] LinkKey,
    ChasePerson Owner, IReadOnlyList<ChasePerson> Leads,
    Guid? MeasureId = null, string? MeasureName = null, string? Period = null)
{
    /// <summary>Where the link goes: the form for the period's figures, or the change's page.</summary>
    public string Path => MeasureId is { } measure ? $"/measures/{measure}/points/{Period}" : $"/changes/{ChangeId}";

    public string Key(ChaseStep step, Guid? lead = null) => Chasing.Key(ChangeId, MeasureId, DueOn, step, lead);

    /// <summary>The measure's chart for a re-audit's chaser, when it has points to draw.</summary>
    public ChaseChart? Chart { get; init; }
}

/// <summary>
/// A measure's run or SPC chart as a chaser carries it: a PNG shown inside the HTML (by Content-ID, with
/// <see cref="AltText"/>), and the latest figures in words for the text part and for anyone who cannot see it.
/// </summary>
public sealed record ChaseChart(byte[] Png, string AltText, string Latest)
{
    public const string ContentId = "measure-chart@impacte";

    public static ChaseChart? From(MeasureChartView view)
    {
        if (view.Chart.Points.Count == 0) return null;
        var last = view.Chart.Points[^1];
        var latest = view.Measure.IsProportion && last.Denominator is { } denominator
            ? $"{last.Period}: {Number(last.Numerator)} of {Number(denominator)} ({Number(last.Value * 100)}%)"
            : $"{last.Period}: {Number(last.Value)}";
        if (view.Measure.IsProportion && view.Measure.StandardPercent is { } standard) latest += $", against a standard of {Number(standard)}%";
        return new ChaseChart(ChartDrawing.Png(view), $"{view.Title}. {view.Description}", latest + ".");
    }

    private static string Number(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>
/// Composes the chasers as outbox rows, written once as Markdown and rendered by SafeMarkdown to HTML and plain text
/// (user text is escaped, never obeyed). Each link is signed for its recipient (<see cref="ChaseLinks"/>).
/// </summary>
public sealed class ChaseEmails(EmailOptions options, TimeProvider clock)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private string Base => options.PublicBaseUrl.TrimEnd('/');

    /// <summary>The step's emails: one to the owner, or (escalation) one to each lead.</summary>
    public IReadOnlyList<OutboxEmail> Compose(ChaseItem item, ChaseStep step) =>
        step.GoesToLeads()
            ? item.Leads.Select(lead => Escalation(item, lead)).ToList()
            : [Reminder(item, step)];

    /// <summary>The line in the change's history for a step sent to <paramref name="to"/>.</summary>
    public static string HistoryNote(ChaseItem item, ChaseStep step, IReadOnlyCollection<ChasePerson> to)
    {
        var what = item.MeasureId is null ? "the change" : $"the {item.Period} figures for \"{item.MeasureName}\"";
        var names = string.Join(", ", to.Select(p => p.Name));
        var (isDue, wasDue) = item.MeasureId is null ? ("is", "was") : ("are", "were");
        return step switch
        {
            ChaseStep.Ahead => $"Reminder sent to {names}: {what} {isDue} due in a week ({Date(item.DueOn)}).",
            ChaseStep.OnTheDay => $"Reminder sent to {names}: {what} {isDue} due ({Date(item.DueOn)}).",
            ChaseStep.Overdue => $"Overdue reminder sent to {names}: {what} {wasDue} due on {Date(item.DueOn)}.",
            _ => $"Escalated to the club's {(to.Count == 1 ? "lead" : "leads")} {names}: {what} {wasDue} due on {Date(item.DueOn)} and {(item.MeasureId is null ? "is still open" : "are not in yet")}.",
        };
    }

    private OutboxEmail Reminder(ChaseItem item, ChaseStep step)
    {
        var distance = Chasing.Distance(item.DueOn, Today(item));
        var (thing, plainThing) = Thing(item);
        var subject = step switch
        {
            ChaseStep.Ahead => $"Due {distance}: {Subject(item)}",
            ChaseStep.OnTheDay => $"Due {distance}: {Subject(item)}",
            _ => $"Overdue: {Subject(item)}",
        };
        var (isDue, wasDue) = item.MeasureId is null ? ("is", "was") : ("are", "were");
        var due = step == ChaseStep.Overdue ? $"{wasDue} due on {Date(item.DueOn)} ({distance})" : $"{isDue} due on {Date(item.DueOn)} ({distance})";
        var ask = item.MeasureId is null
            ? "Open the change to move it on: mark it implemented when it is in place, set a new due date, or stop it with a reason (stopping a stalled change is normal)."
            : "The link opens the form for these figures; sign in as usual to save them. Once they are in, the reminders stop.";
        var action = item.MeasureId is null ? "Open the change" : $"Enter the {item.Period} figures";
        return Compose(item, step, item.Owner, item.Key(step), "chase", subject,
            [($"{thing} {due}.", $"{plainThing} {due}."), (ask, ask)], action);
    }

    private OutboxEmail Escalation(ChaseItem item, ChasePerson lead)
    {
        var (thing, plainThing) = Thing(item);
        var owner = item.Owner.Name;
        var still = item.MeasureId is null ? "the change is still open" : "the figures are not in yet";
        var wasDue = item.MeasureId is null ? "was" : "were";
        var first = $"{wasDue} due on {Date(item.DueOn)}, {Chasing.Distance(item.DueOn, Today(item))}, and {still}; its owner is {Escape(owner)}.";
        var plainFirst = $"{wasDue} due on {Date(item.DueOn)}, {Chasing.Distance(item.DueOn, Today(item))}, and {still}; its owner is {owner}.";
        var why = $"You lead the {item.ClubName} journal club, so IMPACTE tells you now. A word with the owner may be all it takes; " +
                  "or agree a new date, or stop the change with a reason: a stalled change stopped is shown without blame.";
        return Compose(item, ChaseStep.Escalation, lead, item.Key(ChaseStep.Escalation, lead.UserId), "chase-escalation",
            $"Two weeks overdue: {Subject(item)} ({owner})",
            [($"{thing} {first}", $"{plainThing} {plainFirst}"), (Escape(why), why)], "Open the change");
    }

    private static string Subject(ChaseItem item) =>
        (item.MeasureId is null ? item.ChangeTitle : $"{item.MeasureName}, {item.Period} figures").ReplaceLineEndings(" ");

    /// <summary>What is due, as Markdown and as plain text.</summary>
    private static (string Markdown, string Plain) Thing(ChaseItem item) => item.MeasureId is null
        ? ($"The practice change **{Escape(item.ChangeTitle)}** at {Escape(item.ClubName)}", $"The practice change \"{item.ChangeTitle}\" at {item.ClubName}")
        : ($"The {Escape(item.Period ?? "")} figures for **{Escape(item.MeasureName ?? "")}**, a measure of the change {Escape(item.ChangeTitle)} at {Escape(item.ClubName)},",
            $"The {item.Period} figures for \"{item.MeasureName}\", a measure of the change \"{item.ChangeTitle}\" at {item.ClubName},");

    private DateOnly Today(ChaseItem item) => WorkingHours.LocalDate(clock.GetUtcNow(), Chasing.Zone(item.TimeZone));

    private static string Date(DateOnly day) => day.ToString("dddd d MMMM yyyy", English);

    private OutboxEmail Compose(ChaseItem item, ChaseStep step, ChasePerson to, string key, string kind, string subject,
        IReadOnlyList<(string Markdown, string Plain)> paragraphs, string action)
    {
        // The escalation points the lead at the change; the owner's reminders at the form (or the change).
        var path = step.GoesToLeads() ? $"/changes/{item.ChangeId}" : item.Path;
        var link = Base + ChaseLinks.Signed(item.LinkKey, path, to.UserId);
        var md = new StringBuilder();
        var text = new StringBuilder();
        void Para(string markdown, string plain) { md.AppendLine(markdown).AppendLine(); text.AppendLine(plain).AppendLine(); }

        Para($"Dear {Escape(to.Name)},", $"Dear {to.Name},");
        foreach (var (markdown, plain) in paragraphs) Para(markdown, plain);
        // The chart sits inside the HTML (our markup around the rendered Markdown: the Markdown renderer allows no images).
        var chartHtml = "";
        if (item.Chart is { } chart)
        {
            Para($"**Latest figures:** {Escape(chart.Latest)}", $"Latest figures: {chart.Latest}");
            chartHtml = $"""<p><img src="cid:{ChaseChart.ContentId}" alt="{System.Net.WebUtility.HtmlEncode(chart.AltText)}" width="600" style="max-width:100%;height:auto"></p>""";
            text.AppendLine($"The chart, in words: {chart.AltText}").AppendLine();
        }
        var before = md.ToString();
        md.Clear();
        Para($"**[{action}]({link})**", $"{action}:\n{link}");
        Para("You need to be signed in to save anything; the link only takes you straight there.",
            "You need to be signed in to save anything; the link only takes you straight there.");
        md.AppendLine("IMPACTE, evidence into practice");
        text.AppendLine("-- ").AppendLine("IMPACTE, evidence into practice");

        // A chaser names its member but belongs to no bulk list: an owner with an overdue audit cannot leave it.
        var email = OutboxEmails.Create(options, clock, key, kind, to.Email, to.Name, subject, text.ToString(),
            EmailLayout.Html(subject, subject, [], SafeMarkdown.ToHtml(before) + chartHtml + SafeMarkdown.ToHtml(md.ToString())), recipientId: to.UserId);
        if (item.Chart is { } png)
            email.Attachments = [OutboxAttachment.Inline("chart.png", "image/png", png.Png, ChaseChart.ContentId)];
        return email;
    }

    /// <summary>User text inside our Markdown: its syntax characters are shown, not obeyed.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if ("\\`*_{}[]<>()#+-.!|~".Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
