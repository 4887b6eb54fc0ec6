using Impacte.Domain.Access;
using Impacte.Domain.Common;

namespace Impacte.Domain.Appraisals;

/// <summary>
/// draft → submitted → published, or back to the author (returned) with a comment. Checking is the two-person rule:
/// a librarian who neither wrote nor changed the appraisal publishes or returns it, never its author or anyone who
/// edited it (an admin who can edit any draft included), so no one person can put their own words out.
/// </summary>
public static class AppraisalWorkflow
{
    public static bool IsEditable(this Appraisal a) => a.Status is AppraisalStatus.Draft or AppraisalStatus.Returned;

    /// <summary>
    /// Who may read an appraisal: once published, the whole network; before that, librarians and admins (who write and
    /// check it) and the leads of the club whose question it answers. Anyone else is told it does not exist (404),
    /// since even a draft's existence is not theirs to know.
    /// </summary>
    public static bool MaySee(this Actor actor, AppraisalStatus status, Guid questionClubId) =>
        status == AppraisalStatus.Published || actor.WorksAcrossClubs || actor.IsLeadOf(questionClubId);

    /// <summary>Its author, or an admin; a librarian who did not write it checks it instead.</summary>
    public static bool MayEdit(this Actor actor, Appraisal a) => actor.UserId == a.AuthorId || actor.IsAdmin;

    public static bool MayCheck(this Actor actor, Appraisal a) => actor.WorksAcrossClubs && !a.WroteOrEdited(actor.UserId);

    /// <summary>Librarians and admins set a published appraisal's next review.</summary>
    public static bool MaySetReviewBy(this Actor actor) => actor.WorksAcrossClubs;

    /// <summary>The author, or anyone who changed the text, the lists or the document.</summary>
    public static bool WroteOrEdited(this Appraisal a, Guid userId) => a.AuthorId == userId || a.Editors.Any(e => e.UserId == userId);

    /// <summary>Remembers who changed it, once each: they can no longer be its checker.</summary>
    public static void RecordEditor(Appraisal a, Actor actor, DateTimeOffset now)
    {
        if (a.Editors.All(e => e.UserId != actor.UserId))
            a.Editors.Add(new AppraisalEditor { AppraisalId = a.Id, UserId = actor.UserId, FirstEditedAt = now });
    }

    public static void EnsureEditable(Appraisal a, Actor actor)
    {
        if (!actor.MayEdit(a)) throw new ForbiddenException("Only the appraisal's author can change it.");
        if (!a.IsEditable()) throw new ConflictException(a.Status == AppraisalStatus.Published
            ? "A published appraisal cannot be changed."
            : "The appraisal is with a checker. It can be changed again if they return it.");
    }

    public static void Submit(Appraisal a, Actor actor, DateTimeOffset now)
    {
        EnsureEditable(a, actor);
        var errors = new Dictionary<string, string[]>();
        if (a.Papers.Count == 0) errors["papers"] = ["Add the paper or papers appraised."];
        if (a.EvidenceLevel is null) errors["evidenceLevel"] = ["Give the level of evidence (Oxford CEBM, 1 to 5)."];
        if (a.Grade is null) errors["grade"] = ["Give the GRADE certainty."];
        if (string.IsNullOrWhiteSpace(a.BottomLine)) errors["bottomLine"] = ["Write the clinical bottom line."];
        if (a.ReviewBy is null) errors["reviewBy"] = ["Set a date to review the evidence by."];
        // Every checklist question answered: a published topic never shows a blank where a judgement belongs.
        foreach (var (field, messages) in AppraisalRules.Unanswered(a)) errors[field] = messages;
        AppraisalRules.ThrowIfAny(errors);
        a.Status = AppraisalStatus.Submitted;
        a.SubmittedAt = now;
        a.UpdatedAt = now;
    }

    public static void Publish(Appraisal a, Actor actor, DateTimeOffset now)
    {
        EnsureCheckable(a, actor, "publish");
        // Checked again here: an appraisal submitted before every question had to be answered cannot go out with gaps.
        AppraisalRules.ThrowIfAny(AppraisalRules.Unanswered(a));
        a.Status = AppraisalStatus.Published;
        a.CheckedById = actor.UserId;
        a.ReturnComment = null;
        a.PublishedAt = now;
        a.UpdatedAt = now;
    }

    public static void Return(Appraisal a, Actor actor, string? comment, DateTimeOffset now)
    {
        EnsureCheckable(a, actor, "return");
        var text = comment?.Trim();
        if (string.IsNullOrEmpty(text)) throw new DomainValidationException("comment", "Say what the author should change.");
        if (text.Length > Appraisal.MaxComment) throw new DomainValidationException("comment", $"Keep the comment to {Appraisal.MaxComment} characters.");
        UserText.Require(text, "comment");
        a.Status = AppraisalStatus.Returned;
        a.CheckedById = actor.UserId;
        a.ReturnComment = text;
        a.UpdatedAt = now;
    }

    private static void EnsureCheckable(Appraisal a, Actor actor, string verb)
    {
        if (!actor.WorksAcrossClubs) throw new ForbiddenException($"Only a librarian can {verb} an appraisal.");
        if (actor.UserId == a.AuthorId)
            throw new ForbiddenException($"A second librarian must check this appraisal: its author cannot {verb} it.");
        if (a.WroteOrEdited(actor.UserId))
            throw new ForbiddenException($"A second librarian must check this appraisal: you changed it, so you cannot {verb} it.");
        if (a.Status != AppraisalStatus.Submitted)
            throw new ConflictException($"Only a submitted appraisal can be checked; this one is {a.Status.Name()}.");
    }
}
