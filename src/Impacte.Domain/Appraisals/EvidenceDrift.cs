using System.Globalization;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Impacte.Domain.Appraisals;

/// <summary>
/// When evidence should be looked at again. A published appraisal is due for review from its review-by date (the
/// network's date: Europe/London, like clubs by default); the date is the librarian's to set, and one left unset is
/// given <see cref="DefaultPeriod"/> from publication.
/// </summary>
public static class AppraisalReview
{
    /// <summary>Three years: how long a critically appraised topic is usually taken to stand before evidence is searched again.</summary>
    public static readonly int DefaultPeriodYears = 3;

    public static DateOnly DefaultFrom(DateOnly day) => day.AddYears(DefaultPeriodYears);

    /// <summary>The network's today (appraisals belong to no one club's zone).</summary>
    public static DateOnly Today(TimeProvider clock) => Club.DateIn(null, clock.GetUtcNow());

    public static bool IsDue(AppraisalStatus status, DateOnly? reviewBy, DateOnly today) =>
        status == AppraisalStatus.Published && reviewBy is { } date && date <= today;
}

/// <summary>Someone told about drifting evidence.</summary>
public sealed record DriftRecipient(Guid UserId, string Email, string Name);

/// <summary>The evidence-drift emails as outbox rows: plain words, user text HTML-encoded, no line breaks in headers.</summary>
public sealed class EvidenceDriftEmails(IOptions<EmailOptions> options, TimeProvider clock)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>One email per appraisal, review-by date and librarian: a new date is a new review, told again when it comes.</summary>
    public static string ReviewKey(Guid appraisalId, DateOnly reviewBy, Guid userId) =>
        $"appraisal-review:{appraisalId}:{reviewBy:yyyy-MM-dd}:{userId}";

    /// <summary>One email per change, newer appraisal and person (the club's leads and the change's owner).</summary>
    public static string NewerKey(Guid changeId, Guid newerAppraisalId, Guid userId) =>
        $"newer-appraisal:{changeId}:{newerAppraisalId}:{userId}";

    public OutboxEmail ReviewDue(Guid appraisalId, DateOnly reviewBy, string topic, bool wroteIt, DriftRecipient to) =>
        Compose(ReviewKey(appraisalId, reviewBy, to.UserId), "appraisal-review", to,
            $"Due for review: {Short(topic)}",
            $"The critical appraisal \"{topic}\", which you {(wroteIt ? "wrote" : "checked")}, was to be reviewed by {Date(reviewBy)}. " +
            "It is now shown as due for review wherever it appears.",
            "Open the appraisal", $"{Base}/appraisals/{appraisalId}",
            "Search for newer evidence. If the appraisal still stands, set a new review-by date on its page; if it does not, " +
            "write a new appraisal of the question: when it is published, every club with a practice change resting on this one is told.");

    public OutboxEmail NewerAppraisal(Guid changeId, string changeTitle, string clubName, Guid newerId, string? bottomLine, DriftRecipient to) =>
        Compose(NewerKey(changeId, newerId, to.UserId), "newer-appraisal", to,
            $"Newer evidence for your practice change: {Short(changeTitle)}",
            $"A newer critical appraisal of the question behind the practice change \"{changeTitle}\" ({clubName}) has been published." +
            (string.IsNullOrWhiteSpace(bottomLine) ? "" : $" Its bottom line: {bottomLine}"),
            "Read the newer appraisal", $"{Base}/appraisals/{newerId}",
            $"Talk it over with your club: does the change still stand as agreed? The change's page links to the newer appraisal: {Base}/changes/{changeId}");

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 150 ? line : line[..149].TrimEnd() + "…";
    }

    private static string Date(DateOnly day) => day.ToString("d MMMM yyyy", English);

    private OutboxEmail Compose(string key, string kind, DriftRecipient to, string subject, string intro, string action, string link, string outro)
    {
        var name = to.Name.ReplaceLineEndings(" ");
        var (text, html) = OutboxEmails.ActionBody(name, intro, action, link, outro, heading: subject);
        return OutboxEmails.Create(options.Value, clock, key, kind, to.Email, name, subject, text, html, to.UserId);
    }
}

/// <summary>
/// Evidence drift: published appraisals past their review-by date (their librarians told once, by the Worker's job),
/// and newer appraisals of a question that practice changes rest on (each resting change's club told once, in the
/// publishing transaction). Both are idempotent by their outbox keys, so a run repeated or a Worker crashed midway
/// never tells anyone twice.
/// </summary>
public sealed class EvidenceDrift(ImpacteDbContext db, EvidenceDriftEmails emails, TimeProvider clock)
{
    /// <summary>
    /// Writes a "due for review" email to the author and the checker of every published appraisal whose review-by
    /// date has come, once per appraisal, date and person. Returns the emails written by this run.
    /// </summary>
    public async Task<int> RunReviewAlertsAsync(CancellationToken ct = default)
    {
        var today = AppraisalReview.Today(clock);
        var due = await db.Appraisals.AsNoTracking()
            .Where(a => a.Status == AppraisalStatus.Published && a.ReviewBy != null && a.ReviewBy <= today)
            .Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => new { a.Id, ReviewBy = a.ReviewBy!.Value, a.AuthorId, a.CheckedById, q.Title })
            .ToListAsync(ct);
        if (due.Count == 0) return 0;

        var people = due.SelectMany(a => new[] { (Guid?)a.AuthorId, a.CheckedById }).OfType<Guid>().Distinct().ToList();
        var recipients = await db.Users.AsNoTracking().Mailable().Where(u => people.Contains(u.Id) && u.Email != null)
            .ToDictionaryAsync(u => u.Id, u => new DriftRecipient(u.Id, u.Email!, u.Name), ct);
        var rows = new List<OutboxEmail>();
        foreach (var a in due)
        {
            foreach (var (userId, wrote) in new[] { ((Guid?)a.AuthorId, true), (a.CheckedById, false) })
                if (userId is { } id && recipients.TryGetValue(id, out var to) && (wrote || id != a.AuthorId))
                    rows.Add(emails.ReviewDue(a.Id, a.ReviewBy, a.Title, wrote, to));
        }
        // Appraisals stay due until their date moves: leave out the emails already written rather than insert them again.
        var keys = rows.Select(r => r.IdempotencyKey).ToList();
        var written = (await db.Outbox.Where(e => keys.Contains(e.IdempotencyKey)).Select(e => e.IdempotencyKey).ToListAsync(ct)).ToHashSet();
        var fresh = rows.Where(r => !written.Contains(r.IdempotencyKey)).ToList();
        // ON CONFLICT DO NOTHING: a second Worker racing this one writes nothing twice.
        return await OutboxWriter.InsertNewAsync(db, fresh, ct);
    }

    /// <summary>
    /// Adds to the context (for the caller's save, the publishing transaction) an email for each practice change that
    /// rests on an older published appraisal of the same question, to the club's leads and the change's owner.
    /// Abandoned changes are over and hear nothing.
    /// </summary>
    public async Task AddNewerAppraisalNoticesAsync(Appraisal published, CancellationToken ct = default)
    {
        var changes = await db.Set<PracticeChange>().AsNoTracking()
            .Where(c => c.Status != ChangeStatus.Abandoned && c.AppraisalId != null && c.AppraisalId != published.Id
                && db.Appraisals.Any(o => o.Id == c.AppraisalId && o.QuestionId == published.QuestionId && o.Status == AppraisalStatus.Published))
            .Select(c => new
            {
                c.Id, c.Title, c.ClubId, Club = c.Club.Name,
                Owner = db.Memberships.Where(m => m.ClubId == c.ClubId && m.UserId == c.OwnerId && m.User.Email != null)
                    .Select(m => new DriftRecipient(m.UserId, m.User.Email!, m.User.Name)).FirstOrDefault(),
            })
            .ToListAsync(ct);
        if (changes.Count == 0) return;
        var clubs = changes.Select(c => c.ClubId).Distinct().ToList();
        var leads = (await db.Memberships.AsNoTracking().Where(m => clubs.Contains(m.ClubId) && m.Role == ClubRole.Lead && m.User.Email != null)
                .Select(m => new { m.ClubId, Person = new DriftRecipient(m.UserId, m.User.Email!, m.User.Name) }).ToListAsync(ct))
            .ToLookup(m => m.ClubId, m => m.Person);
        foreach (var change in changes)
        {
            var to = leads[change.ClubId].Append(change.Owner).OfType<DriftRecipient>().DistinctBy(p => p.UserId);
            foreach (var person in to)
                db.Outbox.Add(emails.NewerAppraisal(change.Id, change.Title, change.Club, published.Id, published.BottomLine, person));
        }
    }

    /// <summary>The newest published appraisal of the same question published after <paramref name="appraisalId"/>, if any.</summary>
    public static Task<NewerAppraisalInfo?> NewerThanAsync(ImpacteDbContext db, Guid? appraisalId, CancellationToken ct = default) =>
        appraisalId is not { } id
            ? Task.FromResult<NewerAppraisalInfo?>(null)
            : (from old in db.Appraisals
               where old.Id == id && old.Status == AppraisalStatus.Published
               from newer in db.Appraisals
               where newer.QuestionId == old.QuestionId && newer.Status == AppraisalStatus.Published && newer.PublishedAt > old.PublishedAt
               orderby newer.PublishedAt descending
               select new NewerAppraisalInfo(newer.Id, newer.PublishedAt!.Value)).FirstOrDefaultAsync(ct);
}

/// <summary>A newer appraisal of the question a change rests on.</summary>
public sealed record NewerAppraisalInfo(Guid Id, DateTimeOffset PublishedAt);
