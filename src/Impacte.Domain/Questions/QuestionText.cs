using System.Text.RegularExpressions;
using Impacte.Domain.Common;

namespace Impacte.Domain.Questions;

/// <summary>
/// A clinical question written out from its PICO parts: the full <see cref="Sentence"/> the club reads, and a short
/// <see cref="Title"/> for lists and email subjects.
/// </summary>
public sealed partial record QuestionText(string Sentence, string Title)
{
    public const int MaxTitle = 200;
    public const int MaxPart = 300;

    /// <summary>
    /// Writes the question out. The outcome may be a noun phrase ("hospital admission for heart failure"), phrased
    /// per question type, or start with a verb ("reduce hospital admission…"), which is kept as the proposer wrote it.
    /// </summary>
    /// <exception cref="DomainValidationException">A required part is missing or too long.</exception>
    public static QuestionText Compose(
        QuestionType type, string? population, string? intervention, string? comparison, string? outcome)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(type)) errors["type"] = ["Choose the type of question."];
        var p = Part(population, "population", "Describe the patients or population.", errors);
        var i = Part(intervention, "intervention", "Describe the intervention, test or exposure.", errors);
        var c = Part(comparison, "comparison", null, errors);
        var o = Part(outcome, "outcome", "Describe the outcome that matters.", errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        return Write(type, p!, i!, c, o!);
    }

    private static QuestionText Write(QuestionType type, string p, string i, string? c, string o)
    {
        var verb = LeadingVerb(o);
        if (verb is not null) o = verb + o[o.IndexOf(' ')..];

        var (does, @is) = IsPlural(i) ? ("do", "are") : ("does", "is");
        var versus = c is null ? "" : $", compared with {c},";
        var sentence = verb is not null
            ? $"In {p}, {does} {i}{versus} {o}?"
            : type switch
            {
                QuestionType.Therapy => $"In {p}, what is the effect of {i}{versus} on {o}?",
                QuestionType.Diagnosis => $"In {p}, how accurate {@is} {i}{versus} in diagnosing {o}?",
                QuestionType.Prognosis => $"In {p}, {does} {i}{versus} predict {o}?",
                QuestionType.HarmAetiology => $"In {p}, {@is} {i}{versus} associated with {o}?",
                QuestionType.Prevention => $"In {p}, {does} {i}{versus} prevent {o}?",
                _ => $"In {p}, how {does} {i}{versus} affect {o}?",
            };

        var link = (verb is not null, type) switch
        {
            (true, QuestionType.HarmAetiology) => ":", // "to" would read as the purpose of a harm
            (true, _) => " to",
            (false, QuestionType.Therapy) => ": effect on",
            (false, QuestionType.Diagnosis) => " for diagnosing",
            (false, QuestionType.Prognosis) => " for predicting",
            (false, QuestionType.Prevention) => " to prevent",
            _ => " and",
        };
        var title = $"{char.ToUpperInvariant(i[0])}{i[1..]}{(c is null ? "" : $" vs {c}")}{link} {o} in {p}";

        return new QuestionText(sentence, Shorten(title, MaxTitle));
    }

    /// <summary>Common verbs an outcome may start with, so "reduce falls" is kept as the question's verb.</summary>
    private static readonly HashSet<string> OutcomeVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "reduce", "lower", "decrease", "increase", "raise", "improve", "prevent", "delay", "slow", "shorten",
        "prolong", "extend", "affect", "cause", "predict", "detect", "diagnose", "identify", "rule", "relieve",
        "ease", "help", "stop", "avoid", "protect", "worsen", "speed", "cut", "halve", "double", "influence",
    };

    /// <summary>The outcome's first word as a base-form verb ("reduces" → "reduce"), or null for a noun phrase.</summary>
    private static string? LeadingVerb(string outcome)
    {
        var words = outcome.Split(' ', 3);
        // "increase in falls", "delay to diagnosis" are nouns, and so is a lone word.
        if (words.Length < 2 || words[1] is "in" or "of" or "to") return null;
        var word = words[0].ToLowerInvariant();
        if (OutcomeVerbs.Contains(word)) return word;
        return word.EndsWith('s') && OutcomeVerbs.Contains(word[..^1]) ? word[..^1] : null;
    }

    /// <summary>Words that end an intervention's head noun phrase: "statins in older adults" agrees with "statins".</summary>
    private static readonly HashSet<string> HeadEnders = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "for", "with", "without", "of", "at", "to", "from", "on", "by", "during", "after", "before", "plus",
        "alongside", "within", "via", "versus", "vs",
    };

    /// <summary>
    /// Whether the intervention takes "do"/"are": its head phrase joins things with "and", or its last word is an
    /// English plural ("statins", "PPIs"; not "diagnosis", "virus", "glass").
    /// </summary>
    private static bool IsPlural(string intervention)
    {
        var head = intervention.Split(' ').TakeWhile(w => !HeadEnders.Contains(w)).ToList();
        if (head.Count == 0) return false;
        if (head.Contains("and", StringComparer.OrdinalIgnoreCase)) return true;
        var last = head[^1].Trim('(', ')', ',');
        return last.Length > 2 && last.EndsWith('s') && !last.EndsWith("ss") && !last.EndsWith("us") && !last.EndsWith("is");
    }

    /// <summary>Trims a part to sit inside a sentence: single spaces, no closing punctuation, no capital on a common word.</summary>
    private static string? Part(string? value, string field, string? requiredMessage, Dictionary<string, string[]> errors)
    {
        // The title made from the parts is an email subject: line breaks become spaces, other control characters are refused.
        if (UserText.Problem(value, TextKind.FreeText) == UserText.ControlMessage)
        {
            errors[field] = [UserText.ControlMessage];
            return null;
        }
        var text = Whitespace().Replace(value ?? "", " ").Trim().TrimEnd('.', '?', '!', ';', ':', ',', ' ');
        if (text.Length == 0)
        {
            if (requiredMessage is not null) errors[field] = [requiredMessage];
            return null;
        }
        if (text.Length > MaxPart)
        {
            errors[field] = [$"Keep this to {MaxPart} characters or fewer."];
            return null;
        }
        return LowerFirstWord(text);
    }

    /// <summary>
    /// "Adults with…" becomes "adults with…" mid-sentence; acronyms and names stay ("SGLT2", "HbA1c", "Crohn's").
    /// </summary>
    private static string LowerFirstWord(string text)
    {
        var end = text.IndexOf(' ');
        var word = end < 0 ? text : text[..end];
        var isCapitalisedWord = word.Length > 1 && char.IsUpper(word[0]) && word.Skip(1).All(c => char.IsLower(c) || c == '-');
        return isCapitalisedWord ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > max / 2 ? cut : max - 1)].TrimEnd(',', ':', ' ') + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
