using Impacte.Domain.Common;

namespace Impacte.Domain.Questions;

/// <summary>
/// A question's parts as a person typed them (API body or form); nothing is trusted yet. <c>Area</c> is a clinical
/// area's slug (<see cref="ClinicalAreas.Slug"/>), optional.
/// </summary>
public sealed record QuestionInput(
    string? Population, string? Intervention, string? Comparison, string? Outcome,
    string? Type, string? Trigger, string? Urgency, string? Area = null)
{
    /// <summary>The area as a slug names it: null for none (or nothing sent), with a field error when it names no area.</summary>
    public ClinicalArea? ParseArea(IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(Area)) return null;
        if (ClinicalAreas.TryParse(Area, out var area)) return area;
        errors["area"] = [$"Choose a clinical area. One of: {string.Join(", ", ClinicalAreas.All.Select(a => a.Slug()))}."];
        return null;
    }
}

/// <summary>A question's parts, checked: required parts present, lengths kept, no patient identifiers.</summary>
public sealed record QuestionPico(
    QuestionType Type, string Population, string Intervention, string? Comparison, string Outcome,
    string? Trigger, Urgency Urgency)
{
    public const int MaxTrigger = 500;
    public const int MaxSentence = 1400;
    public const int MaxBottomLine = 2000;

    /// <summary>The free-text fields the privacy guardrail reads, by their API names.</summary>
    private static IEnumerable<(string Field, string? Text)> FreeText(QuestionInput i) =>
        [("population", i.Population), ("intervention", i.Intervention), ("comparison", i.Comparison),
         ("outcome", i.Outcome), ("trigger", i.Trigger)];

    /// <summary>
    /// Checks the input and composes its sentence. NHS numbers are refused outright; a date of birth or a full
    /// postcode is refused until the person confirms (<paramref name="confirmedWarnings"/>) that it identifies nobody.
    /// </summary>
    /// <exception cref="DomainValidationException">A field is missing, too long, unknown or names a patient.</exception>
    /// <exception cref="IdentifierWarningsException">Only warnings remain, not yet confirmed.</exception>
    /// <param name="scan">The fields to run the guardrail on (default all): an edit checks only what it changes.</param>
    public static (QuestionPico Pico, QuestionText Text) Validate(
        QuestionInput input, bool confirmedWarnings, IReadOnlySet<string>? scan = null)
    {
        var errors = new Dictionary<string, string[]>();
        var type = QuestionNames.Parse<QuestionType>(input.Type, "type", "Choose the type of question.", errors);
        var urgency = string.IsNullOrWhiteSpace(input.Urgency)
            ? Urgency.Routine
            : QuestionNames.Parse<Urgency>(input.Urgency, "urgency", "Choose how urgent the question is.", errors);
        var trigger = string.IsNullOrWhiteSpace(input.Trigger) ? null : input.Trigger.Trim();
        if (trigger?.Length > MaxTrigger) errors["trigger"] = [$"Keep this to {MaxTrigger} characters or fewer."];

        QuestionText? text = null;
        try
        {
            text = QuestionText.Compose(type ?? QuestionType.Other, input.Population, input.Intervention, input.Comparison, input.Outcome);
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors) errors.TryAdd(field, reasons);
        }

        var warnings = new Dictionary<string, string[]>();
        foreach (var (field, value) in FreeText(input).Where(f => scan is null || scan.Contains(f.Field)))
        {
            var found = PatientIdentifiers.Scan(value);
            if (found.IsRefused) errors[field] = [found.Refusals[0].Message];
            else if (found.Warnings.Count > 0) warnings[field] = found.Warnings.Select(w => w.Message).Distinct().ToArray();
        }

        if (errors.Count > 0) throw new DomainValidationException(errors);
        if (warnings.Count > 0 && !confirmedWarnings) throw new IdentifierWarningsException(warnings);

        var pico = new QuestionPico(type!.Value, input.Population!.Trim(), input.Intervention!.Trim(),
            string.IsNullOrWhiteSpace(input.Comparison) ? null : input.Comparison.Trim(), input.Outcome!.Trim(), trigger, urgency!.Value);
        return (pico, text!);
    }
}

/// <summary>
/// Text that may identify a patient (a date of birth, a full postcode): shown to the person, who must confirm it
/// identifies nobody before the question is saved (400 until then).
/// </summary>
public sealed class IdentifierWarningsException(IDictionary<string, string[]> warnings)
    : DomainException("Check these fields do not identify a patient, then confirm.")
{
    public IDictionary<string, string[]> Warnings { get; } = warnings;
}

/// <summary>Enum names as the API and pages write them: camelCase ("harmAetiology"), read back ignoring case.</summary>
public static class QuestionNames
{
    public static string Name<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static T? Parse<T>(string? value, string field, string message, IDictionary<string, string[]> errors) where T : struct, Enum
    {
        var trimmed = value?.Trim().Replace("-", "").Replace("_", "") ?? "";
        if (trimmed.Length > 0 && !char.IsAsciiDigit(trimmed[0]) && Enum.TryParse<T>(trimmed, ignoreCase: true, out var parsed)
            && Enum.IsDefined(parsed))
            return parsed;
        errors[field] = [$"{message} One of: {string.Join(", ", Enum.GetValues<T>().Select(v => Name(v)))}."];
        return null;
    }
}
