using Impacte.Domain.Papers;

namespace Impacte.Domain.Appraisals;

public enum AppraisalStatus { Draft, Submitted, Published, Returned }

/// <summary>GRADE certainty of the body of evidence.</summary>
public enum GradeCertainty { High, Moderate, Low, VeryLow }

public enum ChecklistAnswer { Yes, No, CantTell }

/// <summary>
/// A librarian's critical appraisal of the evidence for one clinical question: the checklist for its study design,
/// key results, level of evidence, GRADE, the clinical bottom line, and a narrative. Written by one librarian and
/// checked and published by another (<see cref="AppraisalWorkflow"/>).
/// </summary>
public sealed class Appraisal
{
    public const int MaxBottomLine = 2000, MaxNarrative = 50_000, MaxComment = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The clinical question the appraisal answers.</summary>
    public Guid QuestionId { get; set; }
    public StudyDesign StudyDesign { get; set; }
    public AppraisalStatus Status { get; set; } = AppraisalStatus.Draft;
    public Guid AuthorId { get; set; }

    /// <summary>Oxford CEBM 2011 level of evidence, 1 (best) to 5.</summary>
    public int? EvidenceLevel { get; set; }
    public GradeCertainty? Grade { get; set; }
    public string? BottomLine { get; set; }
    /// <summary>When the evidence should be looked at again.</summary>
    public DateOnly? ReviewBy { get; set; }
    /// <summary>Markdown, rendered with SafeMarkdown.</summary>
    public string? Narrative { get; set; }

    /// <summary>The second librarian who published it or sent it back.</summary>
    public Guid? CheckedById { get; set; }
    /// <summary>Why the checker sent it back, for the author.</summary>
    public string? ReturnComment { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>PostgreSQL xmin: the concurrency token behind ETag / If-Match.</summary>
    public uint Version { get; set; }

    public Identity.User Author { get; set; } = null!;
    public List<AppraisalPaper> Papers { get; } = [];
    public List<AppraisalAnswer> Answers { get; } = [];
    public List<AppraisalResult> Results { get; } = [];
    /// <summary>Everyone who wrote or changed it (the author included): none of them may check it.</summary>
    public List<AppraisalEditor> Editors { get; } = [];
}

/// <summary>One person who wrote or changed an appraisal before it was checked.</summary>
public sealed class AppraisalEditor
{
    public Guid AppraisalId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset FirstEditedAt { get; set; }
}

/// <summary>One appraised paper, with what the table of the critically appraised topic says about it.</summary>
public sealed class AppraisalPaper
{
    public Guid AppraisalId { get; set; }
    public Guid PaperId { get; set; }
    public int Position { get; set; }
    public string? StudyType { get; set; }
    public string? Population { get; set; }
    public string? Weaknesses { get; set; }
    public Paper Paper { get; set; } = null!;
}

/// <summary>The answer to one checklist question (<see cref="Checklists"/>).</summary>
public sealed class AppraisalAnswer
{
    public Guid AppraisalId { get; set; }
    public required string QuestionKey { get; set; }
    public ChecklistAnswer Answer { get; set; }
    public string? Comment { get; set; }
}

/// <summary>One key result, structured where it fits: "Acne lesions, RR 0.62 (95% CI 0.48 to 0.80), NNT 6".</summary>
public sealed class AppraisalResult
{
    public Guid AppraisalId { get; set; }
    public int Position { get; set; }
    /// <summary>The appraised paper the result comes from, if it is one paper's (the topic's papers table shows it there).</summary>
    public Guid? PaperId { get; set; }
    public required string Outcome { get; set; }
    /// <summary>The effect measure's code (<see cref="EffectSizes.Measures"/>): RR, OR, HR, MD…</summary>
    public string? Measure { get; set; }
    public decimal? Value { get; set; }
    public decimal? CiLower { get; set; }
    public decimal? CiUpper { get; set; }
    /// <summary>The control event rate (0 to 1, exclusive): with a ratio it gives the ARR and NNT (<see cref="EffectSizes"/>).</summary>
    public decimal? ControlEventRate { get; set; }
    /// <summary>Over how long the outcome was counted ("1 year", "16 weeks"): the "for a year" of an NNT.</summary>
    public string? TimeHorizon { get; set; }
    /// <summary>An NNT or NNH as the paper reported it, for results without a control event rate.</summary>
    public int? Nnt { get; set; }
    public int? Nnh { get; set; }
    public string? Note { get; set; }

    /// <summary>The absolute effect worked out from the measure and control event rate, if they allow it.</summary>
    public AbsoluteEffect? Absolute => EffectSizes.Absolute(Measure, Value, CiLower, CiUpper, ControlEventRate);
}

/// <summary>The uploaded appraisal document, kept apart so loading an appraisal never drags megabytes along.</summary>
public sealed class AppraisalDocument
{
    public Guid AppraisalId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public Guid? UploadedById { get; set; }
}
