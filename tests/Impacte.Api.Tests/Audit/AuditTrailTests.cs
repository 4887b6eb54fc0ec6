using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Audit;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Impacte.Api.Tests.Audit;

/// <summary>Every privileged act lands in the audit trail (who, when, what, from where); admins read it and export it.</summary>
public sealed class AuditTrailTests(AddressedApiFactory api) : AddressedTestBase(api)
{
    public static TheoryData<string> Acts => new()
    {
        "person.role-granted", "membership.removed", "invitation.sent", "club.settings-changed", "club.created",
        "appraisal.returned", "admin.signed-in", "person.exported", "person.erased",
    };

    /// <summary>Does the act through the API as the one who may, and returns who that was.</summary>
    private async Task<string> ActAsync(string action)
    {
        var admin = await As("admin@example.org");
        switch (action)
        {
            case "person.role-granted":
                await AssertStatusAsync(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/people/{await UserIdAsync("gp2.bedford@example.org")}/roles", new { librarian = true }));
                return "admin@example.org";
            case "membership.removed":
                var lead = await As("lead.bedford@example.org");
                await AssertStatusAsync(HttpStatusCode.NoContent,
                    await lead.DeleteAsync($"/api/clubs/{await ClubIdAsync(Bedford)}/members/{await UserIdAsync("hca.bedford@example.org")}"));
                return "lead.bedford@example.org";
            case "invitation.sent":
                await AssertStatusAsync(HttpStatusCode.Accepted, await (await As("lead.luton@example.org")).PostAsJsonAsync(
                    $"/api/clubs/{await ClubIdAsync(Luton)}/members", new { email = $"audit-{Guid.NewGuid():N}@example.org", name = "New Person", role = "member" }));
                return "lead.luton@example.org";
            case "club.settings-changed":
                var clubId = await ClubIdAsync(Luton);
                var get = await admin.GetAsync($"/api/clubs/{clubId}");
                var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/clubs/{clubId}") { Content = JsonContent.Create(new { name = "Luton Audit Surgery" }) };
                patch.Headers.IfMatch.Add(new EntityTagHeaderValue(get.Headers.ETag!.Tag));
                await AssertStatusAsync(HttpStatusCode.OK, await admin.SendAsync(patch));
                return "admin@example.org";
            case "club.created":
                await AssertStatusAsync(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/clubs", new { name = "Audit Club", odsCode = "Y99999", timeZone = "Europe/London" }));
                return "admin@example.org";
            case "appraisal.returned":
                var appraisalId = await SubmittedAppraisalAsync();
                await AssertStatusAsync(HttpStatusCode.OK,
                    await (await As("librarian2@example.org")).PostAsJsonAsync($"/api/appraisals/{appraisalId}/return", new { comment = "Add the search." }));
                return "librarian2@example.org";
            case "admin.signed-in":
                await AssertStatusAsync(HttpStatusCode.OK, await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "admin@example.org", password = ApiFactory.Password }));
                return "admin@example.org";
            case "person.exported":
                await AssertStatusAsync(HttpStatusCode.OK, await admin.PostAsync($"/api/admin/people/{await UserIdAsync("nurse.luton@example.org")}/export", null));
                return "admin@example.org";
            case "person.erased":
                await AssertStatusAsync(HttpStatusCode.OK, await admin.PostAsJsonAsync(
                    $"/api/admin/people/{await UserIdAsync("manager.luton@example.org")}/erase", new { confirmEmail = "manager.luton@example.org" }));
                return "admin@example.org";
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    [Theory]
    [MemberData(nameof(Acts))]
    public async Task EachPrivilegedActIsRecordedWithWhoWhenAndFromWhere(string action)
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var who = await ActAsync(action);
        var actorId = await UserIdAsync(who);
        await using var db = Db();
        var recorded = await db.Set<AuditEvent>().Where(e => e.Action == action && e.ActorId == actorId && e.At >= since).ToListAsync();
        // Signing in as admin to act is itself an admin sign-in, so that act may be there more than once.
        Assert.True(action == "admin.signed-in" ? recorded.Count >= 1 : recorded.Count == 1, $"{recorded.Count} × {action}");
        Assert.All(recorded, e => Assert.Equal(AddressedApiFactory.ClientAddress.ToString(), e.Ip));
    }

    [Fact]
    public async Task AClubSettingsChangeRecordsTheValuesBeforeAndAfter()
    {
        var clubId = await ClubIdAsync(Bedford);
        var admin = await As("admin@example.org");
        var get = await admin.GetAsync($"/api/clubs/{clubId}");
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/clubs/{clubId}") { Content = JsonContent.Create(new { timeZone = "Europe/Dublin" }) };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(get.Headers.ETag!.Tag));
        await AssertStatusAsync(HttpStatusCode.OK, await admin.SendAsync(patch));
        await using var db = Db();
        var e = await db.Set<AuditEvent>().SingleAsync(e => e.Action == "club.settings-changed" && e.TargetId == clubId);
        Assert.Contains("time zone: Europe/London", e.Before);
        Assert.Contains("time zone: Europe/Dublin", e.After);
    }

    [Fact]
    public async Task TheApplicationsConnectionCannotTruncateTheTrail()
    {
        await ActAsync("admin.signed-in");
        await using var db = Db();
        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_events"));
        Assert.True(await db.Set<AuditEvent>().AnyAsync());
    }

    [Fact]
    public async Task OnlyAdminsReadTheTrail()
    {
        foreach (var email in new[] { "lead@example.org", "librarian@example.org" })
        {
            var client = await As(email);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/admin/audit")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/admin/audit.csv")).StatusCode);
        }
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task AnAdminFiltersTheTrailByPersonAndDateAndExportsItAsCsvWithFormulasDefused()
    {
        var admin = await As("admin@example.org");
        var id = await UserIdAsync("public.bedford@example.org");
        await AssertStatusAsync(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/people/{id}/roles", new { librarian = true }));
        // A value a spreadsheet would run as a formula (club names are free text).
        var clubId = await ClubIdAsync(MiltonKeynes);
        var get = await admin.GetAsync($"/api/clubs/{clubId}");
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/clubs/{clubId}") { Content = JsonContent.Create(new { name = "=HYPERLINK(\"http://x\")" }) };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(get.Headers.ETag!.Tag));
        await admin.SendAsync(patch);

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, AuditLog.NetworkZone).DateTime);
        var mine = await JsonAsync(await admin.GetAsync($"/api/admin/audit?personId={id}&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}"));
        var only = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal("person.role-granted", only.GetProperty("action").GetString());
        Assert.Equal(0, (await JsonAsync(await admin.GetAsync($"/api/admin/audit?personId={id}&to={today.AddDays(-1):yyyy-MM-dd}"))).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/admin/audit?from={today:yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}")).StatusCode);

        var csv = await admin.GetAsync($"/api/admin/audit.csv?from={today:yyyy-MM-dd}");
        await AssertStatusAsync(HttpStatusCode.OK, csv);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("person.role-granted", text);
        Assert.DoesNotContain(",=HYPERLINK", text);
        Assert.DoesNotContain(",\"=HYPERLINK", text);
        Assert.Contains("'=HYPERLINK", text);

        // The page: the same filter, times in UK time, and its CSV.
        var session = PageSession.For(Api);
        await session.SignInAsync("admin@example.org");
        var page = await session.GetAsync($"/admin/audit?person=public.bedford@example.org");
        var row = Assert.Single(page.QuerySelectorAll("[data-testid=audit-row]"));
        Assert.Contains("Role granted", row.TextContent);
        Assert.Matches("GMT|BST", row.TextContent);
        var pageCsv = await session.Client.GetAsync("/admin/audit?handler=Csv&person=public.bedford@example.org");
        Assert.Contains("person.role-granted", await pageCsv.Content.ReadAsStringAsync());
    }

    /// <summary>An appraisal written by one librarian and submitted, ready for a second to check.</summary>
    private async Task<Guid> SubmittedAppraisalAsync()
    {
        await using var db = Db();
        var questionId = await db.Questions.Where(q => q.Club.OdsCode == Bedford).Select(q => q.Id).FirstAsync();
        var appraisal = new Appraisal
        {
            QuestionId = questionId, AuthorId = await UserIdAsync("librarian@example.org"), Status = AppraisalStatus.Submitted,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, SubmittedAt = DateTimeOffset.UtcNow,
        };
        db.Appraisals.Add(appraisal);
        await db.SaveChangesAsync();
        return appraisal.Id;
    }
}
