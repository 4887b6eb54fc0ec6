using Impacte.Domain.Access;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Impact;

public sealed record ReportQuestion(Guid Id, string Title, string Sentence);

public sealed record ReportAppraisal(Guid Id, string? BottomLine, int? EvidenceLevel, string? Grade, DateTimeOffset? PublishedAt);

/// <summary>The meeting that agreed the change, and what the minutes record for its question (Markdown).</summary>
public sealed record ReportDecision(Guid MeetingId, DateTimeOffset StartsAt, string TimeZone, string? Outcome);

/// <summary>
/// A change's report, in the order a reader follows the loop: question → appraisal → meeting decision → the change →
/// its measures → PDSA learning → what did not work and how taking part made a difference.
/// </summary>
public sealed record ChangeReport(
    PracticeChange Change, string ClubName, string OwnerName, IReadOnlyList<string> Team, ProgressResult Progress,
    ReportQuestion? Question, ReportAppraisal? Appraisal, ReportDecision? Decision,
    IReadOnlyList<MeasureFacts> Measures, IReadOnlyList<PdsaFacts> Cycles);

/// <summary>
/// Builds a change's report for whoever may see the change (<see cref="ChangeAccess.CanSee"/>; anyone else hears 404).
/// The question stays as private as the question itself (its club, admins, and everyone once it is answered); the
/// appraisal is shown once published (before that, to admins and the leads of the change's club).
/// </summary>
public sealed class ChangeReports(ImpacteDbContext db, PracticeChanges changes)
{
    public async Task<ChangeReport> LoadAsync(Guid changeId, Actor actor, CancellationToken ct = default)
    {
        var change = await changes.FindAsync(changeId, actor, ct);
        var clubName = await db.Clubs.Where(c => c.Id == change.ClubId).Select(c => c.Name).SingleAsync(ct);
        var people = change.Team.Select(t => t.UserId).Append(change.OwnerId).ToList();
        var names = await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);

        ReportQuestion? question = null;
        if (change.QuestionId is { } questionId)
        {
            var q = await db.Questions.Where(x => x.Id == questionId).Select(x => new { x.Id, x.Title, x.Sentence, x.ClubId, x.Status }).SingleAsync(ct);
            if (actor.IsAdmin || actor.IsMemberOf(q.ClubId) || q.Status == QuestionStatus.Answered)
                question = new ReportQuestion(q.Id, q.Title, q.Sentence);
        }

        ReportAppraisal? appraisal = null;
        if (change.AppraisalId is { } appraisalId)
        {
            var a = await db.Appraisals.Where(x => x.Id == appraisalId)
                .Select(x => new { x.Id, x.Status, x.BottomLine, x.EvidenceLevel, x.Grade, x.PublishedAt }).SingleAsync(ct);
            if (a.Status == AppraisalStatus.Published || actor.IsAdmin || actor.IsLeadOf(change.ClubId))
                appraisal = new ReportAppraisal(a.Id, a.BottomLine, a.EvidenceLevel, a.Grade?.Label(), a.PublishedAt);
        }

        ReportDecision? decision = null;
        if (change.MeetingId is { } meetingId)
        {
            var m = await db.Meetings.Where(x => x.Id == meetingId)
                .Select(x => new { x.Id, x.StartsAt, x.Club.TimeZone, x.Agenda }).SingleAsync(ct);
            // The minutes speak of the question: they go with it.
            var outcome = question is null ? null : m.Agenda.FirstOrDefault(i => i.QuestionId == question.Id)?.Outcome;
            decision = new ReportDecision(m.Id, m.StartsAt, m.TimeZone, outcome);
        }

        var evidence = await ChangeEvidenceLoader.LoadAsync(db, [change.Id], ct);
        return new ChangeReport(
            change, clubName, names[change.OwnerId],
            change.Team.Select(t => names[t.UserId]).Order(StringComparer.CurrentCulture).ToList(),
            evidence.ProgressOf(change.Id), question, appraisal, decision,
            evidence.MeasuresOf(change.Id), evidence.CyclesOf(change.Id).OrderBy(c => c.Number).ToList());
    }
}
