using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Digests;
using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Domain.Preferences;
using Microsoft.Extensions.Options;

namespace Impacte.Domain.Tests.Email;

/// <summary>
/// Every kind of email IMPACTE writes uses the one layout (its marker, the colour-scheme meta, a 600 px column, one
/// heading, no images) and has a text part complete on its own (its links in full).
/// </summary>
public sealed class EmailLayoutTests
{
    private static readonly EmailOptions Options = new() { PublicBaseUrl = "https://impacte.example" };
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static MeetingBrief Brief(Meeting meeting) => new(meeting, "Willen Park", "Europe/London",
        [new MeetingBrief.Item(Guid.NewGuid(), new AgendaQuestion(Guid.NewGuid(), "SGLT2 inhibitors in heart failure", "In adults…", "Offer it.", null,
            [new AgendaPaper("McMurray JJV. Dapagliflozin in heart failure. NEJM 2019.", "https://doi.org/10.1056/NEJMoa1911303")], Guid.Parse("0193a000-0000-7000-8000-000000000001")), ["Dr Okafor"])]);

    private static Meeting Meeting()
    {
        var start = new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.Zero);
        return new Meeting { ClubId = Guid.NewGuid(), StartsAt = start, EndsAt = start.AddHours(1), Location = "Willen Park library" };
    }

    /// <summary>One of every kind, by kind.</summary>
    public static IEnumerable<(string Kind, OutboxEmail Email, string[] LinksInText)> Every()
    {
        var emails = new Emails(Options, Clock);
        yield return ("invitation", emails.Invitation(Guid.NewGuid(), "a@example.org", "Dr A", "Willen Park", "Dr Lead", "tok"), ["https://impacte.example/invitations/accept?token=tok"]);
        yield return ("password-reset", emails.PasswordReset(Guid.NewGuid(), "a@example.org", "Dr A", "tok"), ["https://impacte.example/account/reset-password"]);
        yield return ("added-to-club", emails.AddedToClub(Guid.NewGuid(), Guid.NewGuid(), "a@example.org", "Dr A", "Willen Park", "Dr Lead"), ["https://impacte.example/"]);

        var meetings = new MeetingEmails(Options, Clock);
        var to = new MeetingRecipient(Guid.NewGuid(), "a@example.org", "Dr A");
        var meeting = Meeting();
        var pack = meetings.ReadingPack(Brief(meeting), to);
        yield return ("reading-pack", pack, [$"/meetings/{meeting.Id}/rsvp?user={to.UserId}&response=maybe", "https://impacte.example/appraisals/0193a000-0000-7000-8000-000000000001", "https://doi.org/10.1056/NEJMoa1911303"]);
        yield return ("meeting-reminder", meetings.Reminder(Brief(meeting), to), [$"https://impacte.example/meetings/{meeting.Id}"]);
        var moved = Meeting();
        moved.Changed();
        moved.StartsAt = moved.StartsAt.AddDays(1);
        moved.EndsAt = moved.EndsAt.AddDays(1);
        yield return ("meeting-update", meetings.Update(Brief(moved), to), [$"/meetings/{moved.Id}/rsvp?user={to.UserId}&response=no"]);
        var cancelled = Meeting();
        cancelled.Changed();
        cancelled.Status = MeetingStatus.Cancelled;
        cancelled.CancelReason = "Flu clinic.";
        yield return ("meeting-cancel", meetings.Cancellation(Brief(cancelled), to), [$"https://impacte.example/meetings/{cancelled.Id}"]);

        var chase = new ChaseItem(Guid.NewGuid(), "Offer SGLT2 inhibitors", "Willen Park", "Europe/London", new DateOnly(2026, 12, 1), new byte[32],
            new ChasePerson(Guid.NewGuid(), "o@example.org", "Dr Owner"), [new ChasePerson(Guid.NewGuid(), "l@example.org", "Dr Lead")]);
        yield return ("chase", new ChaseEmails(Options, Clock).Compose(chase, ChaseStep.Overdue)[0], ["https://impacte.example/changes/"]);
        yield return ("chase-escalation", new ChaseEmails(Options, Clock).Compose(chase, ChaseStep.Escalation)[0], ["https://impacte.example/changes/"]);

        var drift = new EvidenceDriftEmails(Microsoft.Extensions.Options.Options.Create(Options), Clock);
        yield return ("review-due", drift.ReviewDue(Guid.NewGuid(), new DateOnly(2026, 11, 1), "SGLT2", true, new DriftRecipient(Guid.NewGuid(), "a@example.org", "Dr A")), ["https://impacte.example/appraisals/"]);

        var userId = Guid.NewGuid();
        var period = new DigestPeriod(userId, DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow, DateOnly.FromDateTime(DateTime.UtcNow), DigestFrequency.Weekly);
        var digest = new Digest(new DigestRecipient(userId, "a@example.org", "Dr A", MemberPreferences.Default(userId), period),
            [new DigestSection(DigestSectionKind.YourNews, "Your questions and appraisals", "What happened.",
                [new DigestItem(Guid.NewGuid(), "SGLT2 inhibitors", "Accepted by the club.", "https://impacte.example/questions/1", [])])]);
        yield return ("digest", new DigestEmails(Options, Clock).Compose(digest), ["https://impacte.example/questions/1", "https://impacte.example/me/preferences"]);

        var (text, html) = OutboxEmails.ActionBody("Dr A", "Your question has been accepted.", "Open the question", "https://impacte.example/questions/2",
            "You asked it.", "Your question has been accepted", [("Question", "SGLT2")], "Accepted: SGLT2");
        yield return ("question-accepted", OutboxEmails.Create(Options, Clock, "k", "question-accepted", "a@example.org", "Dr A", "Accepted: SGLT2", text, html),
            ["https://impacte.example/questions/2", "Question: SGLT2"]);
    }

    public static TheoryData<string> Kinds() => [.. Every().Select(e => e.Kind)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKindOfEmailUsesTheOneLayoutAndHasACompleteTextPart(string kind)
    {
        var (_, email, links) = Every().Single(e => e.Kind == kind);
        var html = email.HtmlBody!;
        Assert.Contains(EmailLayout.Marker, html);
        Assert.Contains("<meta name=\"color-scheme\" content=\"light dark\">", html);
        Assert.Contains("max-width:600px", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<h1[ >]"));
        Assert.DoesNotContain("<img", html);
        Assert.Equal(1, html.Split(EmailLayout.Marker).Length - 1);
        foreach (var link in links) Assert.Contains(link, email.TextBody);
        Assert.DoesNotContain("</", email.TextBody);
    }

    /// <summary>Every kind written to .run/emails (HTML and text), for people to open and screenshot at 600 and 320 px.</summary>
    [Fact]
    public void EveryKindIsWrittenOutForPeopleToLookAt()
    {
        var folder = Path.Combine(Impacte.Testing.RepoPaths.Root, ".run", "emails");
        Directory.CreateDirectory(folder);
        foreach (var (kind, email, _) in Every())
        {
            File.WriteAllText(Path.Combine(folder, $"{kind}.html"), email.HtmlBody);
            File.WriteAllText(Path.Combine(folder, $"{kind}.txt"), $"Subject: {email.Subject}\n\n{email.TextBody}");
        }
        Assert.True(File.Exists(Path.Combine(folder, "meeting-update.html")));
    }

    [Fact]
    public void TheReadingPackPutsTheKeyFactsFirstRsvpAsThreeButtonsAndALinkToEachCat()
    {
        var meeting = Meeting();
        var to = new MeetingRecipient(Guid.NewGuid(), "a@example.org", "Dr A");
        var pack = new MeetingEmails(Options, Clock).ReadingPack(Brief(meeting), to);
        var html = pack.HtmlBody!;
        Assert.Equal(3, html.Split("class=\"impacte-button\"").Length - 1);
        Assert.True(html.IndexOf("Willen Park library", StringComparison.Ordinal) < html.IndexOf("Dear Dr A", StringComparison.Ordinal), "the facts come first");
        Assert.Contains("href=\"https://impacte.example/appraisals/0193a000-0000-7000-8000-000000000001\"", html);
        Assert.StartsWith("Reading pack for Willen Park journal club", pack.TextBody);
    }

    [Fact]
    public void AMovedMeetingsSubjectLeadsWithTheNewTimeAndPlace()
    {
        var moved = Meeting();
        moved.Changed();
        moved.StartsAt = new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.Zero);
        moved.EndsAt = moved.StartsAt.AddHours(1);
        moved.WasStartsAt = moved.StartsAt.AddDays(-2);
        var email = new MeetingEmails(Options, Clock).Update(Brief(moved), new MeetingRecipient(Guid.NewGuid(), "a@example.org", "Dr A"));
        Assert.Equal("Willen Park journal club moved to Fri 4 Dec 13:00 — Willen Park library", email.Subject);
    }
}
