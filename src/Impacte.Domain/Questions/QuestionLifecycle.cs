namespace Impacte.Domain.Questions;

/// <summary>
/// Who is asking to move a question, as seen from that question's club. <see cref="IsClubLead"/> means lead of the
/// question's own club; <see cref="IsLibrarian"/> and <see cref="IsAdmin"/> are network-wide roles.
/// </summary>
public sealed record QuestionActor(
    bool IsAdmin = false,
    bool IsLibrarian = false,
    bool IsClubLead = false,
    bool IsClubMember = false,
    bool IsProposer = false,
    bool IsSystem = false)
{
    /// <summary>IMPACTE itself, moving a question as the consequence of something else (publishing an appraisal).</summary>
    public static readonly QuestionActor System = new(IsSystem: true);
}

/// <summary>The roles a transition may be made by. A network admin may make every transition.</summary>
[Flags]
public enum TransitionRoles
{
    None = 0,
    ClubLead = 1,
    Librarian = 2,
    System = 4,
    /// <summary>The person who proposed the question.</summary>
    Proposer = 8,
}

/// <summary>What a transition needs besides permission.</summary>
public enum TransitionInput
{
    None,
    /// <summary>Why the question is declined, for the proposer.</summary>
    Reason,
    /// <summary>The id of the original question, which must not be the question itself.</summary>
    DuplicateOf,
    /// <summary>The answer the club agreed, in a sentence or two.</summary>
    BottomLine,
}

/// <summary>One allowed move: from, to, who may make it, what the person is doing, and what it needs.</summary>
public sealed record QuestionTransition(
    QuestionStatus From,
    QuestionStatus To,
    TransitionRoles By,
    string Action,
    TransitionInput Needs = TransitionInput.None);

/// <summary>The verdict on a requested move; each failure maps to one HTTP status.</summary>
public enum TransitionOutcome
{
    Allowed,
    /// <summary>A required input is missing or wrong (400, with <see cref="TransitionCheck.Field"/>).</summary>
    Invalid,
    /// <summary>The move exists, but not for this actor (403).</summary>
    Forbidden,
    /// <summary>Nobody can make this move from the current status (409).</summary>
    Conflict,
}

/// <summary>
/// The result of <see cref="QuestionLifecycle.Check"/>. <see cref="Available"/> lists the moves this actor could make
/// from the starting status, whatever the outcome, so a refusal can say what is possible instead.
/// </summary>
public sealed record TransitionCheck(
    TransitionOutcome Outcome,
    string? Error,
    string? Field,
    IReadOnlyList<QuestionTransition> Available)
{
    public bool IsAllowed => Outcome == TransitionOutcome.Allowed;
}

/// <summary>
/// The clinical question state machine: the rule table as data, and the check every status change goes through.
/// </summary>
/// <remarks>
/// Declined can be reopened by the lead (the club's view may change, or the decline was a slip); Duplicate is final,
/// because the original question carries the work on and two live copies are what the network exists to avoid.
/// </remarks>
public static class QuestionLifecycle
{
    private const QuestionStatus Proposed = QuestionStatus.Proposed, Accepted = QuestionStatus.Accepted,
        Searching = QuestionStatus.Searching, Appraised = QuestionStatus.Appraised, Scheduled = QuestionStatus.Scheduled,
        Discussed = QuestionStatus.Discussed, Answered = QuestionStatus.Answered, Declined = QuestionStatus.Declined,
        Duplicate = QuestionStatus.Duplicate, Withdrawn = QuestionStatus.Withdrawn;

    private const TransitionRoles Lead = TransitionRoles.ClubLead, Librarian = TransitionRoles.Librarian;

    public static readonly IReadOnlyList<QuestionTransition> Transitions =
    [
        new(Proposed, Accepted, Lead, "accept a question"),
        new(Proposed, Declined, Lead, "decline a question", TransitionInput.Reason),
        new(Proposed, Duplicate, Lead, "mark a question as a duplicate", TransitionInput.DuplicateOf),
        new(Declined, Proposed, Lead, "reopen a declined question"),
        // Only while proposed: once the club has taken it, others' work hangs on it.
        new(Proposed, Withdrawn, TransitionRoles.Proposer, "withdraw a question"),
        new(Accepted, Searching, Librarian, "start searching for evidence"),
        // Made by publishing the appraisal, which a librarian does or IMPACTE does on their behalf.
        new(Searching, Appraised, Librarian | TransitionRoles.System, "publish an appraisal"),
        new(Appraised, Scheduled, Lead, "put a question on a meeting agenda"),
        new(Scheduled, Appraised, Lead, "take a question off a meeting agenda"),
        // A club may talk a question through before the evidence is in (to sharpen it, or agree what matters).
        new(Accepted, Scheduled, Lead, "put a question on a meeting agenda"),
        new(Scheduled, Accepted, Lead, "take a question off a meeting agenda"),
        new(Scheduled, Discussed, Lead, "record that a question was discussed"),
        new(Discussed, Answered, Lead, "record a question's answer", TransitionInput.BottomLine),
    ];

    /// <summary>
    /// True when this actor holds one of the roles (an admin holds them all, except the proposer's own: withdrawing
    /// is the proposer's decision alone).
    /// </summary>
    public static bool MayMake(this QuestionActor actor, QuestionTransition transition) =>
        actor.IsAdmin && transition.By != TransitionRoles.Proposer
        || actor.IsClubLead && transition.By.HasFlag(TransitionRoles.ClubLead)
        || actor.IsLibrarian && transition.By.HasFlag(TransitionRoles.Librarian)
        || actor.IsSystem && transition.By.HasFlag(TransitionRoles.System)
        || actor.IsProposer && transition.By.HasFlag(TransitionRoles.Proposer);

    /// <summary>The moves this actor may make from a status, in table order.</summary>
    public static IReadOnlyList<QuestionTransition> AvailableTo(QuestionStatus from, QuestionActor actor) =>
        Transitions.Where(t => t.From == from && actor.MayMake(t)).ToList();

    /// <summary>
    /// May <paramref name="actor"/> move a question from <paramref name="from"/> to <paramref name="to"/>?
    /// </summary>
    /// <param name="reason">The reason when declining, or the bottom line when answering.</param>
    /// <param name="duplicateOfId">The original question, when marking a duplicate.</param>
    /// <param name="questionId">The question being moved, so it cannot be marked a duplicate of itself.</param>
    public static TransitionCheck Check(
        QuestionStatus from,
        QuestionStatus to,
        QuestionActor actor,
        string? reason = null,
        Guid? duplicateOfId = null,
        Guid? questionId = null)
    {
        var available = AvailableTo(from, actor);
        var transition = Transitions.FirstOrDefault(t => t.From == from && t.To == to);

        if (transition is null)
            return Fail(TransitionOutcome.Conflict, from == to
                ? $"The question is already {Label(to)}."
                : $"A question cannot go from {Label(from)} to {Label(to)}.");

        if (!actor.MayMake(transition))
            return Fail(TransitionOutcome.Forbidden, $"Only {Who(transition.By)} can {transition.Action}.");

        return transition.Needs switch
        {
            TransitionInput.Reason when string.IsNullOrWhiteSpace(reason) =>
                Fail(TransitionOutcome.Invalid, "Give a reason for declining the question.", "reason"),
            TransitionInput.BottomLine when string.IsNullOrWhiteSpace(reason) =>
                Fail(TransitionOutcome.Invalid, "Write the bottom line: the answer the club agreed.", "bottomLine"),
            TransitionInput.DuplicateOf when duplicateOfId is null || duplicateOfId == Guid.Empty =>
                Fail(TransitionOutcome.Invalid, "Choose the question this one duplicates.", "duplicateOfId"),
            TransitionInput.DuplicateOf when duplicateOfId == questionId =>
                Fail(TransitionOutcome.Invalid, "A question cannot be a duplicate of itself.", "duplicateOfId"),
            _ => new TransitionCheck(TransitionOutcome.Allowed, null, null, available),
        };

        TransitionCheck Fail(TransitionOutcome outcome, string error, string? field = null) =>
            new(outcome, error, field, available);
    }

    /// <summary>The status as it reads inside a sentence.</summary>
    public static string Label(QuestionStatus status) => status switch
    {
        Duplicate => "a duplicate",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Who(TransitionRoles by) => by == TransitionRoles.Proposer ? "the person who proposed it" :
        (by.HasFlag(TransitionRoles.ClubLead), by.HasFlag(TransitionRoles.Librarian)) switch
        {
            (true, true) => "the club lead, a librarian or a network admin",
            (true, false) => "the club lead or a network admin",
            (false, true) => "a librarian or a network admin",
            _ => "a network admin",
        };
}
