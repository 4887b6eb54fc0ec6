using Impacte.Domain.Access;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Appraisals;

/// <summary>Writing, checking and publishing appraisals, and their documents.</summary>
public sealed class CriticalAppraisals(ImpacteDbContext db, TimeProvider clock, EvidenceDrift drift, Email.MemberNotices notices)
{
    public async Task<Appraisal> CreateAsync(Guid questionId, string? studyDesign, Actor actor, CancellationToken ct = default)
    {
        if (!actor.WorksAcrossClubs) throw new ForbiddenException("Only librarians write appraisals.");
        var errors = new Dictionary<string, string[]>();
        if (questionId == Guid.Empty) errors["questionId"] = ["Choose the question the appraisal answers."];
        if (!Checklists.TryParse(studyDesign, out var design))
            errors["studyDesign"] = [$"Choose one of: {string.Join(", ", Checklists.All.Select(c => c.Code))}."];
        AppraisalRules.ThrowIfAny(errors);
        await EnsureQuestionAsync(questionId, ct);
        var now = clock.UtcNowForDb();
        var appraisal = new Appraisal
        {
            QuestionId = questionId, StudyDesign = design, AuthorId = actor.UserId, CreatedAt = now, UpdatedAt = now,
        };
        AppraisalWorkflow.RecordEditor(appraisal, actor, now);
        db.Appraisals.Add(appraisal);
        await db.SaveChangesAsync(ct);
        return appraisal;
    }

    /// <summary>The network's today, from the injected clock: what "due for review" is measured against.</summary>
    public DateOnly Today => AppraisalReview.Today(clock);

    /// <summary>The appraisals this actor may read (<see cref="AppraisalWorkflow.MaySee"/>), for lists.</summary>
    public IQueryable<Appraisal> Visible(Actor actor)
    {
        if (actor.WorksAcrossClubs) return db.Appraisals;
        var leadOf = actor.LeadOf.ToList();
        return db.Appraisals.Where(a => a.Status == AppraisalStatus.Published ||
            db.Questions.Any(q => q.Id == a.QuestionId && leadOf.Contains(q.ClubId)));
    }

    /// <summary>The appraisal, tracked, if this actor may read it; otherwise 404, as if it did not exist.</summary>
    public async Task<Appraisal> LoadVisibleAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var appraisal = await LoadAsync(id, ct);
        var clubId = await db.Questions.Where(q => q.Id == appraisal.QuestionId).Select(q => q.ClubId).SingleAsync(ct);
        if (!actor.MaySee(appraisal.Status, clubId)) throw new NotFoundException("The appraisal");
        return appraisal;
    }

    /// <summary>
    /// The question an appraisal answers, or null when the reader may read the topic but not see the question
    /// (<see cref="AppraisalTopics"/>).
    /// </summary>
    public async Task<AppraisedQuestion?> QuestionAsync(Guid questionId, Actor actor, CancellationToken ct = default)
    {
        var q = await db.Questions.Where(q => q.Id == questionId)
            .Select(q => new { q.Id, q.Title, q.Sentence, ClubName = q.Club.Name, q.ClubId, q.Status, q.Population, q.Intervention, q.Comparison, q.Outcome })
            .SingleAsync(ct);
        return actor.ShowsQuestion(q.ClubId, q.Status)
            ? new AppraisedQuestion(q.Id, q.Title, q.Sentence, q.ClubName, q.Population, q.Intervention, q.Comparison, q.Outcome)
            : null;
    }

    /// <summary>The appraisal with its papers, answers and results, tracked for a change.</summary>
    public async Task<Appraisal> LoadAsync(Guid id, CancellationToken ct = default) =>
        await db.Appraisals
            .Include(a => a.Papers).ThenInclude(p => p.Paper)
            .Include(a => a.Answers)
            .Include(a => a.Results)
            .Include(a => a.Editors)
            .Include(a => a.Author)
            .AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == id, ct)
        ?? throw new NotFoundException("The appraisal");

    /// <summary>Applies an edit to the version the editor saw; someone else's change in between gives 412.</summary>
    public async Task UpdateAsync(Appraisal a, uint expectedVersion, AppraisalEdit edit, Actor actor, CancellationToken ct = default)
    {
        AppraisalWorkflow.EnsureEditable(a, actor);
        if (a.Version != expectedVersion) throw new StaleVersionException();
        db.Entry(a).Property(x => x.Version).OriginalValue = expectedVersion;

        var errors = new Dictionary<string, string[]>();
        AppraisalRules.Apply(a, edit, errors);
        if (edit.Papers is { Count: > 0 } papers)
        {
            var ids = papers.Select(p => p.PaperId).ToList();
            var found = await db.Papers.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
            if (found.Count != ids.Distinct().Count()) errors["papers"] = ["A paper in the list is not in IMPACTE."];
        }
        AppraisalRules.ThrowIfAny(errors);
        // Always touching the row makes its xmin check cover edits that only change the lists.
        a.UpdatedAt = clock.UtcNowForDb();
        AppraisalWorkflow.RecordEditor(a, actor, a.UpdatedAt);
        await db.SaveChangesAsync(ct);
    }

    public Task SubmitAsync(Appraisal a, Actor actor, CancellationToken ct = default)
    {
        AppraisalWorkflow.Submit(a, actor, clock.UtcNowForDb());
        return db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Publishes the appraisal and, in the same transaction, moves its question from searching to appraised (a move
    /// IMPACTE makes on the checker's behalf, recorded in the question's history). A question already further on
    /// (a second appraisal, say) stays where it is. A review-by date left unset gets the default; and every club with
    /// a practice change resting on an older appraisal of the question is told, in the same transaction.
    /// </summary>
    public async Task PublishAsync(Appraisal a, Actor actor, CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        AppraisalWorkflow.Publish(a, actor, now);
        a.ReviewBy ??= AppraisalReview.DefaultFrom(AppraisalReview.Today(clock));
        await drift.AddNewerAppraisalNoticesAsync(a, ct);
        var question = await db.Questions.SingleAsync(q => q.Id == a.QuestionId, ct);
        if (question.Status == QuestionStatus.Searching)
        {
            var check = QuestionLifecycle.Check(question.Status, QuestionStatus.Appraised, QuestionActor.System);
            if (!check.IsAllowed) throw new ConflictException(check.Error!);
            db.QuestionTransitions.Add(question.MoveTo(QuestionStatus.Appraised, actor.UserId, now));
        }
        else if (question.Status is not (QuestionStatus.Appraised or QuestionStatus.Scheduled or QuestionStatus.Discussed or QuestionStatus.Answered))
            throw new ConflictException($"The question is {QuestionLifecycle.Label(question.Status)}: only a question being searched can have its appraisal published.");
        var appraisalUrl = $"{notices.Base}/appraisals/{a.Id}";
        var clubName = await db.Clubs.Where(c => c.Id == question.ClubId).Select(c => c.Name).SingleAsync(ct);
        await QuestionNotices.AddAsync(notices, question, clubName, QuestionStatus.Appraised, a.Id, await QuestionNotices.VoicesAsync(db, question, ct),
            actor.UserId, a.BottomLine, appraisalUrl, null, ct);
        await AppraisalNotices.PublishedAsync(notices, a, question.Title, appraisalUrl, ct);
        Audit.AuditTrail.Record(db, now, actor.UserId, "appraisal.published", "appraisal", a.Id, "submitted", "published", null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A librarian who has looked for newer evidence and found the appraisal still stands sets a new review-by date on
    /// the published appraisal: it is no longer due for review, and that date's passing is told again (a new key).
    /// </summary>
    public async Task SetReviewByAsync(Appraisal a, DateOnly? reviewBy, Actor actor, CancellationToken ct = default)
    {
        if (!actor.MaySetReviewBy()) throw new ForbiddenException("Only librarians set when evidence is reviewed.");
        if (a.Status != AppraisalStatus.Published)
            throw new ConflictException("Only a published appraisal takes a new review-by date here; a draft's is set in the appraisal.");
        if (reviewBy is not { } date) throw new DomainValidationException("reviewBy", "Give the date to review the evidence by.");
        if (date <= AppraisalReview.Today(clock)) throw new DomainValidationException("reviewBy", "The review-by date must be in the future.");
        a.ReviewBy = date;
        a.UpdatedAt = clock.UtcNowForDb();
        await db.SaveChangesAsync(ct);
    }

    public async Task ReturnAsync(Appraisal a, Actor actor, string? comment, CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        AppraisalWorkflow.Return(a, actor, comment, now);
        Audit.AuditTrail.Record(db, now, actor.UserId, "appraisal.returned", "appraisal", a.Id, "submitted", "returned", null);
        var title = await db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Title).SingleAsync(ct);
        await AppraisalNotices.ReturnedAsync(notices, a, title, $"{notices.Base}/appraisals/{a.Id}/edit", ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Stores (or replaces) the appraisal's document, after checking what its bytes are.</summary>
    public async Task<AppraisalDocument> SetDocumentAsync(Appraisal a, string? fileName, byte[] content, Actor actor, CancellationToken ct = default)
    {
        AppraisalWorkflow.EnsureEditable(a, actor);
        if (content.LongLength > AppraisalDocuments.MaxBytes)
            throw new DomainValidationException("file", "The document must be 20 MB or smaller.");
        var kind = AppraisalDocuments.Recognise(content);
        var now = clock.UtcNowForDb();
        var document = await db.AppraisalDocuments.FindAsync([a.Id], ct);
        if (document is null) db.AppraisalDocuments.Add(document = new AppraisalDocument { AppraisalId = a.Id, FileName = "", ContentType = "", Content = [] });
        document.FileName = AppraisalDocuments.SafeFileName(fileName, kind);
        document.ContentType = kind.ContentType;
        document.Content = content;
        document.Length = content.LongLength;
        document.UploadedAt = now;
        document.UploadedById = actor.UserId;
        a.UpdatedAt = now;
        AppraisalWorkflow.RecordEditor(a, actor, now);
        await db.SaveChangesAsync(ct);
        return document;
    }

    /// <summary>An appraisal answers a question a librarian has taken (searching) or one already appraised.</summary>
    private async Task EnsureQuestionAsync(Guid questionId, CancellationToken ct)
    {
        var status = await db.Questions.Where(q => q.Id == questionId).Select(q => (QuestionStatus?)q.Status).FirstOrDefaultAsync(ct)
            ?? throw new DomainValidationException("questionId", "There is no such question.");
        if (status is QuestionStatus.Proposed or QuestionStatus.Accepted or QuestionStatus.Declined or QuestionStatus.Duplicate)
            throw new ConflictException(status == QuestionStatus.Accepted
                ? "Take the question first (move it to searching): then write its appraisal."
                : $"The question is {QuestionLifecycle.Label(status)}: only questions a librarian has taken are appraised.");
    }
}
