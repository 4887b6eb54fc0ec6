using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Audit;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Impacte.Api.Tests.People;

/// <summary>/api/admin/people: admins only (404 for anyone else), roles, deactivation, and the audit trail of each act.</summary>
public sealed class AdminPeopleTests(ApiFactory api) : ApiTestBase(api)
{
    [Theory]
    [InlineData("gp@example.org")]
    [InlineData("lead@example.org")]
    [InlineData("librarian@example.org")]
    public async Task AnyoneButAnAdminIsToldThePeopleListDoesNotExist(string email)
    {
        var client = await As(email);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/admin/people")).StatusCode);
        var id = await UserIdAsync("gp.bedford@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/admin/people/{id}/deactivate", null)).StatusCode);
        await using var db = Db();
        Assert.Null(await db.Users.Where(u => u.Id == id).Select(u => u.DeactivatedAt).SingleAsync());
    }

    [Fact]
    public async Task AnAdminSearchesPeopleAndSeesTheirMemberships()
    {
        var admin = await As("admin@example.org");
        var found = await JsonAsync(await admin.GetAsync("/api/admin/people?search=OKAFOR"));
        var lead = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal("lead@example.org", lead.GetProperty("email").GetString());

        var detail = await JsonAsync(await admin.GetAsync($"/api/admin/people/{lead.GetProperty("id").GetString()}"));
        var membership = Assert.Single(detail.GetProperty("memberships").EnumerateArray());
        Assert.Equal(("lead", await ClubIdAsync(MiltonKeynes)), (membership.GetProperty("role").GetString(), membership.GetProperty("clubId").GetGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/admin/people?search={new string('x', 201)}")).StatusCode);
    }

    [Fact]
    public async Task AnAdminGrantsAndRemovesTheLibrarianRoleAndEachActIsInTheAuditTrail()
    {
        var admin = await As("admin@example.org");
        var id = await UserIdAsync("gp2.mk@example.org");
        var granted = await admin.PutAsJsonAsync($"/api/admin/people/{id}/roles", new { librarian = true });
        Assert.True(granted.StatusCode == HttpStatusCode.OK, await granted.Content.ReadAsStringAsync());
        Assert.Contains("librarian", (await JsonAsync(granted)).GetProperty("person").GetProperty("networkRoles").EnumerateArray().Select(r => r.GetString()));

        var removed = await JsonAsync(await admin.PutAsJsonAsync($"/api/admin/people/{id}/roles", new { librarian = false }));
        Assert.Empty(removed.GetProperty("person").GetProperty("networkRoles").EnumerateArray());
        Assert.Equal(["person.role-removed", "person.role-granted"],
            removed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));

        await using var db = Db();
        var adminId = await UserIdAsync("admin@example.org");
        var events = await db.Set<AuditEvent>().Where(e => e.TargetId == id).OrderBy(e => e.At).ToListAsync();
        Assert.All(events, e => Assert.Equal(adminId, e.ActorId));
        Assert.Equal((null, "librarian"), (events[0].Before, events[0].After));
        Assert.Equal(("librarian", null), (events[1].Before, events[1].After));
    }

    [Fact]
    public async Task AnAdminCannotDeactivateThemselvesNorDropTheirOwnAdminRole()
    {
        var admin = await As("admin@example.org");
        var id = await UserIdAsync("admin@example.org");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/admin/people/{id}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"/api/admin/people/{id}/roles", new { admin = false })).StatusCode);
    }

    [Fact]
    public async Task ADeactivatedAccountCannotSignInAndItsTokensAndSessionsStopWorking()
    {
        const string email = "gp2.luton@example.org";
        var login = await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.Password });
        var tokens = await JsonAsync(login);
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        var session = PageSession.For(Api);
        await session.SignInAsync(email);
        Assert.Contains("signed-in-as", await session.Client.GetStringAsync("/"));

        var id = await UserIdAsync(email);
        var deactivated = await (await As("admin@example.org")).PostAsync($"/api/admin/people/{id}/deactivate", null);
        Assert.True(deactivated.StatusCode == HttpStatusCode.OK, await deactivated.Content.ReadAsStringAsync());
        Assert.False((await JsonAsync(deactivated)).GetProperty("person").GetProperty("active").GetBoolean());

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await Api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.Password })).StatusCode);
        // The browser session ends at its next click: the page sends it to sign in.
        var page = await session.Client.GetAsync("/");
        Assert.EndsWith("/account/sign-in", page.RequestMessage!.RequestUri!.AbsolutePath);

        Assert.Equal(HttpStatusCode.OK, (await (await As("admin@example.org")).PostAsync($"/api/admin/people/{id}/reactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.Password })).StatusCode);

        await using var db = Db();
        var acts = await db.Set<AuditEvent>().Where(e => e.TargetId == id).OrderBy(e => e.At).Select(e => e.Action).ToListAsync();
        Assert.Equal(["person.deactivated", "person.reactivated"], acts);
    }

    [Fact]
    public async Task TheAuditTrailRefusesUpdatesAndDeletes()
    {
        var id = await UserIdAsync("public.luton@example.org");
        await (await As("admin@example.org")).PutAsJsonAsync($"/api/admin/people/{id}/roles", new { librarian = true });
        await using var db = Db();
        // Refused twice over: the application's role has no UPDATE or DELETE on the table (42501), and a trigger refuses them (P0001).
        var update = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET action = 'x'"));
        Assert.Contains(update.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, PostgresErrorCodes.RaiseException });
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events"));
        Assert.Contains(delete.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, PostgresErrorCodes.RaiseException });
        Assert.True(await db.Set<AuditEvent>().AnyAsync());
    }
}
