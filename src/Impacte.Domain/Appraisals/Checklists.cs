namespace Impacte.Domain.Appraisals;

public enum StudyDesign
{
    SystematicReview,
    RandomisedControlledTrial,
    Cohort,
    CaseControl,
    DiagnosticAccuracy,
    Qualitative,
    EconomicEvaluation,
    ClinicalPredictionRule,
}

public enum ChecklistSection { Validity, Results, Applicability }

public sealed record ChecklistQuestion(string Key, ChecklistSection Section, string Text, string? Hint = null);

public sealed record Checklist(StudyDesign Design, string Code, string Name, IReadOnlyList<ChecklistQuestion> Questions);

/// <summary>
/// The appraisal checklists, one per study design, each asking in three sections: are the results valid, what are
/// they, will they help locally. Answers are yes, no or can't tell with a comment, and are never added up: a
/// checklist guides judgement, and one fatal flaw outweighs any number of ticks. The questions are IMPACTE's own
/// wording of the usual appraisal concerns.
/// </summary>
public static class Checklists
{
    public static readonly IReadOnlyList<Checklist> All =
    [
        Make(StudyDesign.SystematicReview, "systematic-review", "Systematic review",
            valid: [
                "Does the review ask a focused question (who, what, compared with what, which outcomes)?",
                "Did it look for the right kind of studies to answer that question?",
                "Was the search wide enough to find the relevant studies, published and unpublished?",
                "Did the authors judge the quality of the studies they included?",
                "If results were pooled, were the studies similar enough for that to make sense?",
            ],
            results: [
                "Is the overall result clear, with its size and direction?",
                "How precise is it: is the confidence interval narrow enough to act on?",
            ],
            local: [
                "Are the people in the studies like our patients?",
                "Were all the outcomes that matter to patients considered?",
                "Do the benefits outweigh the harms and costs for us?",
            ]),
        Make(StudyDesign.RandomisedControlledTrial, "rct", "Randomised controlled trial",
            valid: [
                "Does the trial ask a focused question?",
                "Were patients randomly allocated, with the allocation concealed from those recruiting?",
                "Were the groups alike at the start?",
                "Were patients, clinicians and assessors kept unaware of the allocation where that was possible?",
                "Apart from the intervention, were the groups treated the same?",
                "Were all randomised patients accounted for and analysed in the groups they were allocated to?",
            ],
            results: [
                "How large is the effect on the outcomes that matter?",
                "How precise is the estimate (confidence interval)?",
            ],
            local: [
                "Are the trial's patients like ours, and could we deliver the intervention here?",
                "Were all clinically important outcomes reported, harms included?",
                "Are the benefits worth the harms and costs?",
            ]),
        Make(StudyDesign.Cohort, "cohort", "Cohort study",
            valid: [
                "Does the study ask a focused question?",
                "Was the cohort recruited in a way that represents the population of interest?",
                "Were exposures and outcomes measured accurately and in the same way for everyone?",
                "Were the important confounders identified and allowed for in the design or analysis?",
                "Was follow-up complete and long enough for the outcomes to show?",
            ],
            results: [
                "How strong is the association, and how precise is it?",
                "Do the results fit with other evidence, and is there a plausible dose-response or mechanism?",
            ],
            local: [
                "Can the results be applied to our population?",
                "Should this change what we do, given that observational evidence is weaker than a trial?",
            ]),
        Make(StudyDesign.CaseControl, "case-control", "Case-control study",
            valid: [
                "Does the study ask a focused question?",
                "Were the cases defined clearly and recruited in an acceptable way?",
                "Were the controls chosen from the same population that produced the cases?",
                "Was exposure measured the same way in cases and controls, without recall bias?",
                "Were the important confounders allowed for?",
            ],
            results: [
                "How strong is the association (odds ratio), and how precise?",
                "Could chance, bias or confounding explain the result?",
            ],
            local: [
                "Can the results be applied to our population?",
                "Do they fit with other available evidence?",
            ]),
        Make(StudyDesign.DiagnosticAccuracy, "diagnostic", "Diagnostic accuracy study",
            valid: [
                "Was the test compared with an appropriate reference standard?",
                "Did every patient get both the test and the reference standard, whatever the test showed?",
                "Were the test and the reference standard read without knowledge of each other?",
                "Did the study include the range of patients in whom the test would be used in practice?",
            ],
            results: [
                "What are the sensitivity, specificity or likelihood ratios?",
                "How precise are they?",
            ],
            local: [
                "Would the test be available, affordable and done as well here?",
                "Would its result change how we manage our patients?",
                "Are the patients in the study like ours?",
            ]),
        Make(StudyDesign.Qualitative, "qualitative", "Qualitative study",
            valid: [
                "Is the aim of the research clearly stated?",
                "Is a qualitative approach the right one for that aim?",
                "Were participants recruited in a way that suits the aim?",
                "Were data collected in a way that addresses the research issue?",
                "Has the relationship between researchers and participants been considered?",
                "Was the analysis rigorous enough, with contradictory data taken into account?",
            ],
            results: [
                "Are the findings stated clearly and supported by the data?",
            ],
            local: [
                "How valuable is the research for our patients and practice?",
                "Could the findings transfer to our setting?",
            ]),
        Make(StudyDesign.EconomicEvaluation, "economic", "Economic evaluation",
            valid: [
                "Is the question well defined, with the alternatives and viewpoint stated?",
                "Is the effectiveness of the alternatives established on good evidence?",
                "Were all important costs and consequences identified and measured in suitable units?",
                "Were costs and consequences discounted, and uncertainty explored with a sensitivity analysis?",
            ],
            results: [
                "What are the incremental costs and effects of one option over the other?",
                "Do the conclusions hold across the sensitivity analysis?",
            ],
            local: [
                "Would the costs and outcomes be similar in our setting?",
                "Is the option worth its cost for our patients and budget?",
            ]),
        Make(StudyDesign.ClinicalPredictionRule, "prediction-rule", "Clinical prediction rule",
            valid: [
                "Is the rule meant for a clearly defined question and population?",
                "Were the predictors and the outcome defined and measured without knowledge of each other?",
                "Was the rule derived and then validated in a separate group of patients?",
                "Were enough patients with the outcome studied for the number of predictors?",
            ],
            results: [
                "How well does the rule discriminate and calibrate, and how precise are those figures?",
                "Is the rule simple and reliable to apply?",
            ],
            local: [
                "Are our patients like those in the validation study?",
                "Would using the rule change our decisions and improve patients' outcomes?",
            ]),
    ];

    private static readonly Dictionary<StudyDesign, Checklist> ByDesign = All.ToDictionary(c => c.Design);
    private static readonly Dictionary<string, Checklist> ByCode = All.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    public static Checklist For(StudyDesign design) => ByDesign[design];

    public static bool TryParse(string? code, out StudyDesign design)
    {
        design = default;
        if (code is null || !ByCode.TryGetValue(code, out var checklist)) return false;
        design = checklist.Design;
        return true;
    }

    public static string SectionTitle(ChecklistSection section) => section switch
    {
        ChecklistSection.Validity => "Are the results valid?",
        ChecklistSection.Results => "What are the results?",
        _ => "Will the results help locally?",
    };

    public static string Code(this StudyDesign design) => ByDesign[design].Code;

    private static Checklist Make(StudyDesign design, string code, string name, string[] valid, string[] results, string[] local)
    {
        IEnumerable<ChecklistQuestion> Section(ChecklistSection section, string key, string[] texts) =>
            texts.Select((text, i) => new ChecklistQuestion($"{code}.{key}.{i + 1}", section, text));
        return new Checklist(design, code, name,
            [.. Section(ChecklistSection.Validity, "valid", valid), .. Section(ChecklistSection.Results, "results", results),
             .. Section(ChecklistSection.Applicability, "local", local)]);
    }
}
