using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;
using NpgsqlTypes;

namespace Impacte.Domain.Questions;

/// <summary>
/// A clinical question a club may take: its PICO parts, the sentence and title composed from them, and where it is
/// in the loop. How many people ask it and how many vote for it are counted from <see cref="Askers"/> and
/// <see cref="Votes"/>, never stored twice.
/// </summary>
public sealed class ClinicalQuestion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ClubId { get; set; }
    public Guid ProposerId { get; set; }

    public string Population { get; set; } = "";
    public string Intervention { get; set; } = "";
    public string? Comparison { get; set; }
    public string Outcome { get; set; } = "";
    public QuestionType Type { get; set; }
    public Urgency Urgency { get; set; }
    /// <summary>What happened in surgery that raised the question, in a sentence.</summary>
    public string? Trigger { get; set; }
    /// <summary>Set by the proposer, corrected by the lead; null for questions filed before areas existed.</summary>
    public ClinicalArea? Area { get; set; }

    /// <summary>Composed by <see cref="QuestionText"/>; stored so lists, search and emails read the same words.</summary>
    public string Title { get; set; } = "";
    public string Sentence { get; set; } = "";

    public QuestionStatus Status { get; set; } = QuestionStatus.Proposed;
    /// <summary>
    /// When the question reached its status (or was last handed on in it), written by <see cref="MoveTo"/>: the
    /// librarian queue orders by how long each question has waited from its index, not from the history. A new
    /// question's is the moment it is saved unless set (a database default).
    /// </summary>
    public DateTimeOffset StatusChangedAt { get; set; }
    /// <summary>The original, when this question was marked a duplicate of it.</summary>
    public Guid? DuplicateOfId { get; set; }
    /// <summary>The answer the club agreed, once answered.</summary>
    public string? BottomLine { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL xmin: the concurrency token behind ETag / If-Match.</summary>
    public uint Version { get; set; }
    /// <summary>Full-text index over the PICO parts and trigger, computed by PostgreSQL (a stored generated column).</summary>
    public NpgsqlTsVector SearchVector { get; private set; } = null!;

    public Club Club { get; set; } = null!;
    public User Proposer { get; set; } = null!;
    public List<QuestionVote> Votes { get; } = [];
    public List<QuestionAsker> Askers { get; } = [];
    public List<QuestionTransitionRecord> History { get; } = [];

    /// <summary>
    /// Moves the question to <paramref name="to"/> (the same status for a hand-over) and returns the history line to
    /// add with it. The caller has checked the move against <see cref="QuestionLifecycle"/>.
    /// </summary>
    public QuestionTransitionRecord MoveTo(QuestionStatus to, Guid? byId, DateTimeOffset at, string? reason = null)
    {
        var record = new QuestionTransitionRecord { QuestionId = Id, ById = byId, At = at, FromStatus = Status, ToStatus = to, Reason = reason };
        Status = to;
        StatusChangedAt = at;
        UpdatedAt = at;
        return record;
    }

    public void SetText(QuestionPico pico, QuestionText text)
    {
        Type = pico.Type;
        Population = pico.Population;
        Intervention = pico.Intervention;
        Comparison = pico.Comparison;
        Outcome = pico.Outcome;
        Trigger = pico.Trigger;
        Urgency = pico.Urgency;
        Title = text.Title;
        Sentence = text.Sentence;
    }
}

/// <summary>One member's vote for the club to take a question; one each, and it can be withdrawn.</summary>
public sealed class QuestionVote
{
    public Guid QuestionId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>"I have this question too": someone besides the proposer who wants the answer.</summary>
public sealed class QuestionAsker
{
    public Guid QuestionId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public User User { get; set; } = null!;
}

/// <summary>One step of a question's history: who moved it, when, from where to where, and why.</summary>
public sealed class QuestionTransitionRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid QuestionId { get; set; }
    /// <summary>Null when IMPACTE itself made the move.</summary>
    public Guid? ById { get; set; }
    public DateTimeOffset At { get; set; }
    public QuestionStatus FromStatus { get; set; }
    public QuestionStatus ToStatus { get; set; }
    public string? Reason { get; set; }
    public User? By { get; set; }
}
