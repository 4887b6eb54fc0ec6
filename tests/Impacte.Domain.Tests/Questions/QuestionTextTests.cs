using Impacte.Domain.Common;
using Impacte.Domain.Questions;

namespace Impacte.Domain.Tests.Questions;

public class QuestionTextTests
{
    [Fact]
    public void Therapy_with_a_verb_led_outcome_reads_as_the_proposer_wrote_it()
    {
        var text = QuestionText.Compose(QuestionType.Therapy, "adults with type 2 diabetes",
            "SGLT2 inhibitor treatment", "DPP-4 inhibitors", "reduce hospital admission for heart failure");

        Assert.Equal("In adults with type 2 diabetes, does SGLT2 inhibitor treatment, compared with DPP-4 inhibitors, "
            + "reduce hospital admission for heart failure?", text.Sentence);
        Assert.Equal("SGLT2 inhibitor treatment vs DPP-4 inhibitors to reduce hospital admission for heart failure "
            + "in adults with type 2 diabetes", text.Title);
    }

    [Theory]
    [InlineData(QuestionType.Therapy, "adults with type 2 diabetes", "metformin", "gliclazide", "HbA1c at 12 months",
        "In adults with type 2 diabetes, what is the effect of metformin, compared with gliclazide, on HbA1c at 12 months?",
        "Metformin vs gliclazide: effect on HbA1c at 12 months in adults with type 2 diabetes")]
    [InlineData(QuestionType.Diagnosis, "adults with chest pain", "high-sensitivity troponin", null, "myocardial infarction",
        "In adults with chest pain, how accurate is high-sensitivity troponin in diagnosing myocardial infarction?",
        "High-sensitivity troponin for diagnosing myocardial infarction in adults with chest pain")]
    [InlineData(QuestionType.Prognosis, "adults with atrial fibrillation", "a CHA2DS2-VASc score of 2 or more",
        "a score below 2", "stroke within a year",
        "In adults with atrial fibrillation, does a CHA2DS2-VASc score of 2 or more, compared with a score below 2, predict stroke within a year?",
        "A CHA2DS2-VASc score of 2 or more vs a score below 2 for predicting stroke within a year in adults with atrial fibrillation")]
    [InlineData(QuestionType.HarmAetiology, "older adults", "long-term PPI use", "no PPI", "hip fracture",
        "In older adults, is long-term PPI use, compared with no PPI, associated with hip fracture?",
        "Long-term PPI use vs no PPI and hip fracture in older adults")]
    [InlineData(QuestionType.Prevention, "adults over 75 without cardiovascular disease", "statins", "no statin", "stroke",
        "In adults over 75 without cardiovascular disease, do statins, compared with no statin, prevent stroke?",
        "Statins vs no statin to prevent stroke in adults over 75 without cardiovascular disease")]
    [InlineData(QuestionType.Other, "lonely older patients", "social prescribing", null, "GP consultation rates",
        "In lonely older patients, how does social prescribing affect GP consultation rates?",
        "Social prescribing and GP consultation rates in lonely older patients")]
    [InlineData(QuestionType.HarmAetiology, "older adults", "anticholinergic drugs", null, "increase the risk of dementia",
        "In older adults, do anticholinergic drugs increase the risk of dementia?",
        "Anticholinergic drugs: increase the risk of dementia in older adults")]
    [InlineData(QuestionType.Diagnosis, "adults with rectal bleeding", "faecal immunochemical testing", "colonoscopy",
        "detect colorectal cancer",
        "In adults with rectal bleeding, does faecal immunochemical testing, compared with colonoscopy, detect colorectal cancer?",
        "Faecal immunochemical testing vs colonoscopy to detect colorectal cancer in adults with rectal bleeding")]
    public void Each_type_reads_as_a_question(QuestionType type, string p, string i, string? c, string o,
        string sentence, string title)
    {
        var text = QuestionText.Compose(type, p, i, c, o);

        Assert.Equal(sentence, text.Sentence);
        Assert.Equal(title, text.Title);
    }

    [Theory]
    [InlineData(QuestionType.Diagnosis, "point-of-care CRP tests", "In adults, how accurate are point-of-care CRP tests in diagnosing pneumonia?")]
    [InlineData(QuestionType.HarmAetiology, "PPIs", "In adults, are PPIs associated with pneumonia?")]
    [InlineData(QuestionType.Prognosis, "statins in older adults", "In adults, do statins in older adults predict pneumonia?")]
    [InlineData(QuestionType.Other, "metformin and insulin", "In adults, how do metformin and insulin affect pneumonia?")]
    [InlineData(QuestionType.Prevention, "a course of antibiotics", "In adults, does a course of antibiotics prevent pneumonia?")]
    [InlineData(QuestionType.HarmAetiology, "dialysis", "In adults, is dialysis associated with pneumonia?")]
    [InlineData(QuestionType.Prevention, "paracetamol plus codeine", "In adults, does paracetamol plus codeine prevent pneumonia?")]
    public void The_verb_agrees_with_the_intervention(QuestionType type, string intervention, string sentence)
    {
        Assert.Equal(sentence, QuestionText.Compose(type, "adults", intervention, null, "pneumonia").Sentence);
    }

    [Fact]
    public void Parts_are_tidied_to_sit_inside_a_sentence()
    {
        var text = QuestionText.Compose(QuestionType.Therapy, "  Adults with\n type 2 diabetes. ",
            "Metformin", "  ", "Reduces cardiovascular events?");

        Assert.Equal("In adults with type 2 diabetes, does metformin reduce cardiovascular events?", text.Sentence);
    }

    [Theory]
    [InlineData("COPD patients", "In COPD patients,")]
    [InlineData("Crohn's disease patients", "In Crohn's disease patients,")]
    [InlineData("Long-term care residents", "In long-term care residents,")]
    [InlineData("HbA1c above 58", "In HbA1c above 58,")]
    public void Acronyms_and_names_keep_their_capitals(string population, string start)
    {
        var text = QuestionText.Compose(QuestionType.Therapy, population, "x", null, "y");

        Assert.StartsWith(start, text.Sentence);
    }

    [Theory]
    [InlineData("increase in falls", "on increase in falls?")]
    [InlineData("delay to diagnosis", "on delay to diagnosis?")]
    [InlineData("mortality", "on mortality?")]
    public void Outcomes_that_only_look_like_verbs_stay_nouns(string outcome, string end)
    {
        var text = QuestionText.Compose(QuestionType.Therapy, "adults", "exercise", null, outcome);

        Assert.EndsWith(end, text.Sentence);
    }

    [Fact]
    public void Missing_parts_are_reported_per_field()
    {
        var ex = Assert.Throws<DomainValidationException>(() =>
            QuestionText.Compose((QuestionType)42, " ", null, null, ""));

        Assert.Equal(["intervention", "outcome", "population", "type"], ex.Errors.Keys.Order());
        Assert.Equal("Describe the patients or population.", ex.Errors["population"][0]);
    }

    [Fact]
    public void Overlong_parts_are_refused()
    {
        var ex = Assert.Throws<DomainValidationException>(() =>
            QuestionText.Compose(QuestionType.Therapy, "adults", "x", new string('c', QuestionText.MaxPart + 1), "y"));

        Assert.Equal(["comparison"], ex.Errors.Keys);
    }

    [Fact]
    public void The_title_is_cut_at_a_word_to_fit()
    {
        var longPart = string.Join(' ', Enumerable.Repeat("word", 70)); // 349 characters
        var text = QuestionText.Compose(QuestionType.Therapy, longPart[..QuestionText.MaxPart].Trim(), "exercise", null, "falls");

        Assert.True(text.Title.Length <= QuestionText.MaxTitle, $"{text.Title.Length} characters");
        Assert.EndsWith("word…", text.Title);
        Assert.StartsWith("Exercise: effect on falls in word word", text.Title);
    }
}
