using Impacte.Domain.Identity;

namespace Impacte.Domain.Tests.Identity;

public sealed class CommonPasswordValidatorTests
{
    [Theory]
    [InlineData("password1234")]
    [InlineData("Password1234")]
    [InlineData("qwertyuiop123")]
    [InlineData("123456789012")]
    [InlineData("abcdefghijklm")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("abababababab")]
    public void WellKnownAndPatternedPasswordsAreCommon(string password) => Assert.True(CommonPasswordValidator.IsCommon(password));

    [Theory]
    [InlineData("blue kettle morning harbour")]
    [InlineData("Impacte-demo-2026!")]
    [InlineData("orange lantern quiet river")]
    public void PassphrasesAreNotCommon(string password) => Assert.False(CommonPasswordValidator.IsCommon(password));

    [Fact]
    public void ThePersonsOwnEmailNameWithAFewCharactersIsCommon()
    {
        var user = new User { Name = "Jo", Email = "jo.bloggs@example.org" };
        Assert.True(CommonPasswordValidator.IsCommon("jo.bloggs2026", user));
        Assert.False(CommonPasswordValidator.IsCommon("jo.bloggs likes long walks", user));
    }
}
