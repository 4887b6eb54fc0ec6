using Impacte.Api.Http;
using Impacte.Api.Papers;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Markdown;
using Impacte.Domain.Papers;

namespace Impacte.Api.Appraisals;

public sealed record AppraisedPaperResponse(Guid PaperId, string Citation, string? Doi, string? Pmid, string? StudyType, string? Population, string? Weaknesses);
public sealed record ChecklistAnswerResponse(string QuestionKey, string Answer, string? Comment);
/// <summary>
/// One structured key result. Measure is the code (RR, OR, HR, MD…), MeasureName its label; ControlEventRate is a
/// proportion (0 to 1). Absolute is worked out by IMPACTE when the measure and control event rate allow it; Nnt and Nnh
/// are what the paper reported. Summary is the whole result on one line.
/// </summary>
public sealed record KeyResultResponse(string Outcome, string? Measure, decimal? Value, decimal? CiLower, decimal? CiUpper, int? Nnt, int? Nnh,
    string? Note, Guid? PaperId, string Summary, string? MeasureName = null, decimal? ControlEventRate = null, string? TimeHorizon = null,
    AbsoluteEffectResponse? Absolute = null)
{
    public static KeyResultResponse From(AppraisalResult r) => new(r.Outcome, r.Measure, r.Value, r.CiLower, r.CiUpper, r.Nnt, r.Nnh,
        r.Note, r.PaperId, AppraisalRules.Describe(r), r.Measure is null ? null : EffectSizes.Label(r.Measure), r.ControlEventRate, r.TimeHorizon,
        r.Absolute is { } a ? AbsoluteEffectResponse.From(a, r) : null);
}

/// <summary>
/// The absolute effect: ARR and its 95% CI as proportions (negative: harm); Nnt or Nnh (rounded up); CrossesZero when
/// the interval includes no effect; NumberNeeded ("NNT 20 (95% CI 13 to 84)") and PlainWords ("Treat 20 people for 1
/// year to prevent one stroke (95% CI 13 to 84).").
/// </summary>
public sealed record AbsoluteEffectResponse(double Arr, double ArrLower, double ArrUpper, int? Nnt, int? Nnh, bool CrossesZero, string NumberNeeded, string PlainWords)
{
    public static AbsoluteEffectResponse From(AbsoluteEffect a, AppraisalResult r) => new(
        Math.Round(a.Arr, 6), Math.Round(a.ArrLower, 6), Math.Round(a.ArrUpper, 6), a.IsBenefit ? a.Number : null, a.IsBenefit ? null : a.Number,
        a.CrossesZero, EffectSizes.NumberNeeded(a), EffectSizes.PlainWords(a, r.Outcome, r.TimeHorizon));
}
public sealed record DocumentResponse(string FileName, string ContentType, long Length, DateTimeOffset UploadedAt, string Url);

/// <summary>
/// An appraisal with everything a reader needs, the narrative included both as Markdown and as safe HTML. Question,
/// Search and Document are null for a reader who may not see the question yet; Topic is then a neutral title.
/// DueForReview: published and its review-by date has come (today by the network's clock).
/// </summary>
public sealed record AppraisalResponse(
    Guid Id, Guid QuestionId, string Topic, AppraisedQuestion? Question, EvidenceSearchResponse? Search, string StudyDesign, string StudyDesignName, string Status, PersonResponse Author, PersonResponse? CheckedBy,
    int? EvidenceLevel, string? Grade, string? BottomLine, DateOnly? ReviewBy, bool DueForReview, string? Narrative, string NarrativeHtml,
    IReadOnlyList<AppraisedPaperResponse> Papers, IReadOnlyList<ChecklistAnswerResponse> Answers, IReadOnlyList<KeyResultResponse> Results,
    DocumentResponse? Document, string? ReturnComment, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt,
    DateTimeOffset? PublishedAt, IReadOnlyList<AppraisalDiscussionResponse>? Discussions = null, IReadOnlyList<AppraisalDecisionResponse>? Decisions = null)
{
    public static AppraisalResponse From(Appraisal a, AppraisedQuestion? question, EvidenceSearchResponse? search, string? checkerName,
        AppraisalDocumentInfo? document, DateOnly today) => new(
        a.Id, a.QuestionId, question?.Title ?? AppraisalTopics.NeutralTitle(a.BottomLine), question, search, a.StudyDesign.Code(), Checklists.For(a.StudyDesign).Name, a.Status.Name(),
        new PersonResponse(a.AuthorId, a.Author.Name), a.CheckedById is { } c ? new PersonResponse(c, checkerName ?? "") : null,
        a.EvidenceLevel, a.Grade?.Name(), a.BottomLine, a.ReviewBy, AppraisalReview.IsDue(a.Status, a.ReviewBy, today), a.Narrative, SafeMarkdown.ToHtml(a.Narrative),
        a.Papers.OrderBy(p => p.Position).Select(p => new AppraisedPaperResponse(p.PaperId,
            Paper.Cite(p.Paper.Title, p.Paper.Authors, p.Paper.Journal, p.Paper.Year, p.Paper.Volume, p.Paper.Issue, p.Paper.Pages),
            p.Paper.Doi, p.Paper.Pmid, p.StudyType, p.Population, p.Weaknesses)).ToList(),
        OrderedAnswers(a).Select(x => new ChecklistAnswerResponse(x.QuestionKey, x.Answer.Name(), x.Comment)).ToList(),
        a.Results.OrderBy(r => r.Position).Select(KeyResultResponse.From).ToList(),
        document is null ? null : new DocumentResponse(document.FileName, document.ContentType, document.Length, document.UploadedAt,
            $"/api/appraisals/{a.Id}/document"),
        a.ReturnComment, a.CreatedAt, a.UpdatedAt, a.SubmittedAt, a.PublishedAt);

    /// <summary>Answers in the checklist's own order.</summary>
    public static IEnumerable<AppraisalAnswer> OrderedAnswers(Appraisal a)
    {
        var order = Checklists.For(a.StudyDesign).Questions.Select((q, i) => (q.Key, i)).ToDictionary(x => x.Key, x => x.i);
        return a.Answers.OrderBy(x => order.GetValueOrDefault(x.QuestionKey, int.MaxValue));
    }
}

/// <summary>A meeting that discussed the question (its club's date) and what it concluded (Markdown); Url is its page.</summary>
public sealed record AppraisalDiscussionResponse(Guid MeetingId, DateOnly On, string ClubName, bool Cancelled, string? Outcome, string Url);

/// <summary>A practice change resting on the appraisal or its question, as far as the reader may see it.</summary>
public sealed record AppraisalDecisionResponse(Guid ChangeId, string Title, string ClubName, string Status, DateOnly DueOn, string Url);

public sealed record AppraisalDocumentInfo(string FileName, string ContentType, long Length, DateTimeOffset UploadedAt);

/// <summary>
/// A list entry; Topic is the question's title, or a neutral one for a reader who may not see the question. DueForReview:
/// published and its review-by date has come (evidence drift).
/// </summary>
public sealed record AppraisalSummary(Guid Id, Guid QuestionId, string Topic, string StudyDesign, string Status, PersonResponse Author, string? BottomLine,
    int? EvidenceLevel, string? Grade, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, DateOnly? ReviewBy = null, bool DueForReview = false);

public sealed record ChecklistQuestionResponse(string Key, string Section, string Text);
public sealed record ChecklistSectionResponse(string Key, string Title, IReadOnlyList<ChecklistQuestionResponse> Questions);
public sealed record ChecklistResponse(string StudyDesign, string Name, IReadOnlyList<ChecklistSectionResponse> Sections, IReadOnlyList<string> Answers);

public sealed record CreateAppraisalRequest(Guid? QuestionId, string? StudyDesign);
public sealed record ReturnAppraisalRequest(string? Comment);
/// <summary>The new date to review a published appraisal's evidence by (yyyy-MM-dd, in the future).</summary>
public sealed record ReviewByRequest(DateOnly? ReviewBy);
