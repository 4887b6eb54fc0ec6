using AngleSharp.Html.Parser;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Members;

/// <summary>Joining a club is always by invitation, and an invitation link never opens an existing account.</summary>
public sealed partial class InvitationTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task ALeftoverInvitationToAnExistingAccountNeverSignsAnyoneIn()
    {
        // The link of an invitation to someone who has an account, held by whoever: any password is typed.
        var clubId = await ClubIdAsync(MiltonKeynes);
        var token = Invitation.NewToken();
        await using (var db = Db())
        {
            db.Invitations.Add(new Invitation
            {
                ClubId = clubId, Email = "nurse.luton@example.org", Name = "Whoever", TokenHash = Invitation.Hash(token),
                InvitedById = await UserIdAsync("lead@example.org"), CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
            });
            await db.SaveChangesAsync();
        }
        var session = PageSession.For(Api);

        var page = await session.GetAsync($"/invitations/accept?token={token}");
        Assert.Null(page.QuerySelector("#Input_Password"));
        Assert.NotNull(page.QuerySelector("[data-testid=sign-in-to-accept]"));
        // Even posting the new-account form by hand gets nowhere.
        var form = new Dictionary<string, string> { ["Token"] = token, ["Input.Password"] = "anything at all 123", ["Input.ConfirmPassword"] = "anything at all 123" };
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        if (antiforgery is null)
        {
            var newcomer = await session.GetAsync("/account/sign-in");
            antiforgery = newcomer.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        }
        form["__RequestVerificationToken"] = antiforgery;
        await session.Client.PostAsync($"/invitations/accept?token={token}", new FormUrlEncodedContent(form));

        var home = await session.Client.GetAsync("/");
        Assert.EndsWith("/account/sign-in", home.RequestMessage!.RequestUri!.AbsolutePath);
        await using var check = Db();
        var nurse = await UserIdAsync("nurse.luton@example.org");
        Assert.False(await check.Memberships.AnyAsync(m => m.ClubId == clubId && m.UserId == nurse));
    }

    [Fact]
    public async Task AnInvitedAccountHolderJoinsAfterSigningInWithTheirOwnPassword()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var invited = await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{clubId}/members",
            new { email = "gp.luton@example.org", name = "Dr Luton", role = "member" });
        Assert.Equal(HttpStatusCode.Accepted, invited.StatusCode);
        var token = await LatestTokenAsync("gp.luton@example.org");
        var session = PageSession.For(Api);

        var page = await session.GetAsync($"/invitations/accept?token={token}");
        var signInLink = page.QuerySelector("[data-testid=sign-in-to-accept]")!.GetAttribute("href")!;
        var (signedIn, accept) = await session.SubmitAsync(signInLink,
            new Dictionary<string, string> { ["Input.Email"] = "gp.luton@example.org", ["Input.Password"] = ApiFactory.Password });
        Assert.Equal("/invitations/accept", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.NotNull(accept.QuerySelector("form[action*='handler=Join']"));
        var (joined, _) = await session.SubmitAsync($"/invitations/accept?token={token}", new Dictionary<string, string>(), handler: "Join");

        Assert.Equal($"/clubs/{clubId}", joined.RequestMessage!.RequestUri!.AbsolutePath);
        await using var db = Db();
        var userId = await UserIdAsync("gp.luton@example.org");
        Assert.True(await db.Memberships.AnyAsync(m => m.ClubId == clubId && m.UserId == userId));
        // Joining is a membership change: in the audit trail, by the person, as what and of which club.
        var joinedEvent = await db.Set<Domain.Audit.AuditEvent>().SingleAsync(a => a.Action == "membership.joined" && a.TargetId == userId);
        Assert.Equal((userId, "member of Willen Park Medical Centre (Milton Keynes)"), (joinedEvent.ActorId, joinedEvent.After));
        Assert.Contains("does not work", (await session.GetAsync($"/invitations/accept?token={token}")).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task SomeoneSignedInAsAnotherPersonCannotAcceptTheirInvitation()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{clubId}/members",
            new { email = "manager.luton@example.org", name = "Manager", role = "lead" });
        var token = await LatestTokenAsync("manager.luton@example.org");

        var someoneElse = await UserIdAsync("gp@example.org");
        using var scope = Api.Services.CreateScope();
        var members = scope.ServiceProvider.GetRequiredService<ClubMembers>();
        await Assert.ThrowsAsync<ForbiddenException>(() => members.AcceptAsMemberAsync(token, someoneElse));
        await Assert.ThrowsAsync<ConflictException>(() => members.AcceptAsync(token, "a perfectly long password"));
        await using var db = Db();
        var manager = await UserIdAsync("manager.luton@example.org");
        Assert.False(await db.Memberships.AnyAsync(m => m.ClubId == clubId && m.UserId == manager));
    }

    [Fact]
    public async Task ANewInvitationToTheSameAddressAndClubRevokesTheEarlierLink()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var email = $"twice-{Guid.NewGuid():N}@example.org";
        var lead = await As("lead@example.org");
        await lead.PostAsJsonAsync($"/api/clubs/{clubId}/members", new { email, name = "First Try" });
        var first = await LatestTokenAsync(email);
        await lead.PostAsJsonAsync($"/api/clubs/{clubId}/members", new { email, name = "Second Try" });
        var second = await LatestTokenAsync(email);

        Assert.NotEqual(first, second);
        Assert.Contains("does not work", (await PageSession.For(Api).GetAsync($"/invitations/accept?token={first}")).QuerySelector("h1")!.TextContent);
        Assert.Contains("Second Try", (await PageSession.For(Api).GetAsync($"/invitations/accept?token={second}")).Body!.TextContent);
        var pending = await JsonAsync(await lead.GetAsync($"/api/clubs/{clubId}/invitations"));
        Assert.Single(pending.EnumerateArray(), i => i.GetProperty("email").GetString() == email);
    }

    [Fact]
    public async Task ALeadRevokesAPendingInvitationThroughTheApi()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var email = $"revoked-{Guid.NewGuid():N}@example.org";
        var lead = await As("lead@example.org");
        var id = (await JsonAsync(await lead.PostAsJsonAsync($"/api/clubs/{clubId}/members", new { email, name = "Not After All" })))
            .GetProperty("id").GetGuid();
        var token = await LatestTokenAsync(email);

        Assert.Equal(HttpStatusCode.NoContent, (await lead.DeleteAsync($"/api/clubs/{clubId}/invitations/{id}")).StatusCode);

        Assert.Contains("does not work", (await PageSession.For(Api).GetAsync($"/invitations/accept?token={token}")).QuerySelector("h1")!.TextContent);
        var pending = await JsonAsync(await lead.GetAsync($"/api/clubs/{clubId}/invitations"));
        Assert.DoesNotContain(pending.EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        // Another club's lead cannot reach it; a member may not do it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("lead.bedford@example.org")).DeleteAsync($"/api/clubs/{clubId}/invitations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.DeleteAsync($"/api/clubs/{clubId}/invitations/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task ALeadWithdrawsAnInvitationFromTheClubPage()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var email = $"withdrawn-{Guid.NewGuid():N}@example.org";
        await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{clubId}/members", new { email, name = "Page Withdrawn" });
        var token = await LatestTokenAsync(email);
        var session = PageSession.For(Api);
        await session.SignInAsync("lead@example.org");
        await using var db = Db();
        var id = await db.Invitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync();

        var club = await session.GetAsync($"/clubs/{clubId}");
        var form = club.QuerySelectorAll("form").Single(f => (f.GetAttribute("action") ?? "").Contains(id.ToString()) && f.GetAttribute("action")!.Contains("handler=Revoke"));
        var antiforgery = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await session.Client.PostAsync(form.GetAttribute("action")!.Replace("&amp;", "&"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

        Assert.Contains("Invitation withdrawn", page.QuerySelector("[data-testid=message]")!.TextContent);
        Assert.DoesNotContain(email, page.QuerySelector("[data-testid=pending]")?.TextContent ?? "");
        Assert.Null(await ServiceAsync(m => m.FindOpenInvitationAsync(token)));
    }

    [Fact]
    public async Task InvitingAnAddressWithAnAccountAnswersExactlyLikeANewAddress()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var lead = await As("lead@example.org");

        var existing = await lead.PostAsJsonAsync($"/api/clubs/{clubId}/members",
            new { email = "pharmacist.luton@example.org", name = "Typed By The Lead", role = "member" });
        var newcomer = await lead.PostAsJsonAsync($"/api/clubs/{clubId}/members",
            new { email = $"nobody-{Guid.NewGuid():N}@example.org", name = "Typed By The Lead", role = "member" });

        Assert.Equal(HttpStatusCode.Accepted, existing.StatusCode);
        Assert.Equal(newcomer.StatusCode, existing.StatusCode);
        Assert.Equal(existing.Headers.Location, newcomer.Headers.Location);
        var body = await existing.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Mei Chen", body);
        Assert.DoesNotContain("Clinical pharmacist", body);
        Assert.Equal(Keys(await JsonAsync(newcomer)), Keys(await JsonAsync(existing)));
        await using var db = Db();
        var mei = await UserIdAsync("pharmacist.luton@example.org");
        Assert.False(await db.Memberships.AnyAsync(m => m.ClubId == clubId && m.UserId == mei), "nobody joins without accepting");
    }

    [Fact]
    public async Task TheClubPageSaysTheSameWhetherOrNotTheAddressHasAnAccount()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var session = PageSession.For(Api);
        await session.SignInAsync("lead@example.org");

        async Task<string> InviteAsync(string email) =>
            (await session.SubmitAsync($"/clubs/{clubId}", new Dictionary<string, string>
            {
                ["Invite.Email"] = email, ["Invite.Name"] = "Typed Name", ["Invite.Profession"] = "GP", ["Invite.Role"] = "member",
            }, handler: "Invite")).Page.QuerySelector("[data-testid=message]")!.TextContent.Replace(email, "EMAIL");

        Assert.Equal(await InviteAsync($"fresh-{Guid.NewGuid():N}@example.org"), await InviteAsync("anp.luton@example.org"));
    }

    [Fact]
    public async Task ALeadResendsAPendingInvitationWithANewLinkTheOldOneDiesAndTheAuditTrailSaysWho()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var email = $"resent-{Guid.NewGuid():N}@example.org";
        var lead = await As("lead@example.org");
        var first = (await JsonAsync(await lead.PostAsJsonAsync($"/api/clubs/{clubId}/members", new { email, name = "Lost The Email" }))).GetProperty("id").GetGuid();
        var oldToken = await LatestTokenAsync(email);

        // Another club's lead cannot reach it; a member may not do it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("lead.bedford@example.org")).PostAsync($"/api/clubs/{clubId}/invitations/{first}/resend", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("gp@example.org")).PostAsync($"/api/clubs/{clubId}/invitations/{first}/resend", null)).StatusCode);
        var resent = await lead.PostAsync($"/api/clubs/{clubId}/invitations/{first}/resend", null);

        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var second = (await JsonAsync(resent)).GetProperty("id").GetGuid();
        Assert.NotEqual(first, second);
        var newToken = await LatestTokenAsync(email);
        Assert.NotEqual(oldToken, newToken);
        Assert.Contains("does not work", (await PageSession.For(Api).GetAsync($"/invitations/accept?token={oldToken}")).QuerySelector("h1")!.TextContent);
        Assert.Contains("Lost The Email", (await PageSession.For(Api).GetAsync($"/invitations/accept?token={newToken}")).Body!.TextContent);
        var pending = (await JsonAsync(await lead.GetAsync($"/api/clubs/{clubId}/invitations"))).EnumerateArray().Where(i => i.GetProperty("email").GetString() == email);
        Assert.Equal(second, Assert.Single(pending).GetProperty("id").GetGuid());
        await using var db = Db();
        var audit = await db.Set<Domain.Audit.AuditEvent>().SingleAsync(a => a.Action == "invitation.resent" && a.TargetId == second);
        Assert.Equal(await UserIdAsync("lead@example.org"), audit.ActorId);
        Assert.Equal(first.ToString(), audit.Before);
        // A withdrawn invitation is not resent: invite again instead.
        Assert.Equal(HttpStatusCode.NoContent, (await lead.DeleteAsync($"/api/clubs/{clubId}/invitations/{second}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await lead.PostAsync($"/api/clubs/{clubId}/invitations/{second}/resend", null)).StatusCode);
    }

    [Fact]
    public async Task ARevokedLinkSignsNobodyInAndTheRevocationIsInTheAuditTrail()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var email = $"revoked-new-{Guid.NewGuid():N}@example.org";
        var lead = await As("lead@example.org");
        var id = (await JsonAsync(await lead.PostAsJsonAsync($"/api/clubs/{clubId}/members", new { email, name = "Never Joins" }))).GetProperty("id").GetGuid();
        var token = await LatestTokenAsync(email);
        var session = PageSession.For(Api);
        var page = await session.GetAsync($"/invitations/accept?token={token}");
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        Assert.Equal(HttpStatusCode.NoContent, (await lead.DeleteAsync($"/api/clubs/{clubId}/invitations/{id}")).StatusCode);
        // The form, opened before the revocation, is posted after it.
        await session.Client.PostAsync($"/invitations/accept?token={token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery, ["Token"] = token,
            ["Input.Password"] = "a long enough password 123", ["Input.ConfirmPassword"] = "a long enough password 123",
        }));

        Assert.EndsWith("/account/sign-in", (await session.Client.GetAsync("/")).RequestMessage!.RequestUri!.AbsolutePath);
        await using var db = Db();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
        var audit = await db.Set<Domain.Audit.AuditEvent>().SingleAsync(a => a.Action == "invitation.revoked" && a.TargetId == id);
        Assert.Equal(await UserIdAsync("lead@example.org"), audit.ActorId);
    }

    [Fact]
    public async Task ALeadResendsAnInvitationFromTheClubPage()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var email = $"page-resent-{Guid.NewGuid():N}@example.org";
        await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{clubId}/members", new { email, name = "Page Resent" });
        var oldToken = await LatestTokenAsync(email);
        var session = PageSession.For(Api);
        await session.SignInAsync("lead@example.org");
        await using var db = Db();
        var id = await db.Invitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync();

        var club = await session.GetAsync($"/clubs/{clubId}");
        var form = club.QuerySelectorAll("form").Single(f => (f.GetAttribute("action") ?? "").Contains(id.ToString()) && f.GetAttribute("action")!.Contains("handler=Resend"));
        var antiforgery = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await session.Client.PostAsync(form.GetAttribute("action")!.Replace("&amp;", "&"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

        Assert.Contains($"Invitation sent again to {email}", page.QuerySelector("[data-testid=message]")!.TextContent);
        Assert.Contains(email, page.QuerySelector("[data-testid=pending]")!.TextContent);
        Assert.Null(await ServiceAsync(m => m.FindOpenInvitationAsync(oldToken)));
        var newToken = await LatestTokenAsync(email);
        Assert.NotEqual(oldToken, newToken);
        Assert.NotNull(await ServiceAsync(m => m.FindOpenInvitationAsync(newToken)));
    }

    private static IEnumerable<string> Keys(System.Text.Json.JsonElement json) => json.EnumerateObject().Select(p => p.Name).Order();

    private async Task<T> ServiceAsync<T>(Func<ClubMembers, Task<T>> use)
    {
        using var scope = Api.Services.CreateScope();
        return await use(scope.ServiceProvider.GetRequiredService<ClubMembers>());
    }

    /// <summary>The token of the newest invitation email to <paramref name="email"/>.</summary>
    private async Task<string> LatestTokenAsync(string email)
    {
        await using var db = Db();
        var body = await db.Outbox.Where(o => o.ToAddress == email && o.Kind == "invitation").OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Select(o => o.TextBody).FirstAsync();
        return Uri.UnescapeDataString(TokenInLink().Match(body).Groups[1].Value);
    }

    [GeneratedRegex(@"/invitations/accept\?token=([A-Za-z0-9_\-%]+)")]
    private static partial Regex TokenInLink();
}
