using Impacte.Domain.Clubs;
using Impacte.Domain.Common;

namespace Impacte.Domain.Tests.Clubs;

public sealed class MemberInviteTests
{
    [Theory]
    [InlineData("Jo.Bloggs@Practice.NHS.net", "jo.bloggs@practice.nhs.net")]
    [InlineData("  gp@example.org ", "gp@example.org")]
    public void EmailAddressesAreTrimmedAndLowerCased(string given, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalise(given));

    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("Jo <jo@example.org>")]
    [InlineData("jo@localhost")]
    [InlineData("jo@example.org\r\nBcc: all@example.org")]
    [InlineData("a@b.c,d@e.f")]
    public void AnythingButAPlainMailboxIsNotAnEmailAddress(string given) => Assert.Null(EmailAddress.Normalise(given));

    [Theory]
    [InlineData("lead", ClubRole.Lead, false)]
    [InlineData("Member", ClubRole.Member, false)]
    [InlineData(null, ClubRole.Member, false)]
    [InlineData("public representative", ClubRole.Member, true)]
    [InlineData("public-representative", ClubRole.Member, true)]
    public void RolesAreReadAsALeadWouldWriteThem(string? role, ClubRole expected, bool publicRepresentative)
    {
        var errors = new Dictionary<string, string[]>();
        var invite = new MemberInvite("jo@example.org", "Jo", "GP", role).Validate(errors);
        Assert.Empty(errors);
        Assert.Equal(expected, invite.Role);
        Assert.Equal(publicRepresentative, invite.IsPublicRepresentative);
    }

    [Fact]
    public void AProfessionIsMatchedWithoutRegardToCaseAndUnknownOnesAreNamed()
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Equal("Practice nurse", new MemberInvite("jo@example.org", "Jo", "practice NURSE", "member").Validate(errors).Profession);
        new MemberInvite("jo@example.org", "Jo", "Wizard", "member").Validate(errors);
        Assert.Contains("Wizard", errors["profession"][0]);
    }

    [Fact]
    public void ANameMustBeOneLineOfAtMost120Characters()
    {
        var errors = new Dictionary<string, string[]>();
        new MemberInvite("jo@example.org", new string('a', 121), null, null).Validate(errors);
        Assert.True(errors.ContainsKey("name"));
        errors.Clear();
        new MemberInvite("jo@example.org", "Jo\nBcc", null, null).Validate(errors);
        Assert.True(errors.ContainsKey("name"));
    }

    [Theory]
    [InlineData("K82001", true)]
    [InlineData("k82001", true)]
    [InlineData("82001", false)]
    [InlineData("KK2001", false)]
    [InlineData("K820011", false)]
    public void OdsCodesAreALetterAndFiveDigits(string code, bool valid)
    {
        var errors = new Dictionary<string, string[]>();
        ClubRules.ValidOdsCode(code, errors);
        Assert.Equal(valid, !errors.ContainsKey("odsCode"));
    }

    [Fact]
    public void InvitationTokensAreStoredOnlyAsTheirHash()
    {
        var token = Invitation.NewToken();
        Assert.True(token.Length >= 43);
        Assert.Equal(Invitation.Hash(token), Invitation.Hash(token));
        Assert.DoesNotContain(token, Invitation.Hash(token));
        Assert.NotEqual(Invitation.NewToken(), token);
    }
}
