using Impacte.Domain.Access;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Impacte.Domain.Questions;

/// <summary>A move the lifecycle does not allow from here (409), with the moves the person could make instead.</summary>
public sealed class TransitionConflictException(string message, IReadOnlyList<QuestionTransition> allowed) : DomainException(message)
{
    public IReadOnlyList<QuestionTransition> Allowed { get; } = allowed;
}

/// <summary>A proposed question in a lead's list, with what decides its place: votes, urgency and age.</summary>
public sealed record PriorityRow(Guid Id, string Title, QuestionType Type, Urgency Urgency, string ProposerName,
    DateTimeOffset CreatedAt, int Votes, int Askers)
{
    /// <summary>Most votes first; then the more urgent; then the one waiting longest. Plain, so a club can see why.</summary>
    public static IReadOnlyList<PriorityRow> Rank(IEnumerable<PriorityRow> rows) =>
        rows.OrderByDescending(r => r.Votes).ThenByDescending(r => r.Urgency).ThenBy(r => r.CreatedAt).ToList();
}

/// <summary>Clinical questions: proposing, editing, moving through the lifecycle, votes, askers, similarity, search.</summary>
public sealed class ClinicalQuestions(ImpacteDbContext db, TimeProvider clock, Email.MemberNotices notices)
{
    /// <summary>The question, if this actor may see it; otherwise 404, as if it did not exist.</summary>
    public async Task<ClinicalQuestion> FindAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var question = await db.Questions.FirstOrDefaultAsync(q => q.Id == id, ct);
        if (question is null || !actor.CanSeeQuestion(question.ClubId, question.Status)) throw new NotFoundException("The question");
        return question;
    }

    private static void Ensure(Actor actor, ClinicalQuestion q, QuestionPermission permission)
    {
        if (actor.ForQuestion(q.ClubId, q.Status, q.ProposerId, permission) != Verdict.Allowed)
            throw new ForbiddenException(AccessRules.QuestionRefusal(permission));
    }

    public async Task<ClinicalQuestion> ProposeAsync(
        Guid clubId, QuestionInput input, bool confirmedWarnings, Actor actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var mayAsk = actor.IsMemberOf(clubId) || actor.IsAdmin && await db.Clubs.AnyAsync(c => c.Id == clubId, ct);
        if (!mayAsk) errors["clubId"] = ["Choose one of your clubs."];
        var area = input.ParseArea(errors);
        (QuestionPico Pico, QuestionText Text) valid = default;
        try
        {
            valid = QuestionPico.Validate(input, confirmedWarnings);
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors) errors[field] = reasons;
        }
        ClubRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        var question = new ClinicalQuestion { ClubId = clubId, ProposerId = actor.UserId, Area = area, CreatedAt = now, UpdatedAt = now, StatusChangedAt = now };
        question.SetText(valid.Pico!, valid.Text!);
        db.Questions.Add(question);
        await db.SaveChangesAsync(ct);
        return question;
    }

    /// <summary>
    /// Changes a proposed question's parts (null keeps a part; an empty comparison, trigger or area clears it).
    /// <paramref name="expectedVersion"/> gives the version the editor read (If-Match). The clinical area alone may
    /// be corrected by the club's lead (or an admin) at any stage, as the digest and network view file it by area.
    /// </summary>
    public async Task<ClinicalQuestion> EditAsync(
        Guid id, Func<uint> expectedVersion, QuestionInput changes, bool confirmedWarnings, Actor actor, CancellationToken ct = default)
    {
        var question = await FindAsync(id, actor, ct);
        Ensure(actor, question, QuestionPermission.Edit);
        var expected = expectedVersion(); // read after the permission check: whoever may not edit hears so first
        if (question.Version != expected) throw new StaleVersionException();
        var areaOnly = changes with { Area = null } == new QuestionInput(null, null, null, null, null, null, null);
        if (areaOnly && changes.Area is not null && (actor.IsLeadOf(question.ClubId) || actor.IsAdmin))
        {
            var errors = new Dictionary<string, string[]>();
            var area = changes.ParseArea(errors);
            ClubRules.ThrowIfAny(errors);
            db.Entry(question).Property(q => q.Version).OriginalValue = expected;
            question.Area = area;
            question.UpdatedAt = clock.UtcNowForDb();
            await db.SaveChangesAsync(ct);
            return question;
        }
        if (question.Status != QuestionStatus.Proposed)
            throw new ConflictException($"A question can be edited only while it is proposed; this one is {QuestionLifecycle.Label(question.Status)}.");
        // The save checks xmin too, so an edit landing between this read and the write is caught as well.
        db.Entry(question).Property(q => q.Version).OriginalValue = expected;

        var merged = new QuestionInput(
            changes.Population ?? question.Population, changes.Intervention ?? question.Intervention,
            changes.Comparison ?? question.Comparison, changes.Outcome ?? question.Outcome,
            changes.Type ?? QuestionNames.Name(question.Type), changes.Trigger ?? question.Trigger,
            changes.Urgency ?? QuestionNames.Name(question.Urgency));
        var changed = new HashSet<string>();
        if (changes.Population is not null) changed.Add("population");
        if (changes.Intervention is not null) changed.Add("intervention");
        if (changes.Comparison is not null) changed.Add("comparison");
        if (changes.Outcome is not null) changed.Add("outcome");
        if (changes.Trigger is not null) changed.Add("trigger");
        var areaErrors = new Dictionary<string, string[]>();
        var newArea = changes.ParseArea(areaErrors);
        ClubRules.ThrowIfAny(areaErrors);
        var (pico, text) = QuestionPico.Validate(merged, confirmedWarnings, changed);

        question.SetText(pico, text);
        if (changes.Area is not null) question.Area = newArea;
        question.UpdatedAt = clock.UtcNowForDb();
        await db.SaveChangesAsync(ct);
        return question;
    }

    /// <summary>
    /// Moves a question, if <see cref="QuestionLifecycle"/> allows this actor to, and keeps the step in its history.
    /// <paramref name="reason"/> is why it was declined, or the bottom line when it is answered.
    /// </summary>
    public async Task<ClinicalQuestion> TransitionAsync(
        Guid id, string? to, string? reason, Guid? duplicateOfId, Actor actor, CancellationToken ct = default)
    {
        var question = await FindAsync(id, actor, ct);
        var errors = new Dictionary<string, string[]>();
        var target = QuestionNames.Parse<QuestionStatus>(to, "to", "Choose the status to move the question to.", errors);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var reasonField = target == QuestionStatus.Answered ? "bottomLine" : "reason";
        if (reason?.Length > QuestionPico.MaxBottomLine) errors[reasonField] = [$"Keep this to {QuestionPico.MaxBottomLine} characters or fewer."];
        if (PatientIdentifiers.Scan(reason).IsRefused) errors[reasonField] = [PatientIdentifiers.NhsNumberMessage];
        ClubRules.ThrowIfAny(errors);

        var check = QuestionLifecycle.Check(question.Status, target!.Value, actor.InQuestion(question), reason, duplicateOfId, question.Id);
        switch (check.Outcome)
        {
            case TransitionOutcome.Invalid: throw new DomainValidationException(check.Field!, check.Error!);
            case TransitionOutcome.Forbidden: throw new ForbiddenException(check.Error!);
            case TransitionOutcome.Conflict: throw new TransitionConflictException(check.Error!, check.Available);
        }

        var now = clock.UtcNowForDb();
        // Read before a duplicate's support moves to the original: these are the people to tell.
        var voices = await QuestionNotices.VoicesAsync(db, question, ct);
        ClinicalQuestion? originalQuestion = null;
        if (target == QuestionStatus.Duplicate)
        {
            var original = await db.Questions.FirstOrDefaultAsync(q => q.Id == duplicateOfId, ct);
            if (original is null || !actor.CanSeeQuestion(original.ClubId, original.Status))
                throw new DomainValidationException("duplicateOfId", "There is no question with this id that you can see.");
            if (original.Status == QuestionStatus.Duplicate)
                throw new DomainValidationException("duplicateOfId", "That question is itself a duplicate: choose the question it duplicates.");
            await MoveSupportAsync(question, original, now, ct);
            question.DuplicateOfId = original.Id;
            originalQuestion = original;
        }
        if (target == QuestionStatus.Answered) question.BottomLine = reason;

        var record = question.MoveTo(target.Value, actor.UserId, now, reason);
        db.QuestionTransitions.Add(record);
        if (target is QuestionStatus.Accepted or QuestionStatus.Declined or QuestionStatus.Duplicate or QuestionStatus.Answered)
        {
            var clubName = await db.Clubs.Where(c => c.Id == question.ClubId).Select(c => c.Name).SingleAsync(ct);
            await QuestionNotices.AddAsync(notices, question, clubName, target.Value, record.Id, voices, actor.UserId, reason,
                originalQuestion is null ? null : $"{notices.Base}/questions/{originalQuestion.Id}", originalQuestion?.Title, ct);
        }
        await db.SaveChangesAsync(ct);
        return question;
    }

    /// <summary>
    /// The proposer takes their question back while it is still proposed (the lifecycle's proposed → withdrawn, so it
    /// stays in the history); once the club has accepted it, 409; anyone else, 403 (or 404 if they cannot see it).
    /// </summary>
    public Task<ClinicalQuestion> WithdrawAsync(Guid id, Actor actor, CancellationToken ct = default) =>
        TransitionAsync(id, QuestionNames.Name(QuestionStatus.Withdrawn), null, null, actor, ct);

    /// <summary>
    /// Marking a duplicate hands its support to the original: votes stay votes in the same club (elsewhere they
    /// would count in a club the voters are not in, so those voters become askers), and askers, including the
    /// duplicate's proposer, ask the original.
    /// </summary>
    private async Task MoveSupportAsync(ClinicalQuestion duplicate, ClinicalQuestion original, DateTimeOffset now, CancellationToken ct)
    {
        var votes = await db.QuestionVotes.Where(v => v.QuestionId == duplicate.Id).ToListAsync(ct);
        var askers = await db.QuestionAskers.Where(a => a.QuestionId == duplicate.Id).ToListAsync(ct);
        var voters = (await db.QuestionVotes.Where(v => v.QuestionId == original.Id).Select(v => v.UserId).ToListAsync(ct)).ToHashSet();
        var asking = (await db.QuestionAskers.Where(a => a.QuestionId == original.Id).Select(a => a.UserId).ToListAsync(ct)).ToHashSet();
        asking.Add(original.ProposerId);
        db.QuestionVotes.RemoveRange(votes);
        db.QuestionAskers.RemoveRange(askers);

        var newAskers = askers.Select(a => a.UserId).Append(duplicate.ProposerId).ToList();
        if (duplicate.ClubId == original.ClubId)
            db.QuestionVotes.AddRange(votes.Where(v => voters.Add(v.UserId))
                .Select(v => new QuestionVote { QuestionId = original.Id, UserId = v.UserId, CreatedAt = v.CreatedAt }));
        else
            newAskers.AddRange(votes.Select(v => v.UserId));
        db.QuestionAskers.AddRange(newAskers.Where(asking.Add)
            .Select(userId => new QuestionAsker { QuestionId = original.Id, UserId = userId, CreatedAt = now }));
    }

    /// <summary>One vote per member, for a proposed question of their club; voting again changes nothing.</summary>
    public async Task VoteAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var question = await FindAsync(id, actor, ct);
        Ensure(actor, question, QuestionPermission.Vote);
        if (question.Status != QuestionStatus.Proposed)
            throw new ConflictException($"Votes decide which proposed questions the club takes; this one is {QuestionLifecycle.Label(question.Status)}.");
        // ON CONFLICT: two clicks racing each other still make one vote.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO question_votes (question_id, user_id, created_at) VALUES ({id}, {actor.UserId}, {clock.UtcNowForDb()}) ON CONFLICT DO NOTHING", ct);
    }

    public async Task WithdrawVoteAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        await FindAsync(id, actor, ct);
        await db.QuestionVotes.Where(v => v.QuestionId == id && v.UserId == actor.UserId).ExecuteDeleteAsync(ct);
    }

    /// <summary>"I have this question too": anyone who can see the question; asking twice changes nothing.</summary>
    public async Task AskAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var question = await FindAsync(id, actor, ct);
        if (question.Status == QuestionStatus.Duplicate)
            throw new ConflictException($"This question is a duplicate: add your voice to the original ({question.DuplicateOfId}).");
        if (question.ProposerId == actor.UserId) return; // they are asking it already
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO question_askers (question_id, user_id, created_at) VALUES ({id}, {actor.UserId}, {clock.UtcNowForDb()}) ON CONFLICT DO NOTHING", ct);
    }

    /// <summary>Up to ten questions this actor may see whose titles resemble the text, best first.</summary>
    public async Task<IReadOnlyList<SimilarQuestion>> SimilarAsync(string? text, Guid? clubId, QuestionReader reader, CancellationToken ct = default)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length < QuestionQueries.MinSimilarText)
            throw new DomainValidationException("text", $"Type at least {QuestionQueries.MinSimilarText} characters.");
        if (trimmed.Length > QuestionQueries.MaxSimilarText)
            throw new DomainValidationException("text", $"Keep this to {QuestionQueries.MaxSimilarText} characters or fewer.");
        return await WithConnectionAsync(c => QuestionQueries.SimilarAsync(c, trimmed, clubId, reader, ct), ct);
    }

    /// <summary>
    /// The questions a lead may mark this one a duplicate of: its club's other questions (not duplicates themselves),
    /// the most similar first (the similar-question search over its sentence, best score first), then the newest of
    /// the rest, so the original is there even when it is put in other words. Only for those who may mark it so.
    /// </summary>
    public async Task<IReadOnlyList<SimilarQuestion>> DuplicateCandidatesAsync(Guid questionId, Actor actor, CancellationToken ct = default)
    {
        var question = await FindAsync(questionId, actor, ct);
        if (!QuestionLifecycle.AvailableTo(question.Status, actor.InQuestion(question)).Any(t => t.To == QuestionStatus.Duplicate))
            throw new ForbiddenException("Only the club's lead can mark this question as a duplicate.");
        var text = question.Sentence.Length > QuestionQueries.MaxSimilarText ? question.Sentence[..QuestionQueries.MaxSimilarText] : question.Sentence;
        var similar = await WithConnectionAsync(c => QuestionQueries.SimilarAsync(c, text, question.ClubId, actor.Reader(), ct), ct);
        var newest = await db.Questions.AsNoTracking()
            .Where(x => x.ClubId == question.ClubId && x.Id != questionId && x.Status != QuestionStatus.Duplicate && x.Status != QuestionStatus.Withdrawn)
            .OrderByDescending(x => x.CreatedAt).Take(30)
            .Select(x => new SimilarQuestion(x.Id, x.Title, x.Status, x.BottomLine, 0))
            .ToListAsync(ct);
        return similar.Where(s => s.Status != QuestionStatus.Duplicate).OrderByDescending(s => s.Score)
            .Concat(newest).Where(s => s.Id != questionId).DistinctBy(s => s.Id).ToList();
    }

    public async Task<(IReadOnlyList<QuestionListItem> Items, int Total)> SearchAsync(
        QuestionFilter filter, PageRequest page, QuestionReader reader, CancellationToken ct = default)
    {
        if (filter.Search?.Length > QuestionQueries.MaxSimilarText)
            throw new DomainValidationException("search", $"Keep this to {QuestionQueries.MaxSimilarText} characters or fewer.");
        return await WithConnectionAsync(async c =>
        {
            var found = await QuestionQueries.SearchAsync(c, filter, reader, page.Skip, page.PageSize, ct);
            // Past the last page the window count has no row to ride on: ask for the first row's total instead.
            if (found.Items.Count == 0 && page.Skip > 0)
                found = ([], (await QuestionQueries.SearchAsync(c, filter, reader, 0, 1, ct)).Total);
            return found;
        }, ct);
    }

    /// <summary>A club's proposed questions in the order the lead should consider them.</summary>
    public async Task<IReadOnlyList<PriorityRow>> PrioritiesAsync(Guid clubId, CancellationToken ct = default)
    {
        var rows = await db.Questions.Where(q => q.ClubId == clubId && q.Status == QuestionStatus.Proposed)
            .Select(q => new PriorityRow(q.Id, q.Title, q.Type, q.Urgency, q.Proposer.Name, q.CreatedAt, q.Votes.Count, q.Askers.Count + 1))
            .ToListAsync(ct);
        return PriorityRow.Rank(rows);
    }

    /// <summary>
    /// Plain SQL on the context's connection, inside EF's execution strategy: a connection PostgreSQL ended (a restart)
    /// is retried as EF's own queries are, instead of surfacing as a 500.
    /// </summary>
    private Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async cancel =>
        {
            await db.Database.OpenConnectionAsync(cancel);
            try
            {
                return await query((NpgsqlConnection)db.Database.GetDbConnection());
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, ct);
}
