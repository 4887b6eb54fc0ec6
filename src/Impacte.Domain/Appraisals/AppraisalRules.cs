using System.Globalization;
using Impacte.Domain.Common;

namespace Impacte.Domain.Appraisals;

public sealed record AppraisalPaperInput(Guid PaperId, string? StudyType = null, string? Population = null, string? Weaknesses = null);
public sealed record ChecklistAnswerInput(string? QuestionKey, string? Answer, string? Comment = null);
/// <summary>
/// One key result: the outcome, its effect measure (a code of <see cref="EffectSizes.Measures"/>), value and 95% CI, and
/// optionally the control event rate (0 to 1) and time horizon that turn a ratio into an NNT.
/// </summary>
public sealed record KeyResultInput(string? Outcome, string? Measure = null, decimal? Value = null, decimal? CiLower = null,
    decimal? CiUpper = null, int? Nnt = null, int? Nnh = null, string? Note = null, Guid? PaperId = null,
    decimal? ControlEventRate = null, string? TimeHorizon = null);

/// <summary>
/// A change to an appraisal: fields left null keep their value (an empty string clears a text); a list, when given,
/// replaces the whole list.
/// </summary>
public sealed record AppraisalEdit(
    string? StudyDesign = null,
    int? EvidenceLevel = null,
    string? Grade = null,
    string? BottomLine = null,
    DateOnly? ReviewBy = null,
    string? Narrative = null,
    IReadOnlyList<AppraisalPaperInput>? Papers = null,
    IReadOnlyList<ChecklistAnswerInput>? Answers = null,
    IReadOnlyList<KeyResultInput>? Results = null);

/// <summary>The words the API and pages use for the appraisal's enums, in one place.</summary>
public static class AppraisalRules
{
    public const int MaxCell = 1000, MaxResults = 20, MaxPapers = 50;

    public static string Name(this AppraisalStatus s) => s.ToString().ToLowerInvariant();

    /// <summary>The status as people read it (never the API's word).</summary>
    public static string Label(this AppraisalStatus s) => s switch
    {
        AppraisalStatus.Draft => "Draft",
        AppraisalStatus.Submitted => "Submitted",
        AppraisalStatus.Published => "Published",
        _ => "Returned",
    };

    /// <summary>The study design's name ("Randomised controlled trial"), never its code ("rct").</summary>
    public static string Label(this StudyDesign d) => Checklists.For(d).Name;

    /// <summary>A GRADE name from the API or a query ("very-low") as people read it ("Very low").</summary>
    public static string GradeLabel(string? name) =>
        Enum.GetValues<GradeCertainty>().Where(g => g.Name() == name || g.ToString() == name).Select(g => g.Label()).FirstOrDefault() ?? name ?? "";

    public static string Name(this ChecklistAnswer a) => a switch
    {
        ChecklistAnswer.Yes => "yes",
        ChecklistAnswer.No => "no",
        _ => "cant-tell",
    };

    public static string Label(this ChecklistAnswer a) => a switch
    {
        ChecklistAnswer.Yes => "Yes",
        ChecklistAnswer.No => "No",
        _ => "Can't tell",
    };

    public static string Name(this GradeCertainty g) => g == GradeCertainty.VeryLow ? "very-low" : g.ToString().ToLowerInvariant();

    public static string Label(this GradeCertainty g) => g == GradeCertainty.VeryLow ? "Very low" : g.ToString();

    public static readonly IReadOnlyList<string> AnswerNames = Enum.GetValues<ChecklistAnswer>().Select(a => a.Name()).ToList();
    public static readonly IReadOnlyList<string> GradeNames = Enum.GetValues<GradeCertainty>().Select(g => g.Name()).ToList();
    public static readonly IReadOnlyList<string> StatusNames = Enum.GetValues<AppraisalStatus>().Select(s => s.Name()).ToList();

    public static bool TryParseStatus(string? name, out AppraisalStatus status)
    {
        status = Enum.GetValues<AppraisalStatus>().FirstOrDefault(s => s.Name() == name);
        return name is not null && StatusNames.Contains(name);
    }

    /// <summary>
    /// A key result as one line: "Stroke (1 year): RR 0.75 (95% CI 0.6 to 0.94); ARR 5.0% (95% CI 1.2% to 8.0%); NNT 20 (95% CI 13 to 84)".
    /// The NNT worked out from a control event rate takes the place of one typed in.
    /// </summary>
    public static string Describe(AppraisalResult r)
    {
        static string N(decimal d) => d.ToString("0.####", CultureInfo.InvariantCulture);
        var parts = new List<string>();
        if (r.Measure is not null || r.Value is not null)
            parts.Add(string.Join(' ', new[] { r.Measure, r.Value is { } v ? N(v) : null }.OfType<string>()) +
                (r.CiLower is { } lo && r.CiUpper is { } hi ? $" (95% CI {N(lo)} to {N(hi)})" : ""));
        if (r.Absolute is { } absolute)
        {
            parts.Add(EffectSizes.DescribeArr(absolute));
            parts.Add(EffectSizes.NumberNeeded(absolute));
        }
        else
        {
            if (r.Nnt is { } nnt) parts.Add($"NNT {nnt}");
            if (r.Nnh is { } nnh) parts.Add($"NNH {nnh}");
        }
        if (r.Note is not null) parts.Add(r.Note);
        var outcome = r.TimeHorizon is null ? r.Outcome : $"{r.Outcome} ({r.TimeHorizon})";
        return parts.Count == 0 ? outcome : $"{outcome}: {string.Join("; ", parts)}";
    }

    /// <summary>What a GP can act on, in plain words, when the result allows it: "Treat 20 people for 1 year to prevent one stroke (95% CI 13 to 84)."</summary>
    public static string? PlainWords(AppraisalResult r) =>
        r.Absolute is { } absolute ? EffectSizes.PlainWords(absolute, r.Outcome, r.TimeHorizon) : null;

    /// <summary>The checklist questions of the appraisal's design that have no answer yet, as field errors.</summary>
    public static Dictionary<string, string[]> Unanswered(Appraisal a)
    {
        var answered = a.Answers.Select(x => x.QuestionKey).ToHashSet();
        return Checklists.For(a.StudyDesign).Questions.Where(q => !answered.Contains(q.Key))
            .ToDictionary(q => $"answers[{q.Key}]", q => new[] { $"Answer \"{q.Text}\" (Yes, No or Can't tell)." });
    }

    internal static void Apply(Appraisal a, AppraisalEdit edit, Dictionary<string, string[]> errors)
    {
        if (edit.StudyDesign is not null)
        {
            if (Checklists.TryParse(edit.StudyDesign, out var design)) a.StudyDesign = design;
            else errors["studyDesign"] = [$"Choose one of: {string.Join(", ", Checklists.All.Select(c => c.Code))}."];
        }
        if (edit.EvidenceLevel is { } level)
        {
            if (level is >= 1 and <= 5) a.EvidenceLevel = level;
            else errors["evidenceLevel"] = ["The Oxford CEBM level is 1 to 5."];
        }
        if (edit.Grade is not null)
        {
            var grade = Enum.GetValues<GradeCertainty>().Where(g => g.Name() == edit.Grade).Select(g => (GradeCertainty?)g).FirstOrDefault();
            if (grade is not null) a.Grade = grade;
            else if (edit.Grade.Length == 0) a.Grade = null;
            else errors["grade"] = [$"GRADE certainty is one of: {string.Join(", ", GradeNames)}."];
        }
        if (edit.BottomLine is not null) a.BottomLine = Text(edit.BottomLine, Appraisal.MaxBottomLine, "bottomLine", errors);
        if (edit.Narrative is not null) a.Narrative = Text(edit.Narrative, Appraisal.MaxNarrative, "narrative", errors);
        if (edit.ReviewBy is { } reviewBy) a.ReviewBy = reviewBy;
        if (edit.Papers is not null) ApplyPapers(a, edit.Papers, errors);
        if (edit.Results is not null) ApplyResults(a, edit.Results, errors);
        // A result stays tied to its paper only while the paper is one of the appraisal's.
        foreach (var result in a.Results.Where(r => r.PaperId is { } id && a.Papers.All(p => p.PaperId != id)))
        {
            if (edit.Results is not null) errors[$"results[{result.Position}].paperId"] = ["Choose one of the appraisal's papers."];
            else result.PaperId = null;
        }
        if (edit.Answers is not null || edit.StudyDesign is not null) ApplyAnswers(a, edit.Answers, errors);
    }

    private static void ApplyPapers(Appraisal a, IReadOnlyList<AppraisalPaperInput> papers, Dictionary<string, string[]> errors)
    {
        if (papers.Count > MaxPapers) errors["papers"] = [$"An appraisal covers at most {MaxPapers} papers."];
        if (papers.Select(p => p.PaperId).Distinct().Count() != papers.Count) errors["papers"] = ["Each paper may be listed once."];
        if (errors.ContainsKey("papers")) return;
        a.Papers.RemoveAll(p => papers.All(n => n.PaperId != p.PaperId));
        for (var i = 0; i < papers.Count; i++)
        {
            var input = papers[i];
            var row = a.Papers.FirstOrDefault(p => p.PaperId == input.PaperId);
            if (row is null) a.Papers.Add(row = new AppraisalPaper { AppraisalId = a.Id, PaperId = input.PaperId });
            row.Position = i;
            row.StudyType = Text(input.StudyType, MaxCell, $"papers[{i}].studyType", errors);
            row.Population = Text(input.Population, MaxCell, $"papers[{i}].population", errors);
            row.Weaknesses = Text(input.Weaknesses, MaxCell, $"papers[{i}].weaknesses", errors);
        }
    }

    private static void ApplyResults(Appraisal a, IReadOnlyList<KeyResultInput> results, Dictionary<string, string[]> errors)
    {
        if (results.Count > MaxResults)
        {
            errors["results"] = [$"Keep to the {MaxResults} most important results."];
            return;
        }
        a.Results.RemoveAll(r => r.Position >= results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            var input = results[i];
            var field = $"results[{i}]";
            if (string.IsNullOrWhiteSpace(input.Outcome)) errors[$"{field}.outcome"] = ["Name the outcome."];
            var measure = ValidateEffect(input, field, errors);
            if (input.Nnt is < 1) errors[$"{field}.nnt"] = ["The number needed to treat is a whole number from 1."];
            if (input.Nnh is < 1) errors[$"{field}.nnh"] = ["The number needed to harm is a whole number from 1."];
            var row = a.Results.FirstOrDefault(r => r.Position == i);
            if (row is null) a.Results.Add(row = new AppraisalResult { AppraisalId = a.Id, Position = i, Outcome = "" });
            row.Outcome = Text(input.Outcome, 300, $"{field}.outcome", errors) ?? "";
            row.Measure = measure?.Code ?? Text(input.Measure, 64, $"{field}.measure", errors);
            row.ControlEventRate = input.ControlEventRate;
            row.TimeHorizon = Text(input.TimeHorizon, 64, $"{field}.timeHorizon", errors);
            row.Value = input.Value;
            row.CiLower = input.CiLower;
            row.CiUpper = input.CiUpper;
            row.Nnt = input.Nnt;
            row.Nnh = input.Nnh;
            row.Note = Text(input.Note, MaxCell, $"{field}.note", errors);
            row.PaperId = input.PaperId == Guid.Empty ? null : input.PaperId;
        }
    }

    /// <summary>
    /// A result's numbers must make sense together: a known measure; both CI limits or neither, lower below upper, the
    /// value inside; ratios above 0; percentages of reduction below 100; a control event rate strictly between 0 and 1,
    /// and only with a measure it converts.
    /// </summary>
    private static EffectMeasure? ValidateEffect(KeyResultInput input, string field, Dictionary<string, string[]> errors)
    {
        EffectMeasure? measure = null;
        if (!string.IsNullOrWhiteSpace(input.Measure))
        {
            measure = EffectSizes.Find(input.Measure);
            if (measure is null) errors[$"{field}.measure"] = [$"Choose one of: {string.Join(", ", EffectSizes.Codes)}."];
        }
        var (value, lo, hi) = (input.Value, input.CiLower, input.CiUpper);
        if (lo is null != hi is null) errors[$"{field}.{(lo is null ? "ciLower" : "ciUpper")}"] = ["Give both limits of the 95% confidence interval, or neither."];
        else if (lo is { } l && hi is { } h)
        {
            if (l >= h) errors[$"{field}.ciLower"] = ["The lower confidence limit must be below the upper one."];
            else if (value is { } v && (v < l || v > h)) errors[$"{field}.value"] = ["The value must lie inside its 95% confidence interval."];
        }
        if (measure?.Kind == MeasureKind.Ratio && new[] { value, lo, hi }.Any(x => x <= 0))
            errors[$"{field}.value"] = [$"A {measure.Label.ToLowerInvariant()} and its limits are above 0."];
        if (measure?.Kind is MeasureKind.PercentReduction or MeasureKind.Accuracy && new[] { value, lo, hi }.Any(x => x > 100))
            errors[$"{field}.value"] = [$"{measure.Label} is a percentage up to 100."];
        if (input.ControlEventRate is { } cer)
        {
            if (cer is <= 0 or >= 1) errors[$"{field}.controlEventRate"] = ["The control event rate is a proportion between 0 and 1 (0.12 for 12%)."];
            else if (measure is not { TakesControlRate: true })
                errors[$"{field}.controlEventRate"] = ["A control event rate goes with a risk, odds or hazard ratio, or a relative risk reduction."];
        }
        return measure;
    }

    /// <summary>Answers belong to the appraisal's checklist: changing the design drops those of the old one.</summary>
    private static void ApplyAnswers(Appraisal a, IReadOnlyList<ChecklistAnswerInput>? answers, Dictionary<string, string[]> errors)
    {
        var keys = Checklists.For(a.StudyDesign).Questions.Select(q => q.Key).ToHashSet();
        if (answers is null)
        {
            a.Answers.RemoveAll(x => !keys.Contains(x.QuestionKey));
            return;
        }
        var given = new HashSet<string>();
        for (var i = 0; i < answers.Count; i++)
        {
            var input = answers[i];
            var field = $"answers[{i}]";
            if (input.QuestionKey is null || !keys.Contains(input.QuestionKey))
            {
                errors[$"{field}.questionKey"] = [$"\"{input.QuestionKey}\" is not a question of the {Checklists.For(a.StudyDesign).Name} checklist."];
                continue;
            }
            if (!given.Add(input.QuestionKey))
            {
                errors[$"{field}.questionKey"] = ["Each question may be answered once."];
                continue;
            }
            var answer = Enum.GetValues<ChecklistAnswer>().Where(x => x.Name() == input.Answer).Select(x => (ChecklistAnswer?)x).FirstOrDefault();
            if (answer is null)
            {
                errors[$"{field}.answer"] = [$"Answer {string.Join(", ", AnswerNames)}."];
                continue;
            }
            var row = a.Answers.FirstOrDefault(x => x.QuestionKey == input.QuestionKey);
            if (row is null) a.Answers.Add(row = new AppraisalAnswer { AppraisalId = a.Id, QuestionKey = input.QuestionKey });
            row.Answer = answer.Value;
            row.Comment = Text(input.Comment, MaxCell, $"{field}.comment", errors);
        }
        a.Answers.RemoveAll(x => !given.Contains(x.QuestionKey));
    }

    private static string? Text(string? value, int max, string field, Dictionary<string, string[]> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > max) errors[field] = [$"Keep this to {max} characters."];
        // Every text of an appraisal is shown across the network and goes out in reading packs.
        else UserText.Check(text, field, errors);
        return text;
    }

    internal static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0) throw new DomainValidationException(errors);
    }
}
