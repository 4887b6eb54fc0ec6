using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hangfire;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Audit;
using Impacte.Domain.Email;
using Impacte.Domain.Operations;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Impacte.Api.Tests.Audit;

/// <summary>Every privileged act lands in the audit trail (who, when, what, from where); admins read it and export it.</summary>
public sealed class AuditTrailTests(AddressedApiFactory api) : AddressedTestBase(api)
{
    public static TheoryData<string> Acts => new()
    {
        "person.role-granted", "membership.removed", "invitation.sent", "club.settings-changed", "club.created",
        "appraisal.returned", "appraisal.published", "job.triggered", "email.retried", "admin.signed-in", "person.exported", "person.erased",
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
            case "appraisal.published":
                var draftId = await CompleteDraftAsync();
                await AssertStatusAsync(HttpStatusCode.OK, await (await As("librarian@example.org")).PostAsync($"/api/appraisals/{draftId}/submit", null));
                await AssertStatusAsync(HttpStatusCode.OK, await (await As("librarian2@example.org")).PostAsync($"/api/appraisals/{draftId}/publish", null));
                return "librarian2@example.org";
            case "job.triggered":
                RegisterReadingPacks();
                await AssertStatusAsync(HttpStatusCode.Accepted, await admin.PostAsync($"/api/ops/jobs/{RecurringJobIds.ReadingPacks}/trigger", null));
                return "admin@example.org";
            case "email.retried":
                await AssertStatusAsync(HttpStatusCode.OK, await admin.PostAsync($"/api/ops/outbox/{await FailedEmailAsync()}/retry", null));
                return "admin@example.org";
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

    [Theory]
    [InlineData("/api/admin/audit.csv?to=9999-12-31", "to")]
    [InlineData("/api/admin/audit?to=9999-12-31", "to")]
    [InlineData("/api/admin/audit?from=0001-01-01", "from")]
    public async Task AFarOffDateInTheTrailsFilterIsAFieldErrorNotAServerError(string url, string field)
    {
        var response = await (await As("admin@example.org")).GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
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

    [Fact]
    public async Task RunNowOnTheOpsPageAndATriggerFromTheJobsDashboardAreRecordedWithTheJob()
    {
        RegisterReadingPacks();
        // The acts this test makes are those not there before it (a time window also caught the job the class's
        // previous test had triggered a moment before, in CI).
        List<Guid> earlier;
        await using (var before = Db())
            earlier = await before.Set<AuditEvent>().Where(e => e.Action.StartsWith("job.")).Select(e => e.Id).ToListAsync();
        var adminId = await UserIdAsync("admin@example.org");
        var session = PageSession.For(Api);
        await AssertStatusAsync(HttpStatusCode.OK, await session.SignInAsync("admin@example.org"));

        var ops = await session.GetAsync("/ops");
        var token = ops.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await AssertStatusAsync(HttpStatusCode.OK, await session.Client.PostAsync($"/ops?handler=Trigger&name={RecurringJobIds.ReadingPacks}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })));

        // Hangfire's own Dashboard triggers without going through IMPACTE's action: recorded all the same.
        var recurring = await session.GetAsync("/ops/hangfire/recurring");
        HttpRequestMessage DashboardTrigger(bool withToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/ops/hangfire/recurring/trigger")
            {
                Content = new FormUrlEncodedContent([new("jobs[]", RecurringJobIds.ReadingPacks)]),
            };
            if (withToken)
                request.Headers.Add(recurring.QuerySelector("meta[name=csrf-header]")!.GetAttribute("content")!,
                    recurring.QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!);
            return request;
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.SendAsync(DashboardTrigger(withToken: false))).StatusCode);
        Assert.True((await session.Client.SendAsync(DashboardTrigger(withToken: true))).IsSuccessStatusCode);

        await using var db = Db();
        var recorded = await db.Set<AuditEvent>().Where(e => e.Action == "job.triggered" && !earlier.Contains(e.Id)).OrderBy(e => e.At).ToListAsync();
        Assert.Equal(2, recorded.Count); // the refused one is not there
        Assert.All(recorded, e => Assert.Equal((adminId, RecurringJobIds.ReadingPacks, AddressedApiFactory.ClientAddress.ToString()), (e.ActorId, e.After, e.Ip)));
        // Reading the Dashboard (its stats poll is a POST too) records nothing.
        await session.Client.PostAsync("/ops/hangfire/stats", new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]));
        Assert.Equal(2, await db.Set<AuditEvent>().CountAsync(e => e.ActorId == adminId && e.Action.StartsWith("job.") && !earlier.Contains(e.Id)));
    }

    private void RegisterReadingPacks() =>
        Api.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<IReadingPackJob>(RecurringJobIds.ReadingPacks, j => j.RunAsync(CancellationToken.None), Cron.Yearly());

    private async Task<Guid> FailedEmailAsync()
    {
        var row = new Emails(new(), TimeProvider.System).AddedToClub(Guid.NewGuid(), Guid.NewGuid(), $"audit-{Guid.NewGuid():N}@example.org", "X", "Club", "Lead");
        (row.Status, row.LastError) = (OutboxStatus.Failed, "550 5.1.1 User unknown");
        await using var db = Db();
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    /// <summary>A complete draft by librarian@ (one paper, every checklist answer) of a question being searched, ready to submit.</summary>
    private async Task<Guid> CompleteDraftAsync()
    {
        Guid questionId;
        await using (var db = Db())
        {
            var question = await db.Questions.AsNoTracking().Where(q => q.Club.OdsCode == MiltonKeynes).FirstAsync();
            var copy = new ClinicalQuestion
            {
                ClubId = question.ClubId, ProposerId = question.ProposerId, Population = question.Population, Intervention = question.Intervention,
                Comparison = question.Comparison, Outcome = question.Outcome, Type = question.Type, Urgency = question.Urgency,
                Title = $"{question.Title} (audit)", Sentence = question.Sentence, Status = QuestionStatus.Searching,
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Questions.Add(copy);
            db.QuestionTransitions.Add(new QuestionTransitionRecord
            {
                QuestionId = copy.Id, ById = await UserIdAsync("librarian@example.org"), At = DateTimeOffset.UtcNow,
                FromStatus = QuestionStatus.Accepted, ToStatus = QuestionStatus.Searching,
            });
            await db.SaveChangesAsync();
            questionId = copy.Id;
        }
        var client = await As("librarian@example.org");
        var paper = await JsonAsync(await client.PostAsJsonAsync("/api/papers", new { title = $"Audit paper {Guid.NewGuid():N}", year = 2016 }));
        var created = await client.PostAsJsonAsync("/api/appraisals", new { questionId, studyDesign = "rct" });
        await AssertStatusAsync(HttpStatusCode.Created, created);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}")
        {
            Content = JsonContent.Create(new
            {
                papers = new[] { new { paperId = paper.GetProperty("id").GetGuid() } },
                evidenceLevel = 2, grade = "low", bottomLine = "Offer it.", reviewBy = "2028-01-31", answers = Appraisals.Answered.All(),
            }),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(created.Headers.ETag!.Tag));
        await AssertStatusAsync(HttpStatusCode.OK, await client.SendAsync(patch));
        return id;
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
