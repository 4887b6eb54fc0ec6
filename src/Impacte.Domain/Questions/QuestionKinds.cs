namespace Impacte.Domain.Questions;

/// <summary>Where a clinical question is in the club's loop. Declined and Duplicate are exits.</summary>
public enum QuestionStatus
{
    Proposed,
    Accepted,
    Searching,
    Appraised,
    Scheduled,
    Discussed,
    Answered,
    Declined,
    Duplicate,
    /// <summary>Taken back by its proposer while it was still proposed.</summary>
    Withdrawn,
}

/// <summary>The kind of clinical question, which decides how it is phrased and which study designs answer it.</summary>
public enum QuestionType
{
    Therapy,
    Diagnosis,
    Prognosis,
    HarmAetiology,
    Prevention,
    Other,
}

/// <summary>How soon the proposer needs an answer.</summary>
public enum Urgency
{
    Routine,
    Soon,
    Urgent,
}

/// <summary>Short descriptions for forms and lists, kept next to the enums so every screen says the same thing.</summary>
public static class QuestionKinds
{
    public static string Description(this QuestionType type) => type switch
    {
        QuestionType.Therapy => "Does a treatment work, and how well compared with another?",
        QuestionType.Diagnosis => "How accurate is a test or sign at finding (or ruling out) a condition?",
        QuestionType.Prognosis => "What is likely to happen to patients with a condition, and what predicts it?",
        QuestionType.HarmAetiology => "Does an exposure, medicine or risk factor cause harm or disease?",
        QuestionType.Prevention => "Does an intervention stop a condition or event from happening?",
        QuestionType.Other => "Anything else: service design, patient experience, costs.",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Description(this Urgency urgency) => urgency switch
    {
        Urgency.Routine => "No deadline: take it when the club has room.",
        Urgency.Soon => "It affects patients we are seeing now: within the next two or three meetings.",
        Urgency.Urgent => "It may affect patient safety or a decision due soon: the next meeting if possible.",
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, null),
    };
}
