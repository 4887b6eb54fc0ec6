using System.Net;
using System.Net.Http.Json;
using System.Text;
using Impacte.Domain.Email;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Members;

public sealed class MembersApiTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task MembersSeeTheirClubsMembersPaged()
    {
        var page = await JsonAsync(await (await As("gp@example.org")).GetAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members?pageSize=5"));

        Assert.Equal(5, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt32() >= 9);
    }

    [Fact]
    public async Task AMemberCannotListAnotherClubsMembers()
    {
        var response = await (await As("gp@example.org")).GetAsync($"/api/clubs/{await ClubIdAsync(Bedford)}/members");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task InvitingANewPersonWritesTheInvitationAndItsEmailTogether()
    {
        var email = $"new-{Guid.NewGuid():N}@example.org";
        var response = await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members",
            new { email, name = "Dr New Colleague", profession = "GP", role = "member" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var invitationId = (await JsonAsync(response)).GetProperty("id").GetGuid();
        await using var db = Db();
        var outbox = await db.Outbox.SingleAsync(o => o.ToAddress == email);
        Assert.Equal($"invitation:{invitationId}", outbox.IdempotencyKey);
        Assert.Equal(OutboxStatus.Pending, outbox.Status);
        Assert.Matches("^<[0-9a-f-]+@impacte.local>$", outbox.MessageId);
        Assert.Contains("/invitations/accept?token=", outbox.TextBody);
    }

    [Fact]
    public async Task InvitingAnExistingMemberIsAConflict()
    {
        var response = await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members",
            new { email = "gp@example.org", name = "Dr James Whitfield" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Theory]
    [InlineData("not-an-email", "Someone", "email")]
    [InlineData("someone@example.org", "", "name")]
    [InlineData("someone@example.org", "Someone", "role")]
    public async Task InvitationsWithBadFieldsAreRefusedAndNothingIsWritten(string email, string name, string badField)
    {
        var role = badField == "role" ? "overlord" : "member";
        var response = await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members",
            new { email, name, role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(badField, out _));
        await using var db = Db();
        Assert.False(await db.Invitations.AnyAsync(i => i.Email == email));
    }

    [Fact]
    public async Task AnEmailWithALineBreakCannotBecomeAHeader()
    {
        var response = await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members",
            new { email = "victim@example.org\r\nBcc: everyone@example.org", name = "Injected" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnOrdinaryMemberCannotInvite()
    {
        var response = await (await As("gp@example.org")).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members",
            new { email = "friend@example.org", name = "A Friend" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ALeadRemovesAMember()
    {
        var clubId = await ClubIdAsync(Luton);
        var userId = await UserIdAsync("manager.luton@example.org");

        var response = await (await As("lead.luton@example.org")).DeleteAsync($"/api/clubs/{clubId}/members/{userId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = Db();
        Assert.False(await db.Memberships.AnyAsync(m => m.ClubId == clubId && m.UserId == userId));
    }

    [Fact]
    public async Task TheOnlyLeadCannotBeRemoved()
    {
        var response = await (await As("admin@example.org")).DeleteAsync(
            $"/api/clubs/{await ClubIdAsync(Bedford)}/members/{await UserIdAsync("lead.bedford@example.org")}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task ACsvImportInvitesEveryRow()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var csv = $"""
            email,name,profession,role
            a-{suffix}@example.org,Ann Able,GP,member
            b-{suffix}@example.org,"Bob Baker, Jr",Practice nurse,lead
            c-{suffix}@example.org,Cath Cole,Patient/public representative,public representative
            """;

        var response = await (await As("lead@example.org")).PostAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members/import", Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await JsonAsync(response)).GetProperty("invited").GetInt32());
        await using var db = Db();
        var invited = await db.Invitations.Where(i => i.Email.EndsWith($"{suffix}@example.org")).OrderBy(i => i.Email).ToListAsync();
        Assert.Equal(["Ann Able", "Bob Baker, Jr", "Cath Cole"], invited.Select(i => i.Name));
        Assert.True(invited[2].IsPublicRepresentative);
        Assert.Equal(3, await db.Outbox.CountAsync(o => o.ToAddress.EndsWith($"{suffix}@example.org")));
    }

    [Fact]
    public async Task ACsvWithBadLinesNamesEachLineAndImportsNothing()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var csv = $"""
            email,name,profession,role
            good-{suffix}@example.org,Good Row,GP,member
            not-an-email,Bad Email,GP,member
            dup-{suffix}@example.org,First,GP,member
            dup-{suffix}@example.org,Second,GP,member
            other-{suffix}@example.org,,Astronaut,member
            """;

        var response = await (await As("lead@example.org")).PostAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members/import", Csv(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await JsonAsync(response);
        var lines = body.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("line").GetInt32(), l.GetProperty("field").GetString())).ToList();
        Assert.Contains((3, "email"), lines);
        Assert.Contains((5, "email"), lines);
        Assert.Contains((6, "name"), lines);
        Assert.Contains((6, "profession"), lines);
        Assert.DoesNotContain(lines, l => l.Item1 == 2);
        Assert.Contains("line 4", body.GetProperty("errors").GetProperty("line 5")[0].GetString());
        await using var db = Db();
        Assert.False(await db.Invitations.AnyAsync(i => i.Email.EndsWith($"{suffix}@example.org")));
    }

    [Fact]
    public async Task ACsvWithoutTheEmailColumnIsRefusedAtLineOne()
    {
        var response = await (await As("lead@example.org")).PostAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members/import",
            Csv("name,profession\nAnn,GP\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, (await JsonAsync(response)).GetProperty("lines")[0].GetProperty("line").GetInt32());
    }

    private static MultipartFormDataContent Csv(string csv) =>
        new() { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "members.csv" } };
}
