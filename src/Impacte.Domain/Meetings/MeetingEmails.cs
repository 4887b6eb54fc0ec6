using System.Text;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Markdown;
using Impacte.Domain.Preferences;

namespace Impacte.Domain.Meetings;

/// <summary>
/// A member an email about a meeting goes to, with their answer if they gave one and the start it was given for (an
/// answer for another start is for the old time: their calendar shows it as still to answer).
/// </summary>
public sealed record MeetingRecipient(Guid UserId, string Email, string Name, RsvpResponse? Answer = null, DateTimeOffset? AnsweredFor = null)
{
    /// <summary>Their answer, if it was given for the meeting's current start.</summary>
    public RsvpResponse? AnswerFor(Meeting meeting) => AnsweredFor == meeting.StartsAt ? Answer : null;
}

/// <summary>A meeting with what its emails tell: the club, and the agenda with each question's details where known.</summary>
public sealed record MeetingBrief(Meeting Meeting, string ClubName, string TimeZone, IReadOnlyList<MeetingBrief.Item> Agenda)
{
    /// <summary>One agenda item; <paramref name="Presenters"/> are the names of who presents it, in order.</summary>
    public sealed record Item(Guid QuestionId, AgendaQuestion? Question, IReadOnlyList<string> Presenters);
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

    // A fan-out composes the same meeting for thousands of members: what is the same for all of them (the rendered
    // agenda, the invite up to its attendees) is rendered once and reused, keyed by its own input, so the output is
    // exactly what rendering it each time would give. Bounded: an instance lives for one scope (one job run).
    private readonly Dictionary<string, string> renderedHtml = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> renderedText = new(StringComparer.Ordinal);
    private readonly Dictionary<CalendarInvite, string> inviteHeads = [];

    private static string Memo<TKey>(Dictionary<TKey, string> memo, TKey key, Func<TKey, string> render) where TKey : notnull
    {
        lock (memo)
        {
            if (memo.TryGetValue(key, out var done)) return done;
            if (memo.Count >= 64) memo.Clear();
            return memo[key] = render(key);
        }
    }

    private string Ics(CalendarInvite invite) =>
        Memo(inviteHeads, invite with { Attendees = NoAttendees }, i => i.HeadIcs()) + invite.AttendeesIcs();

    // One instance, so that invites differing only in their attendees compare equal as keys.
    private static readonly CalendarPerson[] NoAttendees = [];

    public OutboxEmail ReadingPack(MeetingBrief brief, MeetingRecipient to) =>
        Compose(brief, to, $"reading-pack:{brief.Meeting.Id}:{to.UserId}:{brief.Meeting.Sequence}", "reading-pack",
            $"Reading pack: {brief.ClubName} journal club, {When(brief)}", $"Reading pack for {brief.ClubName} journal club",
            $"Here is the reading pack for the next {brief.ClubName} journal club.", InviteMethod.Request, agenda: true, rsvp: true, EmailList.ReadingPacks);

    /// <summary>
    /// What changed, "was → now", with the RSVP asked again when the time moved (the answer was for the old time).
    /// The subject leads with the change: "Willen Park journal club moved to Thu 4 Dec 13:00 — Room 2".
    /// </summary>
    public OutboxEmail Update(MeetingBrief brief, MeetingRecipient to)
    {
        var m = brief.Meeting;
        var was = m.Was;
        var moved = was is not null && (was.StartsAt != m.StartsAt || was.EndsAt != m.EndsAt);
        var placeChanged = was is not null && (was.Location != m.Location || was.OnlineUrl != m.OnlineUrl);
        var now = MeetingRules.Short(m.StartsAt, brief.TimeZone);
        var where = MeetingRules.ShortWhere(m.Location, m.OnlineUrl);
        var subject = moved
            ? $"{brief.ClubName} journal club moved to {now}{(where is null ? "" : $" — {where}")}"
            : placeChanged ? $"{brief.ClubName} journal club on {now} is now {(m.Location is null && m.OnlineUrl is not null ? "online" : $"at {MeetingRules.Where(m)}")}"
            : $"Changed: {brief.ClubName} journal club, {now}";
        var intro = moved
            ? (to.Answer is null ? "The meeting has moved. Please tell us whether you will come at the new time." : "The meeting has moved. Your earlier answer was for the old time: please tell us again whether you will come.")
                + " Your calendar entry is updated by the attached invitation."
            : "The meeting's details have changed. Your calendar entry is updated by the attached invitation.";
        return Compose(brief, to, $"meeting-update:{m.Id}:{to.UserId}:{m.Sequence}", "meeting-update", subject,
            moved ? $"Meeting moved to {now}" : "Meeting details changed", intro, InviteMethod.Request, agenda: true, rsvp: true, EmailList.ReadingPacks,
            confirmAgain: moved);
    }

    public OutboxEmail Cancellation(MeetingBrief brief, MeetingRecipient to)
    {
        var m = brief.Meeting;
        var at = MeetingRules.Short(m.Was?.StartsAt ?? m.StartsAt, brief.TimeZone);
        return Compose(brief, to, $"meeting-cancel:{m.Id}:{to.UserId}:{m.Sequence}", "meeting-cancel",
            $"Cancelled: {brief.ClubName} journal club on {at}", $"Journal club on {at} cancelled",
            "This meeting has been cancelled. The attached cancellation removes it from your calendar.", InviteMethod.Cancel, agenda: false, rsvp: false,
            EmailList.ReadingPacks);
    }

    public OutboxEmail Reminder(MeetingBrief brief, MeetingRecipient to) =>
        Compose(brief, to, $"meeting-reminder:{brief.Meeting.Id}:{to.UserId}:{brief.Meeting.Sequence}", "meeting-reminder",
            $"Tomorrow: {brief.ClubName} journal club, {When(brief)}", $"Journal club tomorrow, {MeetingRules.Short(brief.Meeting.StartsAt, brief.TimeZone)}",
            "A reminder: the journal club meets tomorrow.", InviteMethod.Request, agenda: true, rsvp: false, EmailList.Reminders);

    public string RsvpLink(Meeting meeting, Guid userId, RsvpResponse response) =>
        $"{Base}/meetings/{meeting.Id}/rsvp?user={userId}&response={response.ToString().ToLowerInvariant()}&sig={meeting.RsvpSignature(userId, response)}";

    public CalendarInvite Invite(MeetingBrief brief, InviteMethod method, IReadOnlyList<CalendarPerson> attendees) => new()
    {
        MeetingId = brief.Meeting.Id,
        Method = method,
        Sequence = brief.Meeting.Sequence,
        // To the second, as DTSTAMP is written: the invites of one fan-out second share their rendered head.
        Stamp = TruncateToSecond(clock.GetUtcNow()),
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

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) => t.AddTicks(-(t.UtcTicks % TimeSpan.TicksPerSecond));

    private static string When(MeetingBrief brief) => MeetingRules.When(brief.Meeting, brief.TimeZone);

    private static string AnswerLabel(RsvpResponse r) => r switch
    {
        RsvpResponse.Yes => "Yes, I will come",
        RsvpResponse.Maybe => "Maybe",
        _ => "No, I cannot come",
    };

    private OutboxEmail Compose(MeetingBrief brief, MeetingRecipient to, string key, string kind, string subject, string heading, string intro,
        InviteMethod method, bool agenda, bool rsvp, EmailList list, bool confirmAgain = false)
    {
        var meeting = brief.Meeting;
        HeaderText.EnsureSafe(subject, nameof(subject));
        HeaderText.EnsureSafe(to.Name, "toName");
        // Key facts first, the same in both parts: when and where (or, for a change, what it was and what it is now).
        var facts = new List<(string Label, string Value)>();
        var when = $"{When(brief)} ({brief.TimeZone})";
        var where = MeetingRules.Where(meeting);
        var was = meeting.Was;
        if (method == InviteMethod.Cancel)
        {
            facts.Add(("Was", $"{MeetingRules.When(was?.StartsAt ?? meeting.StartsAt, was?.EndsAt ?? meeting.EndsAt, brief.TimeZone)}, {MeetingRules.Where(was?.Location ?? meeting.Location, was?.OnlineUrl ?? meeting.OnlineUrl)}"));
            facts.Add(("Reason", meeting.CancelReason ?? "No reason was given."));
        }
        else if (kind == "meeting-update" && was is not null)
        {
            facts.Add(("Was", $"{MeetingRules.When(was.StartsAt, was.EndsAt, brief.TimeZone)}, {MeetingRules.Where(was.Location, was.OnlineUrl)}"));
            facts.Add(("Now", $"{when}, {where}"));
        }
        else
        {
            facts.Add(("When", when));
            facts.Add(("Where", where));
        }
        if (rsvp)
        {
            var answer = to.AnswerFor(meeting);
            facts.Add(("Your answer", answer is { } a ? AnswerLabel(a)
                : to.Answer is { } old ? $"{AnswerLabel(old)} (for the old time: please confirm again)" : "Not given yet"));
        }

        // The rest, written twice: as Markdown for the HTML part and as plain text (with every address in full).
        var md = new StringBuilder();
        var text = new StringBuilder();
        void Para(string markdown, string plain) { md.AppendLine(markdown).AppendLine(); text.AppendLine(plain).AppendLine(); }

        text.AppendLine(heading).AppendLine(new string('=', heading.Length)).AppendLine();
        text.Append(EmailLayout.TextFacts(facts)).AppendLine();
        Para($"Dear {Escape(to.Name)},", $"Dear {to.Name},");
        // The greeting is the member's own; the Markdown after it is the same for everyone and rendered once (a
        // paragraph renders the same alone as in the whole document, so the two joined are the whole rendered).
        var greeting = md.ToString();
        md.Clear();
        Para(intro, intro);
        List<EmailButton> buttons = [];
        if (rsvp)
        {
            buttons = Enum.GetValues<RsvpResponse>().Select(r => new EmailButton(AnswerLabel(r), RsvpLink(meeting, to.UserId, r))).ToList();
            text.AppendLine(confirmAgain ? "PLEASE CONFIRM AGAIN: WILL YOU COME?" : "WILL YOU COME?").AppendLine(string.Join("\n", buttons.Select(b => $"{b.Label}: {b.Url}"))).AppendLine();
        }
        var body = new StringBuilder();
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
                if (item.Presenters.Count > 0)
                {
                    var by = MeetingRules.JoinNames(item.Presenters);
                    Para($"Presented by {Escape(by)}.", $"Presented by {by}.");
                }
                if (q?.AppraisalId is { } cat)
                    Para($"[Read the critical appraisal (CAT)]({Base}/appraisals/{cat})", $"Read the critical appraisal (CAT): {Base}/appraisals/{cat}");
                if (q?.Pico is { } pico) Para($"**PICO:** {Escape(pico)}", $"PICO: {pico}");
                if (q?.BottomLine is { } bottom) Para($"**Bottom line:** {Escape(bottom)}", $"Bottom line: {bottom}");
                if (q?.NarrativeMarkdown is { } narrative) Para(narrative, Memo(renderedText, narrative, SafeMarkdown.ToPlainText));
                if (q?.Papers.Count > 0)
                    Para("**Papers**\n\n" + string.Join("\n", q.Papers.Select(p => $"- {Escape(p.Citation)}{(p.Link is null ? "" : $" <{p.Link}>")}")),
                        "Papers:\n" + string.Join("\n", q.Papers.Select(p => $"- {p.Citation}{(p.Link is null ? "" : $" {p.Link}")}")));
            }
        }
        var page = $"{Base}/meetings/{meeting.Id}";
        Para($"[Open the meeting page]({page})", $"Meeting page: {page}");
        text.AppendLine("-- ").AppendLine("IMPACTE, evidence into practice");

        // The RSVP buttons come before the agenda in the HTML: the one thing to do, where a phone shows it first.
        var intro2 = SafeMarkdown.ToHtml(greeting) + Memo(renderedHtml, md.ToString(), SafeMarkdown.ToHtml);
        var split = intro2.IndexOf("<h2", StringComparison.Ordinal);
        if (rsvp && split < 0) split = intro2.LastIndexOf("<p><a href=", StringComparison.Ordinal);
        var head = rsvp && split > 0 ? intro2[..split] : intro2;
        var tail = rsvp && split > 0 ? intro2[split..] : "";
        body.Append(head);
        if (rsvp)
            body.Append($"""<h2 style="font-size:20px;margin:20px 0 8px">{EmailLayout.Encode(confirmAgain ? "Please confirm again: will you come?" : "Will you come?")}</h2>""")
                .Append(EmailLayout.Buttons(buttons));
        body.Append(tail);

        var invite = Invite(brief, method, [new CalendarPerson(to.Name, to.Email, to.AnswerFor(meeting))]);
        var email = OutboxEmails.Create(options, clock, key, kind, to.Email, to.Name, subject, text.ToString(),
            EmailLayout.Html(subject, heading, facts, body.ToString(),
                footer: list == EmailList.Reminders ? "You get reminders for meetings you said you would come to." : "You get reading packs as a member of this journal club.",
                preferencesUrl: $"{Base}/me/preferences"),
            recipientId: to.UserId, list: list);
        email.Attachments = [new OutboxAttachment { FileName = method == InviteMethod.Cancel ? "cancel.ics" : "invite.ics", ContentType = invite.ContentType, Content = Ics(invite) }];
        return email;
    }

    /// <summary>User text inside our Markdown: its syntax characters are shown, not obeyed.</summary>
    internal static string Escape(string text)
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
