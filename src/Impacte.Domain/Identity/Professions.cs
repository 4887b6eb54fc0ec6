namespace Impacte.Domain.Identity;

/// <summary>The professions a member can give; used by forms, CSV import and seeds alike.</summary>
public static class Professions
{
    public static readonly IReadOnlyList<string> All =
    [
        "GP",
        "GP registrar",
        "Practice nurse",
        "Advanced nurse practitioner",
        "Clinical pharmacist",
        "Physician associate",
        "Paramedic",
        "Healthcare assistant",
        "Practice manager",
        "Librarian",
        "Patient/public representative",
        "Other",
    ];

    /// <summary>The canonical spelling of a profession, matched without regard to case; null when unknown.</summary>
    public static string? Normalise(string? value) =>
        All.FirstOrDefault(p => string.Equals(p, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
