using System.Text.RegularExpressions;
using Impacte.Testing;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

public sealed class AccountJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task EveryDemoAccountCanSignIn()
    {
        foreach (var email in new[] { "admin@example.org", "librarian@example.org", "librarian2@example.org", "lead@example.org", "gp@example.org" })
        {
            await SignInAsync(email);
            await Assertions.Expect(Page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);
            // The NHS.UK stylesheet really applies (served with its type, allowed by the CSP): the header is NHS blue.
            await Assertions.Expect(Page.Locator("header.nhsuk-header")).ToHaveCSSAsync("background-color", "rgb(0, 94, 184)");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(Page.GetByText("You have signed out.")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task AMemberSeesTheirClubAndItsMembersButNotAnotherClub()
    {
        await SignInAsync("gp@example.org");

        await Assertions.Expect(Page.GetByTestId("club-card")).ToHaveCountAsync(1);
        await ScreenshotAsync("home-member");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Willen Park Medical Centre (Milton Keynes)", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("members")).ToContainTextAsync("Dr Sarah Okafor");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" })).ToHaveCountAsync(0);

        await using var db = Site.Api.Database.CreateContext();
        var luton = db.Clubs.Single(c => c.OdsCode == "E81902").Id;
        var response = await Page.GotoAsync($"/clubs/{luton}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ALeadInvitesSomeoneWhoJoinsThroughTheEmailedLink()
    {
        var invitee = $"new.gp.{Guid.NewGuid():N}@example.org";
        await SignInAsync("lead@example.org");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Willen Park Medical Centre (Milton Keynes)", Exact = true }).ClickAsync();

        await Page.GetByLabel("Full name").FillAsync("Dr Ada Newcombe");
        await Page.GetByLabel("Email address").FillAsync(invitee);
        await Page.GetByLabel("Profession").SelectOptionAsync("GP");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync($"Invitation sent to {invitee}");
        await Assertions.Expect(Page.GetByTestId("pending")).ToContainTextAsync("Dr Ada Newcombe");
        await ScreenshotAsync("club-lead");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        var email = Assert.Single(await MailDev.Local.WaitForAsync(invitee));
        Assert.Contains("Willen Park", email.Subject);
        await Page.GotoAsync(LinkIn(email, "/invitations/accept?token="));
        await Assertions.Expect(Page.GetByTestId("invited-email")).ToHaveTextAsync(invitee);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await Page.GetByLabel("Password again").FillAsync("short");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join the club" }).ClickAsync();
        await Assertions.Expect(Page.Locator(".nhsuk-error-summary")).ToContainTextAsync("12");
        await ScreenshotAsync("invitation-error");

        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync("blue kettle morning harbour");
        await Page.GetByLabel("Password again").FillAsync("blue kettle morning harbour");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join the club" }).ClickAsync();

        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/clubs/[0-9a-f-]+$"));
        await Assertions.Expect(Page.GetByTestId("signed-in-as")).ToHaveTextAsync(invitee);
        await Assertions.Expect(Page.GetByTestId("members")).ToContainTextAsync("Dr Ada Newcombe");

        // The link is single-use.
        await Page.GotoAsync(LinkIn(email, "/invitations/accept?token="));
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "This invitation link does not work" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SomeoneWithAnAccountSignsInWithTheirPasswordToAcceptAnInvitation()
    {
        const string invitee = "anp.luton@example.org";
        var started = DateTimeOffset.UtcNow;
        await SignInAsync("lead@example.org");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Willen Park Medical Centre (Milton Keynes)", Exact = true }).ClickAsync();
        await Page.GetByLabel("Full name").FillAsync("Samuel Osei");
        await Page.GetByLabel("Email address").FillAsync(invitee);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        // The same words as for a new person: the lead learns nothing about who has an account.
        await Assertions.Expect(Page.GetByTestId("message")).ToHaveTextAsync($"Invitation sent to {invitee}. It expires in 7 days.");
        await Assertions.Expect(Page.GetByTestId("members")).Not.ToContainTextAsync("Samuel Osei");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // Only the invitation: the demo Worker may send this seeded member a Luton reading pack meanwhile.
        var email = Assert.Single(await MailDev.Local.WaitForAsync(invitee, since: started, matching: e => e.Subject.Contains("invited")));
        await Page.GotoAsync(LinkIn(email, "/invitations/accept?token="));
        // No password box: the link alone opens nothing.
        await Assertions.Expect(Page.GetByLabel("Password", new() { Exact = true })).ToHaveCountAsync(0);
        await ScreenshotAsync("invitation-existing-account");
        await Page.GetByTestId("sign-in-to-accept").ClickAsync();
        await Page.GetByLabel("Email address").FillAsync(invitee);
        await Page.GetByLabel("Password").FillAsync(ApiFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/invitations/accept"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join the club" }).ClickAsync();

        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/clubs/[0-9a-f-]+$"));
        await Assertions.Expect(Page.GetByTestId("members")).ToContainTextAsync("Samuel Osei");
    }

    [Fact]
    public async Task AForgottenPasswordIsResetThroughTheEmailedLink()
    {
        const string account = "registrar.mk@example.org";
        var started = DateTimeOffset.UtcNow;
        await Page.GotoAsync("/account/sign-in");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Forgotten your password?" }).ClickAsync();
        await Page.GetByLabel("Email address").FillAsync(account);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();

        var email = Assert.Single(await MailDev.Local.WaitForAsync(account, since: started));
        await Page.GotoAsync(LinkIn(email, "/account/reset-password?"));
        await Page.GetByLabel("New password", new() { Exact = true }).FillAsync("orange lantern quiet river");
        await Page.GetByLabel("New password again").FillAsync("orange lantern quiet river");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Your password has been changed")).ToBeVisibleAsync();

        await SignInAsync(account, "orange lantern quiet river");
        await Assertions.Expect(Page.GetByTestId("signed-in-as")).ToHaveTextAsync(account);
    }

    [Fact]
    public async Task AfterSigningOutThePagesAskForSignInAgain()
    {
        await SignInAsync("gp@example.org");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Page.GotoAsync("/");

        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in"));
    }
}
