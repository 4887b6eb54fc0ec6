using Impacte.Domain.Common;
using Impacte.Domain.Questions;

namespace Impacte.Domain.Tests.Questions;

public sealed class QuestionPicoTests
{
    private static QuestionInput Input(string? trigger = null, string? population = "adults with gout", string? type = "therapy") =>
        new(population, "allopurinol", null, "gout flares", type, trigger, "soon");

    [Fact]
    public void AValidQuestionIsComposed()
    {
        var (pico, text) = QuestionPico.Validate(Input(), confirmedWarnings: false);
        Assert.Equal(Urgency.Soon, pico.Urgency);
        Assert.Equal("In adults with gout, what is the effect of allopurinol on gout flares?", text.Sentence);
    }

    [Theory]
    [InlineData("harmAetiology", QuestionType.HarmAetiology)]
    [InlineData("harm-aetiology", QuestionType.HarmAetiology)]
    [InlineData("DIAGNOSIS", QuestionType.Diagnosis)]
    public void TypesAreReadIgnoringCaseAndHyphens(string type, QuestionType expected) =>
        Assert.Equal(expected, QuestionPico.Validate(Input(type: type), false).Pico.Type);

    [Theory]
    [InlineData("1")]
    [InlineData("astrology")]
    [InlineData(null)]
    public void AnUnknownTypeIsAFieldError(string? type) =>
        Assert.Contains("type", Assert.Throws<DomainValidationException>(() => QuestionPico.Validate(Input(type: type), false)).Errors.Keys);

    [Fact]
    public void AnNhsNumberIsRefusedEvenWhenWarningsAreConfirmed()
    {
        var e = Assert.Throws<DomainValidationException>(() => QuestionPico.Validate(Input(trigger: "NHS no 943 476 5919"), true));
        Assert.Equal(PatientIdentifiers.NhsNumberMessage, Assert.Single(e.Errors["trigger"]));
    }

    [Fact]
    public void APostcodeNeedsConfirming()
    {
        var e = Assert.Throws<IdentifierWarningsException>(() => QuestionPico.Validate(Input(trigger: "Lives at MK9 3EP"), false));
        Assert.Equal(["trigger"], e.Warnings.Keys);
        Assert.Equal("Lives at MK9 3EP", QuestionPico.Validate(Input(trigger: "Lives at MK9 3EP"), true).Pico.Trigger);
    }

    [Fact]
    public void AnEditScansOnlyTheFieldsItChanges()
    {
        var input = Input(trigger: "Lives at MK9 3EP");
        Assert.NotNull(QuestionPico.Validate(input, false, scan: new HashSet<string> { "population" }).Pico);
    }

    [Fact]
    public void PrioritiesRankByVotesThenUrgencyThenAge()
    {
        var now = DateTimeOffset.UtcNow;
        PriorityRow Row(string title, int votes, Urgency urgency, int daysOld) =>
            new(Guid.NewGuid(), title, QuestionType.Therapy, urgency, "Dr A", now.AddDays(-daysOld), votes, 1);
        var ranked = PriorityRow.Rank([
            Row("few votes", 1, Urgency.Urgent, 1), Row("older routine", 3, Urgency.Routine, 30),
            Row("urgent", 3, Urgency.Urgent, 2), Row("newer routine", 3, Urgency.Routine, 3)]);
        Assert.Equal(["urgent", "older routine", "newer routine", "few votes"], ranked.Select(r => r.Title));
    }
}
