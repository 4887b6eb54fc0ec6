using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Papers;

public sealed record EvidenceSearchInput(
    IReadOnlyList<string>? Sources, string? Strategy, DateOnly? SearchedOn, int? Found, int? Relevant, int? InsufficientQuality, string? Notes);

/// <summary>One accepted or searching question in the librarian's queue.</summary>
public sealed record QueueItem(
    Guid QuestionId, string Title, Guid ClubId, string ClubName, QuestionStatus Status, Urgency Urgency, DateTimeOffset Since,
    Guid? TakenById, string? TakenByName, int Papers, bool SearchRecorded);

/// <summary>
/// The librarian's side of a question: the queue of questions waiting for evidence, the papers found for each, and
/// the record of the search. Only questions a club has accepted take evidence.
/// </summary>
public sealed class EvidenceWork(ImpacteDbContext db, TimeProvider clock)
{
    private static readonly QuestionStatus[] TakesEvidence =
        [QuestionStatus.Accepted, QuestionStatus.Searching, QuestionStatus.Appraised, QuestionStatus.Scheduled, QuestionStatus.Discussed, QuestionStatus.Answered];

    /// <summary>
    /// Accepted questions across the network, most urgent and then oldest first; with <paramref name="takenBy"/>, the
    /// questions that librarian has taken (searching) instead.
    /// </summary>
    public async Task<(IReadOnlyList<QueueItem> Items, int Total)> QueueAsync(Guid? takenBy, PageRequest page, CancellationToken ct = default)
    {
        var questions = takenBy is null
            ? db.Questions.Where(q => q.Status == QuestionStatus.Accepted)
            : db.Questions.Where(q => q.Status == QuestionStatus.Searching &&
                db.QuestionTransitions.Where(t => t.QuestionId == q.Id && t.ToStatus == QuestionStatus.Searching)
                    .OrderByDescending(t => t.At).Select(t => t.ById).FirstOrDefault() == takenBy);
        var total = await questions.CountAsync(ct);
        var rows = await questions
            .Select(q => new
            {
                q.Id, q.Title, q.ClubId, ClubName = q.Club.Name, q.Status, q.Urgency, q.CreatedAt,
                // The question waits from the moment it reached its current status.
                Since = db.QuestionTransitions.Where(t => t.QuestionId == q.Id && t.ToStatus == q.Status).Max(t => (DateTimeOffset?)t.At),
                Taken = db.QuestionTransitions.Where(t => t.QuestionId == q.Id && t.ToStatus == QuestionStatus.Searching)
                    .OrderByDescending(t => t.At).Select(t => new { t.ById, Name = t.By!.Name }).FirstOrDefault(),
                Papers = db.QuestionPapers.Count(p => p.QuestionId == q.Id),
                Searched = db.EvidenceSearches.Any(s => s.QuestionId == q.Id),
            })
            .OrderByDescending(q => q.Urgency).ThenBy(q => q.Since ?? q.CreatedAt)
            .Skip(page.Skip).Take(page.PageSize)
            .ToListAsync(ct);
        return (rows.Select(q => new QueueItem(q.Id, q.Title, q.ClubId, q.ClubName, q.Status, q.Urgency, q.Since ?? q.CreatedAt,
            q.Taken?.ById, q.Taken?.Name, q.Papers, q.Searched)).ToList(), total);
    }

    /// <summary>The question, when it exists and its club has accepted it; 404 or 409 otherwise.</summary>
    public async Task<ClinicalQuestion> EvidenceQuestionAsync(Guid questionId, CancellationToken ct = default)
    {
        var question = await db.Questions.FirstOrDefaultAsync(q => q.Id == questionId, ct) ?? throw new NotFoundException("The question");
        if (!TakesEvidence.Contains(question.Status))
            throw new ConflictException($"The question is {QuestionLifecycle.Label(question.Status)}: evidence is gathered once its club has accepted it.");
        return question;
    }

    /// <summary>Links papers to the question; those already linked stay as they are.</summary>
    public async Task LinkAsync(Guid questionId, IReadOnlyCollection<Guid> paperIds, Guid userId, CancellationToken ct = default)
    {
        await EvidenceQuestionAsync(questionId, ct);
        var existing = await db.Papers.Where(p => paperIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        if (existing.Count != paperIds.Distinct().Count()) throw new DomainValidationException("paperId", "There is no such paper in IMPACTE.");
        var linked = await db.QuestionPapers.Where(x => x.QuestionId == questionId && paperIds.Contains(x.PaperId)).Select(x => x.PaperId).ToListAsync(ct);
        var now = clock.UtcNowForDb();
        db.QuestionPapers.AddRange(existing.Except(linked).Select(id => new QuestionPaper { QuestionId = questionId, PaperId = id, AddedById = userId, AddedAt = now }));
        await db.SaveChangesAsync(ct);
    }

    public async Task UnlinkAsync(Guid questionId, Guid paperId, CancellationToken ct = default)
    {
        await EvidenceQuestionAsync(questionId, ct);
        var link = await db.QuestionPapers.FindAsync([questionId, paperId], ct) ?? throw new NotFoundException("The paper of this question");
        db.QuestionPapers.Remove(link);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records (or replaces) the search behind a question's evidence.</summary>
    public async Task<EvidenceSearch> SaveSearchAsync(Guid questionId, EvidenceSearchInput input, Guid userId, CancellationToken ct = default)
    {
        await EvidenceQuestionAsync(questionId, ct);
        var errors = new Dictionary<string, string[]>();
        var sources = (input.Sources ?? []).Select(s => s?.Trim()).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).Distinct().ToList();
        if (sources.Count == 0) errors["sources"] = ["Name the sources searched, such as NICE CKS, Cochrane Library, PubMed or TRIP."];
        else if (sources.Count > EvidenceSearch.MaxSources || sources.Any(s => s.Length > EvidenceSearch.MaxSource))
            errors["sources"] = [$"At most {EvidenceSearch.MaxSources} sources of {EvidenceSearch.MaxSource} characters each."];
        var strategy = input.Strategy?.Trim();
        if (string.IsNullOrEmpty(strategy)) errors["strategy"] = ["Give the search terms or strategy."];
        else if (strategy.Length > EvidenceSearch.MaxStrategy) errors["strategy"] = [$"Keep the strategy to {EvidenceSearch.MaxStrategy} characters."];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (input.SearchedOn is null) errors["searchedOn"] = ["Give the date of the search."];
        else if (input.SearchedOn > today) errors["searchedOn"] = ["The search cannot be in the future."];
        foreach (var (field, value) in new[] { ("found", input.Found), ("relevant", input.Relevant), ("insufficientQuality", input.InsufficientQuality) })
            if (value is < 0) errors[field] = ["A count cannot be negative."];
        if (input.Relevant > input.Found) errors["relevant"] = ["More relevant papers than were found."];
        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        if (notes?.Length > EvidenceSearch.MaxNotes) errors["notes"] = [$"Keep the notes to {EvidenceSearch.MaxNotes} characters."];
        // The search record is shown with the appraisal across the network.
        UserText.Check(strategy, "strategy", errors);
        UserText.Check(notes, "notes", errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var search = await db.EvidenceSearches.FindAsync([questionId], ct);
        if (search is null) db.EvidenceSearches.Add(search = new EvidenceSearch { QuestionId = questionId, Strategy = "" });
        search.Sources = sources;
        search.Strategy = strategy!;
        search.SearchedOn = input.SearchedOn!.Value;
        search.Found = input.Found;
        search.Relevant = input.Relevant;
        search.InsufficientQuality = input.InsufficientQuality;
        search.Notes = notes;
        search.UpdatedAt = clock.UtcNowForDb();
        search.UpdatedById = userId;
        await db.SaveChangesAsync(ct);
        return search;
    }
}
