using Impacte.Domain.Questions;

namespace Impacte.Api.Pages.Questions;

/// <summary>How questions read on the pages: the same words and tag colours everywhere.</summary>
public static class QuestionDisplay
{
    public static string Status(string apiName) => Enum.TryParse<QuestionStatus>(apiName, true, out var s) ? Status(s) : apiName;

    public static string Status(QuestionStatus status) => status switch
    {
        QuestionStatus.Duplicate => "Duplicate",
        _ => status.ToString(),
    };

    /// <summary>NHS.UK tag modifier: answered stands out green, exits grey, work in progress blue.</summary>
    public static string TagClass(string apiName) => apiName switch
    {
        "answered" => "nhsuk-tag nhsuk-tag--green",
        "declined" or "duplicate" or "withdrawn" => "nhsuk-tag nhsuk-tag--grey",
        "proposed" => "nhsuk-tag nhsuk-tag--white",
        _ => "nhsuk-tag nhsuk-tag--blue",
    };

    public static string TagClass(QuestionStatus status) => TagClass(QuestionNames.Name(status));

    public static string Type(QuestionType type) => type switch
    {
        QuestionType.HarmAetiology => "Harm or aetiology",
        _ => type.ToString(),
    };

    public static string Type(string apiName) => Enum.TryParse<QuestionType>(apiName, true, out var t) ? Type(t) : apiName;

    public static string Urgency(string apiName) => apiName switch
    {
        "urgent" => "Urgent",
        "soon" => "Soon",
        _ => "Routine",
    };

    public static IReadOnlyList<KeyValuePair<string, string>> TypeItems { get; } =
        Enum.GetValues<QuestionType>().Select(t => KeyValuePair.Create(QuestionNames.Name(t), $"{Type(t)}: {t.Description()}")).ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> UrgencyItems { get; } =
        Enum.GetValues<Domain.Questions.Urgency>().Select(u => KeyValuePair.Create(QuestionNames.Name(u), $"{u}: {u.Description()}")).ToList();

    /// <summary>The clinical areas by slug, after a first choice of none.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> AreaItems { get; } =
        [KeyValuePair.Create("", "Not sure yet"), .. ClinicalAreas.All.Select(a => KeyValuePair.Create(a.Slug(), a.Label()))];

    /// <summary>"3 days", "5 months": how long a question has waited.</summary>
    public static string Age(DateTimeOffset since, DateTimeOffset now)
    {
        var days = (int)(now - since).TotalDays;
        return days switch
        {
            < 1 => "today",
            1 => "1 day",
            < 60 => $"{days} days",
            _ => $"{days / 30} months",
        };
    }
}
