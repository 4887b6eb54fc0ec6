using System.Net;
using System.Net.Http.Json;
using Impacte.Api.Auth;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Security;

/// <summary>
/// The {meetingId}, {questionId}, {changeId}, {measureId}, {pdsaId} and {auditId} route filters: every endpoint naming one is guarded by the resource's own rule
/// (like {clubId}), and the guard answers in ProblemDetails before the handler runs.
/// </summary>
public sealed class ResourceFilterTests(ApiFactory api) : ApiTestBase(api)
{
    private IEnumerable<RouteEndpoint> ApiEndpoints() =>
        Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api"));

    [Fact]
    public void EveryMeetingScopedApiEndpointChecksTheMeeting()
    {
        var meetingScoped = ApiEndpoints().Where(e => e.RoutePattern.RawText!.Contains("{meetingId")).ToList();
        Assert.NotEmpty(meetingScoped);
        Assert.Empty(meetingScoped.Where(e => e.Metadata.GetMetadata<MeetingPermissionMetadata>() is null).Select(e => e.RoutePattern.RawText));
    }

    [Fact]
    public void EveryQuestionScopedApiEndpointChecksTheQuestion()
    {
        var questionScoped = ApiEndpoints().Where(e => e.RoutePattern.RawText!.Contains("{questionId")).ToList();
        Assert.NotEmpty(questionScoped);
        Assert.Empty(questionScoped.Where(e => e.Metadata.GetMetadata<QuestionPermissionMetadata>() is null).Select(e => e.RoutePattern.RawText));
    }

    /// <summary>A practice change's measures, PDSA cycles and audits answer as the change does, each through its own filter.</summary>
    [Theory]
    [InlineData("changeId")]
    [InlineData("measureId")]
    [InlineData("pdsaId")]
    [InlineData("auditId")]
    public void EveryChangeScopedApiEndpointChecksTheChange(string routeKey)
    {
        var scoped = ApiEndpoints().Where(e => e.RoutePattern.RawText!.Contains("{" + routeKey)).ToList();
        Assert.NotEmpty(scoped);
        Assert.Empty(scoped.Where(e => e.Metadata.GetOrderedMetadata<ChangePermissionMetadata>().All(m => m.RouteKey != routeKey))
            .Select(e => e.RoutePattern.RawText));
    }

    [Fact]
    public async Task AMemberOfAnotherClubIsToldAChangeItsMeasureCycleAndAuditDoNotExist()
    {
        var (changeId, measureId, pdsaId, auditId) = await ChangeAsync();
        var luton = await As("gp.luton@example.org");

        await AssertProblemAsync(HttpStatusCode.NotFound, "The change was not found.", await luton.GetAsync($"/api/changes/{changeId}"));
        await AssertProblemAsync(HttpStatusCode.NotFound, "The change was not found.", await luton.GetAsync($"/api/changes/{changeId}/report"));
        await AssertProblemAsync(HttpStatusCode.NotFound, "The measure was not found.", await luton.GetAsync($"/api/measures/{measureId}/chart"));
        await AssertProblemAsync(HttpStatusCode.NotFound, "The PDSA cycle was not found.",
            await luton.PatchAsJsonAsync($"/api/pdsa/{pdsaId}", new { doNotes = "x" }));
        await AssertProblemAsync(HttpStatusCode.NotFound, "The audit was not found.",
            await luton.PostAsJsonAsync($"/api/audits/{auditId}/result", new { note = "x" }));
    }

    [Fact]
    public async Task AMemberWhoDoesNotOwnAChangeMaySeeItsMeasureButNotEnterNumbersOrSetAuditDates()
    {
        var (_, measureId, pdsaId, auditId) = await ChangeAsync();
        var gp = await As("gp@example.org");

        await AssertStatusAsync(HttpStatusCode.OK, await gp.GetAsync($"/api/measures/{measureId}"));
        // Refused before If-Match or the body is read: the filter answers, not the handler.
        await AssertProblemAsync(HttpStatusCode.Forbidden, "Only the change's owner or the club's leads can do this.",
            await gp.PutAsJsonAsync($"/api/measures/{measureId}/points/2025-01", new { numerator = 1, denominator = 2 }));
        await AssertProblemAsync(HttpStatusCode.Forbidden, "Only the change's owner or the club's leads can do this.",
            await gp.PatchAsJsonAsync($"/api/pdsa/{pdsaId}", new { doNotes = "x" }));
        await AssertProblemAsync(HttpStatusCode.Forbidden, "Only the club's leads set audit dates.",
            await gp.PatchAsJsonAsync($"/api/audits/{auditId}", new { dueOn = "2030-01-01" }));
        await using var db = Db();
        Assert.False(await db.Set<Domain.Measures.Measurement>().AnyAsync(m => m.MeasureId == measureId));
    }

    [Fact]
    public async Task AMemberOfAnotherClubAskingForAMeetingIsToldItDoesNotExist()
    {
        var meetingId = await MeetingAsync();
        var luton = await As("gp.luton@example.org");

        foreach (var response in new[]
                 {
                     await luton.GetAsync($"/api/meetings/{meetingId}"),
                     await luton.PutAsJsonAsync($"/api/meetings/{meetingId}/rsvp", new { response = "yes" }),
                 })
        {
            await AssertProblemAsync(HttpStatusCode.NotFound, "The meeting was not found.", response);
        }
        // Nothing was written for the stranger.
        await using var db = Db();
        Assert.False(await db.Rsvps.AnyAsync(r => r.MeetingId == meetingId));
    }

    [Fact]
    public async Task ALibrarianMaySeeAMeetingButNotAnswerItsRsvp()
    {
        var meetingId = await MeetingAsync();
        var librarian = await As("librarian@example.org");

        await AssertStatusAsync(HttpStatusCode.OK, await librarian.GetAsync($"/api/meetings/{meetingId}"));
        await AssertProblemAsync(HttpStatusCode.Forbidden, "Only the club's members can see this.",
            await librarian.PutAsJsonAsync($"/api/meetings/{meetingId}/rsvp", new { response = "yes" }));
    }

    [Fact]
    public async Task AMemberOfAnotherClubIsToldAProposedQuestionDoesNotExistButReadsAnAnsweredOne()
    {
        var proposed = await QuestionAsync(QuestionStatus.Proposed);
        var answered = await QuestionAsync(QuestionStatus.Answered);
        var luton = await As("gp.luton@example.org");

        await AssertProblemAsync(HttpStatusCode.NotFound, "The question was not found.", await luton.GetAsync($"/api/questions/{proposed}"));
        await AssertProblemAsync(HttpStatusCode.NotFound, "The question was not found.", await luton.PutAsync($"/api/questions/{proposed}/vote", null));
        await AssertStatusAsync(HttpStatusCode.OK, await luton.GetAsync($"/api/questions/{answered}"));
        // Seeing an answered question is not a vote in another club.
        await AssertProblemAsync(HttpStatusCode.Forbidden, "Only the club's members vote on its questions.",
            await luton.PutAsync($"/api/questions/{answered}/vote", null));
    }

    [Fact]
    public async Task AMemberWhoDidNotProposeAQuestionMayNotEditItEvenWithoutIfMatch()
    {
        var proposed = await QuestionAsync(QuestionStatus.Proposed);
        var member = await As("gp@example.org");

        await AssertProblemAsync(HttpStatusCode.Forbidden, "Only the person who proposed the question, or the club lead, can edit it.",
            await member.PatchAsJsonAsync($"/api/questions/{proposed}", new { population = "Adults" }));
    }

    private static async Task AssertProblemAsync(HttpStatusCode status, string detail, HttpResponseMessage response)
    {
        await AssertStatusAsync(status, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(detail, (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    private async Task<Guid> MeetingAsync()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        await using var db = Db();
        var start = DateTimeOffset.UtcNow.AddDays(30);
        var meeting = new Domain.Meetings.Meeting { ClubId = clubId, StartsAt = start, EndsAt = start.AddHours(1), CreatedAt = DateTimeOffset.UtcNow };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    /// <summary>A Milton Keynes change owned by a nurse (none of the people these tests sign in as), with a measure, an audit and a cycle.</summary>
    private async Task<(Guid Change, Guid Measure, Guid Pdsa, Guid Audit)> ChangeAsync()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var ownerId = await UserIdAsync("nurse.mk@example.org");
        await using var db = Db();
        var now = DateTimeOffset.UtcNow;
        var change = new Domain.Changes.PracticeChange
        {
            ClubId = clubId, OwnerId = ownerId, Title = "Filter change", Description = "For the filters",
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(1)), CreatedAt = now, UpdatedAt = now,
        };
        var measure = new Domain.Measures.Measure
        {
            ChangeId = change.Id, Name = "Filter measure", NumeratorDefinition = "done", DenominatorDefinition = "eligible", CreatedAt = now, UpdatedAt = now,
        };
        measure.Baselines.Add(new Domain.Measures.MeasureBaseline { MeasureId = measure.Id, Points = measure.BaselinePoints, At = now });
        var audit = new Domain.Measures.MeasureAudit { MeasureId = measure.Id, Kind = Domain.Measures.AuditKind.ReAudit, CreatedAt = now };
        measure.Audits.Add(audit);
        var cycle = new Domain.Changes.PdsaCycle
        {
            ChangeId = change.Id, Ordinal = 1, PlanWhat = "Filter cycle", Prediction = "For the filters",
            PlannedOn = DateOnly.FromDateTime(DateTime.UtcNow), CreatedAt = now, UpdatedAt = now,
        };
        db.Add(change);
        db.Add(measure);
        db.Add(cycle);
        await db.SaveChangesAsync();
        return (change.Id, measure.Id, cycle.Id, audit.Id);
    }

    /// <summary>A Milton Keynes question from the demo seeds, proposed by none of the people these tests sign in as.</summary>
    private async Task<Guid> QuestionAsync(QuestionStatus status)
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var gp = await UserIdAsync("gp@example.org");
        await using var db = Db();
        return await db.Questions.Where(q => q.ClubId == clubId && q.Status == status && q.ProposerId != gp)
            .OrderBy(q => q.CreatedAt).Select(q => q.Id).FirstAsync();
    }
}
