using Impacte.Domain.Appraisals;

namespace Impacte.Api.Tests.Appraisals;

/// <summary>Every question of a design's checklist answered, as the API takes them: submitting and publishing need them all.</summary>
public static class Answered
{
    public static object[] All(string design = "rct")
    {
        Checklists.TryParse(design, out var d);
        return [.. Checklists.For(d).Questions.Select(q => new { questionKey = q.Key, answer = "yes", comment = (string?)null })];
    }
}
