namespace Impacte.Domain.Changes;

/// <summary>The outcome of checking a requested move; each failure maps to one HTTP status.</summary>
public enum ChangeMoveOutcome
{
    Allowed,
    /// <summary>The workflow has no such move from here (409).</summary>
    NotAllowed,
    /// <summary>The move needs a reason that was not given (400 on <c>reason</c>).</summary>
    ReasonRequired,
}

/// <summary>
/// The practice-change state machine: agreed → in-progress → implemented → sustained, or abandoned (with a reason)
/// from any state that is not final. Sustained and abandoned are final.
/// </summary>
public static class ChangeWorkflow
{
    private static readonly IReadOnlyList<(ChangeStatus From, ChangeStatus To)> Moves =
    [
        (ChangeStatus.Agreed, ChangeStatus.InProgress),
        (ChangeStatus.InProgress, ChangeStatus.Implemented),
        (ChangeStatus.Implemented, ChangeStatus.Sustained),
        (ChangeStatus.Agreed, ChangeStatus.Abandoned),
        (ChangeStatus.InProgress, ChangeStatus.Abandoned),
        (ChangeStatus.Implemented, ChangeStatus.Abandoned),
    ];

    public static bool IsFinal(ChangeStatus status) => status is ChangeStatus.Sustained or ChangeStatus.Abandoned;

    /// <summary>Implemented and sustained changes are shown to the whole network, so others can learn from them.</summary>
    public static bool IsNetworkVisible(ChangeStatus status) => status is ChangeStatus.Implemented or ChangeStatus.Sustained;

    /// <summary>The learning texts are asked for once a change has run its course, or been stopped.</summary>
    public static bool TakesLearning(ChangeStatus status) =>
        status is ChangeStatus.Implemented or ChangeStatus.Sustained or ChangeStatus.Abandoned;

    public static bool NeedsReason(ChangeStatus to) => to == ChangeStatus.Abandoned;

    public static IReadOnlyList<ChangeStatus> AllowedFrom(ChangeStatus from) =>
        Moves.Where(m => m.From == from).Select(m => m.To).ToList();

    public static ChangeMoveOutcome Check(ChangeStatus from, ChangeStatus to, string? reason)
    {
        if (!Moves.Contains((from, to))) return ChangeMoveOutcome.NotAllowed;
        if (NeedsReason(to) && string.IsNullOrWhiteSpace(reason)) return ChangeMoveOutcome.ReasonRequired;
        return ChangeMoveOutcome.Allowed;
    }

    /// <summary>The word the API uses for a status.</summary>
    public static string Name(this ChangeStatus status) => status switch
    {
        ChangeStatus.InProgress => "in-progress",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Label(this ChangeStatus status) => status switch
    {
        ChangeStatus.InProgress => "in progress",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? name, out ChangeStatus status)
    {
        foreach (var s in Enum.GetValues<ChangeStatus>())
            if (s.Name() == name)
            {
                status = s;
                return true;
            }
        status = default;
        return false;
    }

    public static readonly IReadOnlyList<string> Names = Enum.GetValues<ChangeStatus>().Select(s => s.Name()).ToList();
}
