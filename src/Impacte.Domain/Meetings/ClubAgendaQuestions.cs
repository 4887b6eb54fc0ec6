using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Meetings;

/// <summary>
/// The agenda's questions as reading packs show them: title, the PICO sentence and the bottom line where the club has
/// one. Appraisals (narrative, papers with DOIs) are another feature's; when they land, they fill the rest in here.
/// </summary>
public sealed class ClubAgendaQuestions(ImpacteDbContext db) : IAgendaQuestions
{
    public async Task<IReadOnlyDictionary<Guid, AgendaQuestion>> FindAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var questions = await db.Questions.AsNoTracking().Where(q => ids.Contains(q.Id))
            .Select(q => new { q.Id, q.Title, q.Sentence, q.BottomLine }).ToListAsync(ct);
        // The latest published appraisal of each question: its bottom line, narrative and papers go in the pack.
        var appraisals = (await db.Appraisals.AsNoTracking()
                .Where(a => ids.Contains(a.QuestionId) && a.Status == Appraisals.AppraisalStatus.Published)
                .Select(a => new
                {
                    a.Id, a.QuestionId, a.PublishedAt, a.BottomLine, a.Narrative,
                    Papers = a.Papers.OrderBy(p => p.Position).Select(p => p.Paper).ToList(),
                })
                .ToListAsync(ct))
            .GroupBy(a => a.QuestionId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.PublishedAt)!);
        // Without a published appraisal, the papers the librarian attached to the question are still worth reading.
        var attached = (await db.QuestionPapers.AsNoTracking().Where(qp => ids.Contains(qp.QuestionId))
                .Select(qp => new { qp.QuestionId, qp.Paper }).ToListAsync(ct))
            .GroupBy(x => x.QuestionId).ToDictionary(g => g.Key, g => g.Select(x => x.Paper).ToList());

        return questions.ToDictionary(q => q.Id, q =>
        {
            var appraisal = appraisals.GetValueOrDefault(q.Id);
            var papers = appraisal?.Papers ?? attached.GetValueOrDefault(q.Id) ?? [];
            return new AgendaQuestion(q.Id, q.Title, q.Sentence, appraisal?.BottomLine ?? q.BottomLine, appraisal?.Narrative,
                papers.Select(ToAgendaPaper).ToList(), appraisal?.Id);
        });
    }

    private static AgendaPaper ToAgendaPaper(Papers.Paper p) => new(
        Papers.Paper.Cite(p.Title, p.Authors, p.Journal, p.Year, p.Volume, p.Issue, p.Pages),
        p.Doi is not null ? $"https://doi.org/{p.Doi}"
            : p.Pmid is not null ? $"https://pubmed.ncbi.nlm.nih.gov/{p.Pmid}/"
            : p.Url is { } url && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ? url
            : null);
}

/// <summary>
/// What the agenda does to its questions, through <see cref="QuestionLifecycle"/>: on the agenda moves a question from
/// accepted or appraised to scheduled, off it (and on no other live agenda) back to where it was, a decision in the
/// minutes to discussed. Each step is kept in the question's history, made by the lead who did it.
/// </summary>
public static class AgendaQuestionMoves
{
    public static async Task ApplyAsync(ImpacteDbContext db, Meeting meeting, IReadOnlyCollection<Guid> added, IReadOnlyCollection<Guid> removed,
        QuestionActor actor, Guid byUserId, DateTimeOffset now, CancellationToken ct)
    {
        var ids = added.Concat(removed).ToList();
        var questions = await db.Questions.Where(q => ids.Contains(q.Id)).ToListAsync(ct);
        foreach (var id in added)
        {
            var question = questions.FirstOrDefault(q => q.Id == id && q.ClubId == meeting.ClubId)
                ?? throw new Common.DomainValidationException("questionIds", "Every question on the agenda must be one of the club's questions.");
            // Already scheduled (for this or another meeting) stays so; anything else must be allowed to become it.
            if (question.Status != QuestionStatus.Scheduled) Move(db, question, QuestionStatus.Scheduled, actor, byUserId, now);
        }
        foreach (var question in questions.Where(q => removed.Contains(q.Id) && q.Status == QuestionStatus.Scheduled))
        {
            var elsewhere = await db.AgendaItems.AnyAsync(a => a.QuestionId == question.Id && a.MeetingId != meeting.Id
                && db.Meetings.Any(m => m.Id == a.MeetingId && m.Status == MeetingStatus.Scheduled), ct);
            if (elsewhere) continue;
            // Back to where it came from: accepted (talked through before the evidence) or appraised.
            var before = await db.QuestionTransitions.Where(t => t.QuestionId == question.Id && t.ToStatus == QuestionStatus.Scheduled)
                .OrderByDescending(t => t.At).Select(t => (QuestionStatus?)t.FromStatus).FirstOrDefaultAsync(ct);
            Move(db, question, before == QuestionStatus.Accepted ? QuestionStatus.Accepted : QuestionStatus.Appraised, actor, byUserId, now);
        }
    }

    public static async Task DiscussedAsync(ImpacteDbContext db, IReadOnlyCollection<Guid> ids, QuestionActor actor, Guid byUserId, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var question in await db.Questions.Where(q => ids.Contains(q.Id) && q.Status == QuestionStatus.Scheduled).ToListAsync(ct))
            Move(db, question, QuestionStatus.Discussed, actor, byUserId, now);
    }

    private static void Move(ImpacteDbContext db, ClinicalQuestion question, QuestionStatus to, QuestionActor actor, Guid byUserId, DateTimeOffset now)
    {
        var check = QuestionLifecycle.Check(question.Status, to, actor, questionId: question.Id);
        if (!check.IsAllowed)
            throw new Common.DomainValidationException("questionIds", $"“{question.Title}”: {check.Error}");
        db.QuestionTransitions.Add(question.MoveTo(to, byUserId, now));
    }
}
