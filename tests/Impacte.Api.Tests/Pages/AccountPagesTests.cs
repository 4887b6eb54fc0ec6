using System.Net;
using Impacte.Domain.Clubs;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Pages;

public sealed class AccountPagesTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task SigningInShowsTheClubsIBelongTo()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");

        var home = await session.GetAsync("/");

        var card = Assert.Single(home.QuerySelectorAll("[data-testid=club-card]"));
        Assert.Contains("Willen Park", card.TextContent);
    }

    [Fact]
    public async Task AWrongPasswordIsShownNextToTheFieldAndKeepsTheEmail()
    {
        var (response, page) = await PageSession.For(Api).SubmitAsync("/account/sign-in",
            new Dictionary<string, string> { ["Input.Email"] = "nurse.bedford@example.org", ["Input.Password"] = "wrong password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector(".nhsuk-error-summary a[href='#Input_Email']"));
        Assert.Contains("not right", page.QuerySelector("#Input_Email-error")!.TextContent);
        Assert.Equal("nurse.bedford@example.org", page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Equal("", page.QuerySelector("#Input_Password")!.GetAttribute("value"));
    }

    [Fact]
    public async Task ASignInFormPostedWithoutItsAntiforgeryTokenIsRejected()
    {
        var response = await Api.CreateClient().PostAsync("/account/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "gp@example.org", ["Input.Password"] = ApiFactory.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AMemberOpeningAnotherClubsPageGetsNotFound()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");

        var response = await session.Client.GetAsync($"/clubs/{await ClubIdAsync(Luton)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForgottenPasswordQueuesAResetEmailButSaysTheSameForUnknownAddresses()
    {
        var known = await PageSession.For(Api).SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = "gp2.mk@example.org" });
        var unknown = await PageSession.For(Api).SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = "stranger@example.org" });

        Assert.Contains("Check your email", known.Page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Check your email", unknown.Page.QuerySelector("h1")!.TextContent);
        await using var db = Db();
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.ToAddress == "gp2.mk@example.org" && o.Kind == "password-reset"));
        Assert.False(await db.Outbox.AnyAsync(o => o.ToAddress == "stranger@example.org"));
    }

    [Fact]
    public async Task UserTextIsEncodedOnThePage()
    {
        await using (var db = Db())
        {
            var user = await db.Users.SingleAsync(u => u.Email == "pa.mk@example.org");
            user.Name = "<script>alert('x')</script> Daniel";
            await db.SaveChangesAsync();
        }
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");

        var html = await session.Client.GetStringAsync($"/clubs/{await ClubIdAsync(MiltonKeynes)}");

        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert", html);
    }

    [Fact]
    public async Task AnAdminCreatesAClubFromTheFormAndSeesFieldErrorsFirst()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("admin@example.org");

        var (_, invalid) = await session.SubmitAsync("/clubs/new", new Dictionary<string, string> { ["Input.Name"] = "Oakhill Surgery", ["Input.OdsCode"] = "12345" });
        Assert.Contains("ODS code", invalid.QuerySelector("#Input_OdsCode-error")!.TextContent);
        Assert.Equal("Oakhill Surgery", invalid.QuerySelector("#Input_Name")!.GetAttribute("value"));

        var (_, created) = await session.SubmitAsync("/clubs/new", new Dictionary<string, string> { ["Input.Name"] = "Oakhill Surgery", ["Input.OdsCode"] = "k83960" });
        Assert.Equal("Oakhill Surgery", created.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task OnlyAdminsMayOpenTheNewClubForm()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("lead@example.org");
        var response = await session.Client.GetAsync("/clubs/new");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnExpiredInvitationLinkNoLongerWorks()
    {
        var email = $"late-{Guid.NewGuid():N}@example.org";
        var clubId = await ClubIdAsync(MiltonKeynes);
        var token = Invitation.NewToken();
        await using (var db = Db())
        {
            db.Invitations.Add(new Invitation
            {
                ClubId = clubId, Email = email, Name = "Late Comer", TokenHash = Invitation.Hash(token),
                InvitedById = await UserIdAsync("lead@example.org"),
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-8), ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1),
            });
            await db.SaveChangesAsync();
        }

        var page = await PageSession.For(Api).GetAsync($"/invitations/accept?token={token}");

        Assert.Contains("does not work", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task AnInvitationLinkThatWasNeverIssuedSaysItDoesNotWork()
    {
        var page = await PageSession.For(Api).GetAsync("/invitations/accept?token=made-up");
        Assert.Contains("does not work", page.QuerySelector("h1")!.TextContent);
    }
}
