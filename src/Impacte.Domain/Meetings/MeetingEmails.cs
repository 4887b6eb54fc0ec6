using System.Text;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Markdown;
using Impacte.Domain.Preferences;

namespace Impacte.Domain.Meetings;

/// <summary>A member an email about a meeting goes to.</summary>
public sealed record MeetingRecipient(Guid UserId, string Email, string Name);

/// <summary>A meeting with what its emails tell: the club, and the agenda with each question's details where known.</summary>
public sealed record MeetingBrief(Meeting Meeting, string ClubName, string TimeZone, IReadOnlyList<MeetingBrief.Item> Agenda)
{
    public sealed record Item(Guid QuestionId, AgendaQuestion? Question, string? Presenter);
}

/// <summary>
/// Composes the emails about a meeting as outbox rows: reading pack, update, cancellation, reminder. Each is written
/// as Markdown once and rendered by SafeMarkdown to HTML and plain text, so user text never becomes markup; each
/// carries the meeting's ICS (same UID always, the meeting's SEQUENCE). Idempotency keys name meeting, member and
/// sequence, so a fan-out run twice writes nothing new. Packs, updates and cancellations belong to the reading-packs
/// list (an update follows the pack a member chose to get), reminders to the reminders list: each row names its member
/// and list, so the dispatcher adds the one-click unsubscribe headers.
/// </summary>
public sealed class MeetingEmails(EmailOptions options, TimeProvider clock)
{
    private string Base => options.PublicBaseUrl.TrimEnd('/');

    public OutboxEmail ReadingPack(MeetingBrief brief, MeetingRecipient to) =>
        Compose(brief, to, $"reading-pack:{brief.Meeting.Id}:{to.UserId}:{brief.Meeting.Sequence}", "reading-pack",
            $"Reading pack: {brief.ClubName} journal club, {When(brief)}",
            $"Here is the reading pack for the next {brief.ClubName} journal club.", InviteMethod.Request, agenda: true, rsvp: true, EmailList.ReadingPacks);

    public OutboxEmail Update(MeetingBrief brief, MeetingRecipient to) =>
        Compose(brief, to, $"meeting-update:{brief.Meeting.Id}:{to.UserId}:{brief.Meeting.Sequence}", "meeting-update",
            $"Changed: {brief.ClubName} journal club, now {When(brief)}",
            "The meeting has changed. Your calendar entry is updated by the attached invitation.", InviteMethod.Request, agenda: true, rsvp: true,
            EmailList.ReadingPacks);

    public OutboxEmail Cancellation(MeetingBrief brief, MeetingRecipient to) =>
        Compose(brief, to, $"meeting-cancel:{brief.Meeting.Id}:{to.UserId}:{brief.Meeting.Sequence}", "meeting-cancel",
            $"Cancelled: {brief.ClubName} journal club, {When(brief)}",
            "This meeting has been cancelled. The attached cancellation removes it from your calendar.", InviteMethod.Cancel, agenda: false, rsvp: false,
            EmailList.ReadingPacks);

    public OutboxEmail Reminder(MeetingBrief brief, MeetingRecipient to) =>
        Compose(brief, to, $"meeting-reminder:{brief.Meeting.Id}:{to.UserId}:{brief.Meeting.Sequence}", "meeting-reminder",
            $"Tomorrow: {brief.ClubName} journal club, {When(brief)}",
            "A reminder: the journal club meets tomorrow.", InviteMethod.Request, agenda: true, rsvp: false, EmailList.Reminders);

    public string RsvpLink(Meeting meeting, Guid userId, RsvpResponse response) =>
        $"{Base}/meetings/{meeting.Id}/rsvp?user={userId}&response={response.ToString().ToLowerInvariant()}&sig={meeting.RsvpSignature(userId, response)}";

    public CalendarInvite Invite(MeetingBrief brief, InviteMethod method, IReadOnlyList<CalendarPerson> attendees) => new()
    {
        MeetingId = brief.Meeting.Id,
        Method = method,
        Sequence = brief.Meeting.Sequence,
        Stamp = clock.GetUtcNow(),
        Start = brief.Meeting.StartsAt,
        End = brief.Meeting.EndsAt,
        TimeZone = brief.TimeZone,
        Summary = $"{brief.ClubName} journal club",
        Location = brief.Meeting.Location,
        OnlineLink = brief.Meeting.OnlineUrl is { } url ? new Uri(url) : null,
        Description = $"Meeting page: {Base}/meetings/{brief.Meeting.Id}",
        Organizer = new CalendarPerson(options.FromName, options.From),
        Attendees = attendees,
    };

    private static string When(MeetingBrief brief) => MeetingRules.When(brief.Meeting, brief.TimeZone);

    private OutboxEmail Compose(MeetingBrief brief, MeetingRecipient to, string key, string kind, string subject, string intro,
        InviteMethod method, bool agenda, bool rsvp, EmailList list)
    {
        var meeting = brief.Meeting;
        HeaderText.EnsureSafe(subject, nameof(subject));
        HeaderText.EnsureSafe(to.Name, "toName");
        // Written twice, as Markdown for the HTML part and as plain text (with every address in full) for the text part.
        var md = new StringBuilder();
        var text = new StringBuilder();
        void Para(string markdown, string plain) { md.AppendLine(markdown).AppendLine(); text.AppendLine(plain).AppendLine(); }

        Para($"Dear {Escape(to.Name)},", $"Dear {to.Name},");
        Para(intro, intro);
        var when = $"{When(brief)} ({brief.TimeZone})";
        var where = MeetingRules.Where(meeting);
        Para($"**When:** {when}  \n**Where:** {Escape(where)}", $"When:  {when}\nWhere: {where}");
        if (agenda)
        {
            Para("## Agenda", "AGENDA");
            if (brief.Agenda.Count == 0) Para("The agenda is still being set; the meeting page will show it.", "The agenda is still being set; the meeting page will show it.");
            var n = 0;
            foreach (var item in brief.Agenda)
            {
                var q = item.Question;
                var title = $"{++n}. {q?.Title ?? "Question (details to follow)"}";
                Para($"### {Escape(title)}", title);
                if (item.Presenter is not null) Para($"Presented by {Escape(item.Presenter)}.", $"Presented by {item.Presenter}.");
                if (q?.Pico is { } pico) Para($"**PICO:** {Escape(pico)}", $"PICO: {pico}");
                if (q?.BottomLine is { } bottom) Para($"**Bottom line:** {Escape(bottom)}", $"Bottom line: {bottom}");
                if (q?.NarrativeMarkdown is { } narrative) Para(narrative, SafeMarkdown.ToPlainText(narrative));
                if (q?.Papers.Count > 0)
                    Para("**Papers**\n\n" + string.Join("\n", q.Papers.Select(p => $"- {Escape(p.Citation)}{(p.Link is null ? "" : $" <{p.Link}>")}")),
                        "Papers:\n" + string.Join("\n", q.Papers.Select(p => $"- {p.Citation}{(p.Link is null ? "" : $" {p.Link}")}")));
            }
        }
        if (rsvp)
        {
            var answers = Enum.GetValues<RsvpResponse>().Select(r => (Answer: r.ToString(), Link: RsvpLink(meeting, to.UserId, r))).ToList();
            Para("## Will you come?", "WILL YOU COME?");
            Para(string.Join("\n", answers.Select(a => $"- [{a.Answer}]({a.Link})")), string.Join("\n", answers.Select(a => $"{a.Answer}: {a.Link}")));
        }
        var page = $"{Base}/meetings/{meeting.Id}";
        Para($"[Open the meeting page]({page})", $"Meeting page: {page}");
        md.AppendLine("IMPACTE, evidence into practice");
        text.AppendLine("-- ").AppendLine("IMPACTE, evidence into practice");

        var invite = Invite(brief, method, [new CalendarPerson(to.Name, to.Email)]);
        var email = OutboxEmails.Create(options, clock, key, kind, to.Email, to.Name, subject, text.ToString(), $"""
            <!DOCTYPE html>
            <html lang="en"><body style="font-family: Arial, sans-serif; color: #212b32; line-height: 1.5">
            {SafeMarkdown.ToHtml(md.ToString())}
            </body></html>
            """, recipientId: to.UserId, list: list);
        email.Attachments = [new OutboxAttachment { FileName = method == InviteMethod.Cancel ? "cancel.ics" : "invite.ics", ContentType = invite.ContentType, Content = invite.ToIcs() }];
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
