using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;

namespace Impacte.Domain.Tests.Common;

/// <summary>The input rules that keep bad text out: line breaks in names, NHS numbers however written, page bounds.</summary>
public class InputRulesTests
{
    [Theory]
    [InlineData("Willen\r\nBcc: everyone@example.org")]
    [InlineData("Willen\nPark")]
    [InlineData("Willen\u0000Park")]
    [InlineData("Willen\tPark")]
    public void AClubNameMustBeOneLineOfVisibleText(string name)
    {
        var errors = new Dictionary<string, string[]>();
        ClubRules.ValidName(name, errors);
        Assert.True(errors.ContainsKey("name"));
    }

    [Theory]
    [InlineData("401 023 2137")]
    [InlineData("401-023-2137")]
    [InlineData("401.023.2137")]
    [InlineData("4010232137")]
    [InlineData("4010 232 137")]
    [InlineData("40102 32137")]
    [InlineData("40 1023 2137")]
    [InlineData("NHS no.401.023.2137, seen today")]
    public void AnNhsNumberIsRefusedWhateverTheGroupingOrSeparator(string text)
    {
        Assert.True(PatientIdentifiers.Scan(text).IsRefused);
    }

    [Theory]
    [InlineData("RR 0.62 (95% CI 0.48 to 0.80)")]
    [InlineData("401.023 2137")] // mixed separators do not make one number
    [InlineData("Call 0161 496 0000")]
    [InlineData("401 023 2138")] // fails the check digit
    [InlineData("1 4 0 1 0 2 3 2 1 3")]
    public void OtherNumbersAreNotRefused(string text)
    {
        Assert.False(PatientIdentifiers.Scan(text).IsRefused);
    }

    [Theory]
    [InlineData(2_000_000_000, 20)]
    [InlineData(int.MaxValue, 100)]
    [InlineData(PageRequest.MaxPage + 1, 1)]
    public void APageBeyondTheLimitIsRefusedNamingPage(int page, int pageSize)
    {
        var e = Assert.Throws<DomainValidationException>(() => PageRequest.From(page, pageSize));
        Assert.True(e.Errors.ContainsKey("page"));
    }

    [Fact]
    public void TheLastAllowedPageStillHasAnOffsetThatFits()
    {
        var last = PageRequest.From(PageRequest.MaxPage, PageRequest.MaxPageSize);
        Assert.True(last.Skip > 0);
        Assert.Equal(PageRequest.MaxPage, PageRequest.Clamped(int.MaxValue, 20).Page);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u0007b")]
    [InlineData("a\u001Bb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    public void ControlCharactersAreRefusedInEveryKindOfText(string text)
    {
        Assert.All(Enum.GetValues<TextKind>(), kind => Assert.NotNull(UserText.Problem(text, kind)));
        Assert.Equal("ab", UserText.Visible(text));
    }

    [Fact]
    public void HalfASurrogatePairIsNotText()
    {
        var text = "a" + (char)0xD800 + "b";
        Assert.Equal(UserText.ControlMessage, UserText.Problem(text, TextKind.FreeText));
        Assert.Equal("ab", UserText.Visible(text));
    }

    [Theory]
    [InlineData("Two lines\r\nof minutes\twith a tab")]
    [InlineData("An emoji \U0001F600 is text")]
    public void LineBreaksAndTabsAreFineInFreeTextButNotOnOneLine(string text)
    {
        Assert.Null(UserText.Problem(text, TextKind.FreeText));
        Assert.Equal(text.Contains('\n') ? UserText.LineMessage : null, UserText.Problem(text, TextKind.Line));
        Assert.Equal(text, UserText.Visible(text));
    }

    [Fact]
    public void AnNhsNumberIsRefusedInProseButNotInPlainFields()
    {
        Assert.Equal(PatientIdentifiers.NhsNumberMessage, UserText.Problem("seen 401 023 2137", TextKind.FreeText));
        Assert.Equal(PatientIdentifiers.NhsNumberMessage, UserText.Problem("Ann 4010232137", TextKind.Line));
        Assert.Null(UserText.Problem("10.1000/4010232137", TextKind.Plain));
    }

    [Fact]
    public void AMemberInviteNameMustBeOneLine()
    {
        var errors = new Dictionary<string, string[]>();
        new MemberInvite("ann@example.org", "Ann\r\nBcc: x@example.org", null, null).Validate(errors);
        Assert.Equal([UserText.LineMessage], errors["name"]);
    }

    [Fact]
    public void AMeetingLocationMustBeOneLine()
    {
        var errors = new Dictionary<string, string[]>();
        Impacte.Domain.Meetings.MeetingRules.ValidLocation("Room 1\u0000", errors);
        Assert.True(errors.ContainsKey("location"));
    }

    [Fact]
    public void AControlCharacterInAPicoPartIsRefusedBeforeItCanReachATitle()
    {
        var e = Assert.Throws<DomainValidationException>(() =>
            QuestionText.Compose(QuestionType.Therapy, "adults\u0001 with gout", "colchicine", null, "flares"));
        Assert.Equal([UserText.ControlMessage], e.Errors["population"]);
    }
}
