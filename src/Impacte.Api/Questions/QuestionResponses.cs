using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Questions;

/// <summary><c>area</c> is optional: a clinical area's slug ("cardiovascular", "diabetes-endocrine"…).</summary>
public sealed record ProposeQuestionRequest(
    Guid? ClubId, string? Population, string? Intervention, string? Comparison, string? Outcome, string? Type,
    string? Trigger, string? Urgency, bool ConfirmIdentifierWarnings = false, string? Area = null);

/// <summary>
/// A partial update: parts left out (or null) keep their value; an empty comparison, trigger or area clears it. The
/// club's lead (or an admin) may send the <c>area</c> alone at any stage, to correct it.
/// </summary>
public sealed record UpdateQuestionRequest(
    string? Population, string? Intervention, string? Comparison, string? Outcome, string? Type,
    string? Trigger, string? Urgency, bool ConfirmIdentifierWarnings = false, string? Area = null);

/// <summary><c>reason</c> explains a decline; the bottom line of an answer may come as <c>bottomLine</c> or <c>reason</c>.</summary>
public sealed record TransitionRequest(string? To, string? Reason, Guid? DuplicateOfId, string? BottomLine);

public sealed record TransitionOptionResponse(string To, string Action, string? Needs);
public sealed record HistoryResponse(string From, string To, DateTimeOffset At, string? By, string? Reason);

/// <summary>Everything about one question, as the API and the question page show it. <c>area</c> is a slug, <c>areaLabel</c> its words.</summary>
public sealed record QuestionResponse(
    Guid Id, Guid ClubId, string ClubName, PersonResponse Proposer,
    string Population, string Intervention, string? Comparison, string Outcome, string Type, string Urgency, string? Trigger,
    string Title, string Sentence, string Status, Guid? DuplicateOfId, string? BottomLine,
    int Votes, int Askers, bool MyVote, bool IAsk, bool CanVote, bool CanEdit,
    IReadOnlyList<TransitionOptionResponse> AvailableTransitions, IReadOnlyList<HistoryResponse> History,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Area, string? AreaLabel, bool CanSetArea);

/// <summary>One question in a list. <c>area</c> is its clinical area's slug (null when not filed), <c>areaLabel</c> its words.</summary>
public sealed record QuestionListItemResponse(
    Guid Id, string Title, string Status, string Type, string Urgency, Guid ClubId, string ClubName, string? BottomLine,
    int Votes, int Askers, DateTimeOffset CreatedAt, string? Area, string? AreaLabel);

public sealed record SimilarQuestionResponse(Guid Id, string Title, string Status, string? BottomLine, double Score);

public sealed record QuestionSupportResponse(int Votes, int Askers, bool MyVote, bool IAsk);

/// <summary>Hand-written mapping from the domain to what the API and pages show.</summary>
public static class QuestionResponses
{
    /// <summary>Who is searching, from the claims alone: similar and search need no round trip before their query.</summary>
    public static QuestionReader QuestionReader(this ClaimsPrincipal user) => new(user.Id(), user.IsAdmin() || user.IsLibrarian());

    public static async Task<QuestionResponse> LoadAsync(ImpacteDbContext db, ClinicalQuestion q, Actor viewer, CancellationToken ct)
    {
        var header = await db.Questions.Where(x => x.Id == q.Id)
            .Select(x => new { ClubName = x.Club.Name, ProposerName = x.Proposer.Name, Votes = x.Votes.Count, Askers = x.Askers.Count })
            .SingleAsync(ct);
        var support = await SupportAsync(db, q.Id, viewer.UserId, ct);
        var history = await db.QuestionTransitions.Where(t => t.QuestionId == q.Id).OrderBy(t => t.At)
            .Select(t => new { t.FromStatus, t.ToStatus, t.At, By = t.By == null ? null : t.By.Name, t.Reason })
            .ToListAsync(ct);
        var actor = viewer.InQuestion(q);
        return new QuestionResponse(
            q.Id, q.ClubId, header.ClubName, new PersonResponse(q.ProposerId, header.ProposerName),
            q.Population, q.Intervention, q.Comparison, q.Outcome, Name(q.Type), Name(q.Urgency), q.Trigger,
            q.Title, q.Sentence, Name(q.Status), q.DuplicateOfId, q.BottomLine,
            support.Votes, support.Askers, support.MyVote, support.IAsk,
            CanVote: q.Status == QuestionStatus.Proposed && viewer.IsMemberOf(q.ClubId),
            CanEdit: q.Status == QuestionStatus.Proposed && (actor.IsProposer || actor.IsClubLead || actor.IsAdmin),
            QuestionLifecycle.AvailableTo(q.Status, actor)
                .Select(t => new TransitionOptionResponse(Name(t.To), t.Action, t.Needs == TransitionInput.None ? null : Name(t.Needs)))
                .ToList(),
            history.Select(h => new HistoryResponse(Name(h.FromStatus), Name(h.ToStatus), h.At, h.By, h.Reason)).ToList(),
            q.CreatedAt, q.UpdatedAt, q.Area?.Slug(), q.Area?.Label(),
            CanSetArea: actor.IsClubLead || actor.IsAdmin || q.Status == QuestionStatus.Proposed && actor.IsProposer);
    }

    public static async Task<QuestionSupportResponse> SupportAsync(ImpacteDbContext db, Guid questionId, Guid userId, CancellationToken ct)
    {
        var s = await db.Questions.Where(x => x.Id == questionId)
            .Select(x => new
            {
                Votes = x.Votes.Count, Askers = x.Askers.Count,
                MyVote = x.Votes.Any(v => v.UserId == userId),
                IAsk = x.ProposerId == userId || x.Askers.Any(a => a.UserId == userId),
            })
            .SingleAsync(ct);
        // The proposer is the first person asking.
        return new QuestionSupportResponse(s.Votes, s.Askers + 1, s.MyVote, s.IAsk);
    }

    public static QuestionListItemResponse ToResponse(QuestionListItem i) =>
        new(i.Id, i.Title, Name(i.Status), Name(i.Type), Name(i.Urgency), i.ClubId, i.ClubName, i.BottomLine, i.Votes, i.Askers, i.CreatedAt,
            i.Area?.Slug(), i.Area?.Label());

    public static SimilarQuestionResponse ToResponse(SimilarQuestion s) =>
        new(s.Id, s.Title, Name(s.Status), s.BottomLine, Math.Round(s.Score, 3));

    private static string Name<T>(T value) where T : struct, Enum => QuestionNames.Name(value);
}
