namespace Impacte.Domain.Changes;

/// <summary>
/// A meeting's minutes record each agenda question's outcome as text; an outcome that starts with "Change practice"
/// is the club's decision to change something, which the lead then opens as a practice change.
/// </summary>
public static class ChangeFromMinutes
{
    public const string Outcome = "Change practice";

    public static bool ChangesPractice(string? outcome) =>
        outcome is not null && outcome.TrimStart().StartsWith(Outcome, StringComparison.OrdinalIgnoreCase);
}
