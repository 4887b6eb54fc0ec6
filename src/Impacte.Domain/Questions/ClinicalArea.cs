namespace Impacte.Domain.Questions;

/// <summary>
/// The short fixed list of clinical areas a question is filed under (by its proposer, corrected by the lead) and
/// members follow for their digest and the network view. Fixed on purpose: a free tag list splits "AF" from
/// "atrial fibrillation" and nobody's digest finds either.
/// </summary>
public enum ClinicalArea
{
    Cardiovascular,
    Respiratory,
    DiabetesAndEndocrine,
    MentalHealth,
    Musculoskeletal,
    InfectionAndAntimicrobialStewardship,
    PrescribingSafety,
    ChildrenAndYoungPeople,
    OlderPeopleAndFrailty,
    EndOfLife,
    WomensHealth,
    Other,
}

/// <summary>Labels and the slugs the API and query strings use ("diabetes-endocrine"), in one place.</summary>
public static class ClinicalAreas
{
    public static readonly IReadOnlyList<ClinicalArea> All = Enum.GetValues<ClinicalArea>();

    public static string Label(this ClinicalArea area) => area switch
    {
        ClinicalArea.Cardiovascular => "Cardiovascular",
        ClinicalArea.Respiratory => "Respiratory",
        ClinicalArea.DiabetesAndEndocrine => "Diabetes and endocrine",
        ClinicalArea.MentalHealth => "Mental health",
        ClinicalArea.Musculoskeletal => "Musculoskeletal",
        ClinicalArea.InfectionAndAntimicrobialStewardship => "Infection and antimicrobial stewardship",
        ClinicalArea.PrescribingSafety => "Prescribing safety",
        ClinicalArea.ChildrenAndYoungPeople => "Children and young people",
        ClinicalArea.OlderPeopleAndFrailty => "Older people and frailty",
        ClinicalArea.EndOfLife => "End of life",
        ClinicalArea.WomensHealth => "Women's health",
        ClinicalArea.Other => "Other",
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, null),
    };

    public static string Slug(this ClinicalArea area) => area switch
    {
        ClinicalArea.Cardiovascular => "cardiovascular",
        ClinicalArea.Respiratory => "respiratory",
        ClinicalArea.DiabetesAndEndocrine => "diabetes-endocrine",
        ClinicalArea.MentalHealth => "mental-health",
        ClinicalArea.Musculoskeletal => "musculoskeletal",
        ClinicalArea.InfectionAndAntimicrobialStewardship => "infection-antimicrobial",
        ClinicalArea.PrescribingSafety => "prescribing-safety",
        ClinicalArea.ChildrenAndYoungPeople => "children-young-people",
        ClinicalArea.OlderPeopleAndFrailty => "older-people-frailty",
        ClinicalArea.EndOfLife => "end-of-life",
        ClinicalArea.WomensHealth => "womens-health",
        ClinicalArea.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, null),
    };

    public static bool TryParse(string? slug, out ClinicalArea area)
    {
        foreach (var candidate in All)
            if (string.Equals(candidate.Slug(), slug?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                area = candidate;
                return true;
            }
        area = default;
        return false;
    }
}
