using Impacte.Domain.Access;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Papers;

public sealed record EvidenceSearchInput(
    IReadOnlyList<string>? Sources, string? Strategy, DateOnly? SearchedOn, int? Found, int? Relevant, int? InsufficientQuality, string? Notes);

public sealed record SearchEntryInput(string? Database, DateOnly? SearchedOn, string? Strategy, int? Hits);

/// <summary>A librarian a question can be handed to.</summary>
public sealed record LibrarianChoice(Guid UserId, string Name);

/// <summary>One accepted or searching question in the librarian's queue.</summary>
public sealed record QueueItem(
    Guid QuestionId, string Title, Guid ClubId, string ClubName, QuestionStatus Status, Urgency Urgency, DateTimeOffset Since,
    Guid? TakenById, string? TakenByName, int Papers, bool SearchRecorded);

/// <summary>
/// The librarian's side of a question: the queue of questions waiting for evidence, the papers found for each, and
/// the record of the search. Only questions a club has accepted take evidence.
/// </summary>
public sealed class EvidenceWork(ImpacteDbContext db, TimeProvider clock, MemberNotices notices)
{
    private static readonly QuestionStatus[] TakesEvidence =
        [QuestionStatus.Accepted, QuestionStatus.Searching, QuestionStatus.Appraised, QuestionStatus.Scheduled, QuestionStatus.Discussed, QuestionStatus.Answered];

    /// <summary>
    /// Accepted questions across the network, most urgent and then oldest first; with <paramref name="takenBy"/>, the
    /// questions that librarian has taken (searching) instead.
    /// </summary>
    public async Task<(IReadOnlyList<QueueItem> Items, int Total)> QueueAsync(Guid? takenBy, PageRequest page, CancellationToken ct = default)
    {
        var questions = takenBy is { } librarian ? HeldBy(db, librarian) : db.Questions.Where(q => q.Status == QuestionStatus.Accepted);
        var total = await questions.CountAsync(ct);
        var rows = await questions
            .Select(q => new
            {
                q.Id, q.Title, q.ClubId, ClubName = q.Club.Name, q.Status, q.Urgency, q.StatusChangedAt,
                // Held by whoever took it last, while it is being searched (a released question is nobody's). Two scalar
                // look-ups of the page's rows, not one object: EF makes that a window over every transition.
                TakenById = q.Status != QuestionStatus.Searching ? null : db.QuestionTransitions
                    .Where(t => t.QuestionId == q.Id && t.ToStatus == QuestionStatus.Searching).OrderByDescending(t => t.At).Select(t => t.ById).FirstOrDefault(),
                TakenByName = q.Status != QuestionStatus.Searching ? null : db.QuestionTransitions
                    .Where(t => t.QuestionId == q.Id && t.ToStatus == QuestionStatus.Searching).OrderByDescending(t => t.At).Select(t => t.By!.Name).FirstOrDefault(),
                Papers = db.QuestionPapers.Count(p => p.QuestionId == q.Id),
                Searched = db.EvidenceSearches.Any(s => s.QuestionId == q.Id),
            })
            // The question waits from the moment it reached its current status.
            .OrderByDescending(q => q.Urgency).ThenBy(q => q.StatusChangedAt).ThenBy(q => q.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .ToListAsync(ct);
        return (rows.Select(q => new QueueItem(q.Id, q.Title, q.ClubId, q.ClubName, q.Status, q.Urgency, q.StatusChangedAt,
            q.TakenById, q.TakenByName, q.Papers, q.Searched)).ToList(), total);
    }

    /// <summary>
    /// The questions a librarian holds: being searched, and taken by (or handed to) them last. It starts from the
    /// questions they ever took (the transitions' by-person index), not from every question searched in the network.
    /// </summary>
    public static IQueryable<ClinicalQuestion> HeldBy(ImpacteDbContext db, Guid librarian) =>
        db.Questions.Where(q => q.Status == QuestionStatus.Searching
            && db.QuestionTransitions.Any(t => t.QuestionId == q.Id && t.ToStatus == QuestionStatus.Searching && t.ById == librarian)
            && db.QuestionTransitions.Where(t => t.QuestionId == q.Id && t.ToStatus == QuestionStatus.Searching)
                .OrderByDescending(t => t.At).Select(t => t.ById).FirstOrDefault() == librarian);

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

    /// <summary>The databases searched for a question, in the order they were searched.</summary>
    public async Task<IReadOnlyList<SearchEntry>> SearchEntriesAsync(Guid questionId, CancellationToken ct = default)
    {
        await EvidenceQuestionAsync(questionId, ct);
        return await db.SearchEntries.AsNoTracking().Where(e => e.QuestionId == questionId)
            .OrderBy(e => e.SearchedOn).ThenBy(e => e.RecordedAt).ToListAsync(ct);
    }

    /// <summary>Records one database searched: database, date, strategy and hits.</summary>
    public async Task<SearchEntry> AddSearchEntryAsync(Guid questionId, SearchEntryInput input, Actor actor, CancellationToken ct = default)
    {
        RequireLibrarian(actor);
        await EvidenceQuestionAsync(questionId, ct);
        var errors = new Dictionary<string, string[]>();
        var database = input.Database?.Trim();
        if (string.IsNullOrEmpty(database)) errors["database"] = ["Name the database searched, such as PubMed, Cochrane Library or TRIP."];
        else if (database.Length > SearchEntry.MaxDatabase) errors["database"] = [$"Keep the database's name to {SearchEntry.MaxDatabase} characters."];
        var strategy = input.Strategy?.Trim();
        if (string.IsNullOrEmpty(strategy)) errors["strategy"] = ["Give the search terms or strategy run in this database."];
        else if (strategy.Length > EvidenceSearch.MaxStrategy) errors["strategy"] = [$"Keep the strategy to {EvidenceSearch.MaxStrategy} characters."];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (input.SearchedOn is null) errors["searchedOn"] = ["Give the date of the search."];
        else if (input.SearchedOn > today) errors["searchedOn"] = ["The search cannot be in the future."];
        if (input.Hits is < 0) errors["hits"] = ["Hits cannot be negative."];
        UserText.Check(database, "database", errors, TextKind.Line);
        UserText.Check(strategy, "strategy", errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var entry = new SearchEntry
        {
            QuestionId = questionId, Database = database!, SearchedOn = input.SearchedOn!.Value, Strategy = strategy!, Hits = input.Hits,
            RecordedAt = clock.UtcNowForDb(), RecordedById = actor.UserId,
        };
        db.SearchEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        await SummariseSearchAsync(questionId, actor.UserId, ct);
        return entry;
    }

    public async Task RemoveSearchEntryAsync(Guid questionId, Guid entryId, Actor actor, CancellationToken ct = default)
    {
        RequireLibrarian(actor);
        await EvidenceQuestionAsync(questionId, ct);
        var entry = await db.SearchEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.QuestionId == questionId, ct)
            ?? throw new NotFoundException("The search entry");
        db.SearchEntries.Remove(entry);
        await db.SaveChangesAsync(ct);
        await SummariseSearchAsync(questionId, actor.UserId, ct);
    }

    /// <summary>
    /// Keeps the question's search record (what the appraisal shows across the network) in step with its entries:
    /// the databases, the latest date, the hits added up and each database's strategy. Relevant counts and notes stay.
    /// </summary>
    private async Task SummariseSearchAsync(Guid questionId, Guid userId, CancellationToken ct)
    {
        var entries = await db.SearchEntries.AsNoTracking().Where(e => e.QuestionId == questionId)
            .OrderBy(e => e.SearchedOn).ThenBy(e => e.RecordedAt).ToListAsync(ct);
        var search = await db.EvidenceSearches.FindAsync([questionId], ct);
        if (entries.Count == 0)
        {
            if (search is not null) db.EvidenceSearches.Remove(search);
            await db.SaveChangesAsync(ct);
            return;
        }
        if (search is null) db.EvidenceSearches.Add(search = new EvidenceSearch { QuestionId = questionId, Strategy = "" });
        search.Sources = entries.Select(e => e.Database).Distinct(StringComparer.OrdinalIgnoreCase).Take(EvidenceSearch.MaxSources).ToList();
        var strategy = string.Join("\n", entries.Select(e => $"{e.Database}: {e.Strategy}"));
        search.Strategy = strategy.Length <= EvidenceSearch.MaxStrategy ? strategy : strategy[..EvidenceSearch.MaxStrategy];
        search.SearchedOn = entries.Max(e => e.SearchedOn);
        search.Found = entries.Any(e => e.Hits is not null) ? entries.Sum(e => e.Hits ?? 0) : null;
        search.UpdatedAt = clock.UtcNowForDb();
        search.UpdatedById = userId;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Who holds a searching question: the librarian who last took it (or was handed it).</summary>
    public Task<Guid?> HolderAsync(Guid questionId, CancellationToken ct = default) =>
        db.QuestionTransitions.Where(t => t.QuestionId == questionId && t.ToStatus == QuestionStatus.Searching)
            .OrderByDescending(t => t.At).Select(t => t.ById).FirstOrDefaultAsync(ct);

    /// <summary>Librarians with an active account, by name: those a question can be handed to.</summary>
    public async Task<IReadOnlyList<LibrarianChoice>> LibrariansAsync(CancellationToken ct = default)
    {
        var role = NetworkRoles.Librarian.ToUpperInvariant();
        return await db.Users.AsNoTracking()
            .Where(u => u.DeactivatedAt == null && db.Set<IdentityUserRole<Guid>>().Any(r => r.UserId == u.Id &&
                db.Set<IdentityRole<Guid>>().Any(x => x.Id == r.RoleId && x.NormalizedName == role)))
            .OrderBy(u => u.Name).Select(u => new LibrarianChoice(u.Id, u.Name)).ToListAsync(ct);
    }

    /// <summary>
    /// Gives a taken question back to the queue (accepted again). Only the librarian holding it, or an admin; the move
    /// is on the question's history.
    /// </summary>
    public async Task<ClinicalQuestion> ReleaseAsync(Guid questionId, Actor actor, CancellationToken ct = default)
    {
        var question = await HeldAsync(questionId, actor, ct);
        var now = clock.UtcNowForDb();
        db.QuestionTransitions.Add(question.MoveTo(QuestionStatus.Accepted, actor.UserId, now, "Released back to the queue."));
        await db.SaveChangesAsync(ct);
        return question;
    }

    /// <summary>
    /// Hands a taken question to another librarian, who holds it from now on (a history line names both) and is told
    /// by email, as their preference for updates says.
    /// </summary>
    public async Task<ClinicalQuestion> HandOverAsync(Guid questionId, Guid toUserId, Actor actor, CancellationToken ct = default)
    {
        var question = await HeldAsync(questionId, actor, ct);
        var librarians = await LibrariansAsync(ct);
        var to = librarians.FirstOrDefault(l => l.UserId == toUserId)
            ?? throw new DomainValidationException("toUserId", "Choose a librarian to hand the question to.");
        if (await HolderAsync(questionId, ct) == toUserId) throw new DomainValidationException("toUserId", $"{to.Name} already holds this question.");
        var from = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.Name).FirstOrDefaultAsync(ct) ?? "A librarian";
        var now = clock.UtcNowForDb();
        // The record's person is the new holder, as when they take a question; the reason says who handed it over.
        db.QuestionTransitions.Add(question.MoveTo(QuestionStatus.Searching, toUserId, now, $"Handed over by {from}."));
        await notices.AddAsync([toUserId], _ => new Notice($"question-handed-over:{questionId}:{now.ToUnixTimeMilliseconds()}:{toUserId}", "question-handed-over",
            $"Handed to you: {MemberNotices.Short(question.Title, 70)}", "A question has been handed to you",
            $"{from} has handed you the question “{question.Title}” to find and appraise its evidence.",
            "Open your evidence desk", $"{notices.Base}/librarian", "It is on your desk under your questions.",
            [("Question", question.Title), ("From", from)]), ct);
        await db.SaveChangesAsync(ct);
        return question;
    }

    private async Task<ClinicalQuestion> HeldAsync(Guid questionId, Actor actor, CancellationToken ct)
    {
        RequireLibrarian(actor);
        var question = await db.Questions.FirstOrDefaultAsync(q => q.Id == questionId, ct) ?? throw new NotFoundException("The question");
        if (question.Status != QuestionStatus.Searching)
            throw new ConflictException($"The question is {QuestionLifecycle.Label(question.Status)}: only a question being searched can be released or handed over.");
        if (!actor.IsAdmin && await HolderAsync(questionId, ct) != actor.UserId)
            throw new ForbiddenException("Only the librarian who holds the question (or an admin) can release it or hand it over.");
        return question;
    }

    private static void RequireLibrarian(Actor actor)
    {
        if (!actor.WorksAcrossClubs) throw new ForbiddenException("Only librarians record the evidence work.");
    }
}
