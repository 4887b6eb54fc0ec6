using Impacte.Domain.Access;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Measures;
using Impacte.Domain.Meetings;
using Impacte.Domain.Papers;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Home;

/// <summary>One of my next meetings, with the agenda's question titles and my answer (null until I give one).</summary>
public sealed record HomeMeeting(Guid Id, Guid ClubId, string ClubName, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Location, string? OnlineUrl, IReadOnlyList<string> Agenda, RsvpResponse? MyRsvp);

public sealed record HomeQuestion(Guid Id, string Title, Guid ClubId, string ClubName, QuestionStatus Status, DateTimeOffset UpdatedAt);

/// <summary>Which hat a task is worn under.</summary>
public enum HomeRole { Lead, Librarian, Admin }

/// <summary>Something waiting for me: what, in words; where to do it; since when (null when it has no date).</summary>
public sealed record HomeTask(HomeRole Role, string Kind, string Text, string Link, DateTimeOffset? Since = null);

public sealed record HomeView(IReadOnlyList<HomeMeeting> Meetings, IReadOnlyList<HomeQuestion> MyQuestions, IReadOnlyList<HomeTask> Tasks);

/// <summary>A recurring job whose last run failed, as the Api reads it from the Workers' job storage.</summary>
public sealed record FailingJob(string Name, string? Error, string Link);

/// <summary>The Workers' job health; the Api implements it over Hangfire's monitoring API (the Domain knows no Hangfire).</summary>
public interface IJobHealth
{
    IReadOnlyList<FailingJob> Failing();
}

/// <summary>
/// The home page's "my things first", for one person: their next meetings, their questions, and the tasks each of their
/// roles has waiting (a lead's decisions, agendas, minutes and changes; a librarian's checks, drafts, queue and quiet
/// questions; an admin's failed emails, failing jobs and invitations that could not be emailed). One read, shared by the page and GET /api/me/home.
/// </summary>
public sealed class HomeTasks(ImpacteDbContext db, TimeProvider clock, IJobHealth? jobs = null)
{
    public const int MeetingCount = 3, QuestionCount = 10;
    /// <summary>A change or audit shows as due this many days before its date.</summary>
    public const int DueWithinDays = 14;
    /// <summary>A question a librarian took shows as gone quiet after this many days without work on it.</summary>
    public const int QuietAfterDays = 14;
    /// <summary>Minutes are asked for meetings that ended within this many days.</summary>
    public const int MinutesWithinDays = 60;
    /// <summary>
    /// A librarian's checks, drafts and quiet questions show this many each, oldest first; the rest are one line that
    /// says how many more and links to the desk, which pages them (a network can leave a librarian thousands).
    /// </summary>
    public const int TasksPerKind = 10;

    public async Task<HomeView> ForAsync(Actor actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var tasks = new List<HomeTask>();
        if (actor.LeadOf.Count > 0) tasks.AddRange(await LeadTasksAsync(actor, now, ct));
        if (actor.IsLibrarian || actor.IsAdmin) tasks.AddRange(await LibrarianTasksAsync(actor, now, ct));
        if (actor.IsAdmin) tasks.AddRange(await AdminTasksAsync(ct));
        return new HomeView(await MeetingsAsync(actor, now, ct), await MyQuestionsAsync(actor, QuestionCount, ct), tasks);
    }

    private async Task<IReadOnlyList<HomeMeeting>> MeetingsAsync(Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var clubs = actor.ClubIds;
        var rows = await db.Meetings.AsNoTracking()
            .Where(m => clubs.Contains(m.ClubId) && m.Status == MeetingStatus.Scheduled && m.EndsAt > now)
            .OrderBy(m => m.StartsAt).Take(MeetingCount)
            .Select(m => new
            {
                m.Id, m.ClubId, Club = m.Club.Name,
                Zone = db.Cadences.Where(c => c.ClubId == m.ClubId).Select(c => c.TimeZone).FirstOrDefault() ?? m.Club.TimeZone,
                m.StartsAt, m.EndsAt, m.Location, m.OnlineUrl,
                Agenda = m.Agenda.OrderBy(a => a.Position).Select(a => db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Title).FirstOrDefault()).ToList(),
                Mine = m.Rsvps.Where(r => r.UserId == actor.UserId).Select(r => (RsvpResponse?)r.Response).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(m => new HomeMeeting(m.Id, m.ClubId, m.Club, m.Zone, m.StartsAt, m.EndsAt, m.Location, m.OnlineUrl,
            m.Agenda.OfType<string>().ToList(), m.Mine)).ToList();
    }

    /// <summary>The questions this person proposed, most recently changed first (the "My questions" page takes them all).</summary>
    public Task<List<HomeQuestion>> MyQuestionsAsync(Actor actor, int take = 500, CancellationToken ct = default) =>
        db.Questions.AsNoTracking().Where(q => q.ProposerId == actor.UserId)
            .OrderByDescending(q => q.UpdatedAt).Take(take)
            .Select(q => new HomeQuestion(q.Id, q.Title, q.ClubId, q.Club.Name, q.Status, q.UpdatedAt))
            .ToListAsync(ct);

    private async Task<IEnumerable<HomeTask>> LeadTasksAsync(Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var clubs = actor.LeadOf;
        var tasks = new List<HomeTask>();

        var proposed = await db.Questions.Where(q => clubs.Contains(q.ClubId) && q.Status == QuestionStatus.Proposed)
            .GroupBy(q => new { q.ClubId, q.Club.Name }).Select(g => new { g.Key.ClubId, g.Key.Name, Count = g.Count(), Oldest = g.Min(q => q.CreatedAt) })
            .ToListAsync(ct);
        tasks.AddRange(proposed.OrderBy(p => p.Name).Select(p => new HomeTask(HomeRole.Lead, "decide-questions",
            $"{Plural(p.Count, "proposed question")} to decide in {p.Name}", $"/clubs/{p.ClubId}/questions", p.Oldest)));

        // The next meeting of each club, when nothing is on its agenda yet.
        var next = await db.Meetings.Where(m => clubs.Contains(m.ClubId) && m.Status == MeetingStatus.Scheduled && m.StartsAt > now)
            .GroupBy(m => m.ClubId).Select(g => g.OrderBy(m => m.StartsAt).Select(m => new { m.Id, m.StartsAt, Club = m.Club.Name, Empty = !m.Agenda.Any() }).First())
            .ToListAsync(ct);
        tasks.AddRange(next.Where(m => m.Empty).OrderBy(m => m.StartsAt).Select(m => new HomeTask(HomeRole.Lead, "set-agenda",
            $"Set the agenda for {m.Club}'s next meeting", $"/meetings/{m.Id}", m.StartsAt)));

        var since = now.AddDays(-MinutesWithinDays);
        var minutes = await db.Meetings.Where(m => clubs.Contains(m.ClubId) && m.Status == MeetingStatus.Scheduled
                && m.EndsAt < now && m.EndsAt > since && (m.Minutes == null || m.Minutes == "") && !m.Agenda.Any(a => a.Outcome != null || a.Discussion != null))
            .OrderBy(m => m.StartsAt).Select(m => new { m.Id, m.StartsAt, Club = m.Club.Name }).ToListAsync(ct);
        tasks.AddRange(minutes.Select(m => new HomeTask(HomeRole.Lead, "write-minutes", $"Write the minutes of {m.Club}'s meeting", $"/meetings/{m.Id}", m.StartsAt)));

        var dueBy = DateOnly.FromDateTime(now.UtcDateTime).AddDays(DueWithinDays);
        var changes = await db.Set<PracticeChange>().Where(c => clubs.Contains(c.ClubId) && c.DueOn <= dueBy
                && (c.Status == ChangeStatus.Agreed || c.Status == ChangeStatus.InProgress))
            .OrderBy(c => c.DueOn).Select(c => new { c.Id, c.Title, c.DueOn }).ToListAsync(ct);
        tasks.AddRange(changes.Select(c => new HomeTask(HomeRole.Lead, "change-due", $"Change due {c.DueOn:d MMM yyyy}: {c.Title}", $"/changes/{c.Id}",
            new DateTimeOffset(c.DueOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))));

        var audits = await db.Set<MeasureAudit>().Where(a => a.RecordedAt == null && a.DueOn != null && a.DueOn <= dueBy)
            .Join(db.Set<Measure>(), a => a.MeasureId, m => m.Id, (a, m) => new { a.DueOn, MeasureId = m.Id, m.Name, m.Change.ClubId })
            .Where(x => clubs.Contains(x.ClubId)).OrderBy(x => x.DueOn).ToListAsync(ct);
        tasks.AddRange(audits.Select(a => new HomeTask(HomeRole.Lead, "audit-due", $"Audit due {a.DueOn:d MMM yyyy}: {a.Name}", $"/measures/{a.MeasureId}",
            new DateTimeOffset(a.DueOn!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))));
        return tasks;
    }

    private async Task<IEnumerable<HomeTask>> LibrarianTasksAsync(Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var me = actor.UserId;
        var tasks = new List<HomeTask>();

        // The second check: someone else's submitted appraisal that I did not help write.
        var toCheck = db.Appraisals.Where(a => a.Status == AppraisalStatus.Submitted && a.AuthorId != me && !a.Editors.Any(e => e.UserId == me));
        var checks = await toCheck.OrderBy(a => a.SubmittedAt).Take(TasksPerKind)
            .Select(a => new { a.Id, a.SubmittedAt, Title = db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Title).FirstOrDefault() })
            .ToListAsync(ct);
        tasks.AddRange(checks.Select(a => new HomeTask(HomeRole.Librarian, "check-appraisal", $"Check the appraisal for: {a.Title}", $"/appraisals/{a.Id}", a.SubmittedAt)));
        tasks.AddRange(await MoreAsync(toCheck, checks.Count, "check-appraisal", "more appraisal", "waiting for your check", "/librarian#check", ct));

        var myDrafts = db.Appraisals.Where(a => a.AuthorId == me && (a.Status == AppraisalStatus.Draft || a.Status == AppraisalStatus.Returned));
        var drafts = await myDrafts.OrderByDescending(a => a.UpdatedAt).Take(TasksPerKind)
            .Select(a => new { a.Id, a.Status, a.UpdatedAt, Title = db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Title).FirstOrDefault() })
            .ToListAsync(ct);
        tasks.AddRange(drafts.Select(a => new HomeTask(HomeRole.Librarian, "my-draft",
            $"{(a.Status == AppraisalStatus.Returned ? "Returned to you" : "Your draft")}: {a.Title}", $"/appraisals/{a.Id}/edit", a.UpdatedAt)));
        tasks.AddRange(await MoreAsync(myDrafts, drafts.Count, "my-draft", "more draft", "of yours", "/librarian#work", ct));

        var queue = await db.Questions.CountAsync(q => q.Status == QuestionStatus.Accepted, ct);
        if (queue > 0)
            tasks.Add(new HomeTask(HomeRole.Librarian, "queue", $"{Plural(queue, "accepted question")} waiting in the queue", "/librarian"));

        // Taken by me, and nothing done on it (no paper linked, no search saved, no appraisal touched) for a while.
        var quietSince = now.AddDays(-QuietAfterDays);
        var quiet = await EvidenceWork.HeldBy(db, me)
            .Select(q => new
            {
                // Held since it was taken or handed on (the status's time).
                q.Id, q.Title, Since = q.StatusChangedAt,
                LastPaper = db.QuestionPapers.Where(p => p.QuestionId == q.Id).Max(p => (DateTimeOffset?)p.AddedAt),
                LastAppraisal = db.Appraisals.Where(a => a.QuestionId == q.Id).Max(a => (DateTimeOffset?)a.UpdatedAt),
            })
            .Where(x => x.Since < quietSince
                && (x.LastPaper == null || x.LastPaper < quietSince) && (x.LastAppraisal == null || x.LastAppraisal < quietSince))
            .OrderBy(x => x.Since).Take(TasksPerKind + 1)
            .ToListAsync(ct);
        tasks.AddRange(quiet.Take(TasksPerKind).Select(q => new HomeTask(HomeRole.Librarian, "gone-quiet", $"Nothing done for {QuietAfterDays} days on: {q.Title}",
            $"/librarian/questions/{q.Id}/search", q.Since)));
        // Beyond a page of them, the librarian is told there are more, not how many (counting would read them all).
        if (quiet.Count > TasksPerKind)
            tasks.Add(new HomeTask(HomeRole.Librarian, "gone-quiet-more", "More of your questions have gone quiet: see your desk", "/librarian#work"));
        return tasks;
    }

    private async Task<IEnumerable<HomeTask>> AdminTasksAsync(CancellationToken ct)
    {
        var tasks = new List<HomeTask>();
        var failed = await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Failed, ct);
        if (failed > 0) tasks.Add(new HomeTask(HomeRole.Admin, "failed-emails", $"{Plural(failed, "email")} failed to send", "/ops"));
        foreach (var job in jobs?.Failing() ?? [])
            tasks.Add(new HomeTask(HomeRole.Admin, "failing-job", $"Job failing: {job.Name}", job.Link));
        tasks.AddRange(await UnsentInvitationsAsync(ct));
        return tasks;
    }

    /// <summary>
    /// Open invitations whose email was never written: the address belongs to a deactivated account, which nobody is
    /// mailed (MailRule). The lead is not told (an inviter learns nothing about accounts), so an admin is: reactivate the
    /// person, then resend from the club's page; or revoke. The task stays until the invitation is resent or closed.
    /// </summary>
    private async Task<IEnumerable<HomeTask>> UnsentInvitationsAsync(CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        var unsent = await db.Invitations
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now
                && !db.Outbox.Any(o => o.IdempotencyKey == Emails.InvitationKeyPrefix + i.Id.ToString()))
            .OrderBy(i => i.CreatedAt)
            .Select(i => new
            {
                i.Email, i.ClubId, Club = i.Club.Name, i.CreatedAt,
                Deactivated = db.Users.Where(u => u.NormalizedEmail == i.Email.ToUpper() && u.DeactivatedAt != null).Select(u => (Guid?)u.Id).FirstOrDefault(),
            })
            .Take(20)
            .ToListAsync(ct);
        return unsent.Select(i => i.Deactivated is { } person
            ? new HomeTask(HomeRole.Admin, "invitation-unsent", $"Not emailed: {i.Email}'s invitation to {i.Club}, as their account is deactivated. Reactivate them, then resend it.",
                $"/admin/people/{person}", i.CreatedAt)
            : new HomeTask(HomeRole.Admin, "invitation-unsent", $"Not emailed: {i.Email}'s invitation to {i.Club}, made while their account was deactivated. Resend it.",
                $"/clubs/{i.ClubId}#invitations", i.CreatedAt));
    }

    /// <summary>The line "N more …" when <paramref name="shown"/> left some of <paramref name="all"/> out; nothing otherwise.</summary>
    private static async Task<IEnumerable<HomeTask>> MoreAsync<T>(IQueryable<T> all, int shown, string kind, string noun, string tail, string link, CancellationToken ct)
    {
        if (shown < TasksPerKind) return [];
        var rest = await all.CountAsync(ct) - shown;
        return rest > 0 ? [new HomeTask(HomeRole.Librarian, $"{kind}-more", $"{Plural(rest, noun)} {tail}", link)] : [];
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
