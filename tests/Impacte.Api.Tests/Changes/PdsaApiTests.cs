using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Testing;

namespace Impacte.Api.Tests.Changes;

public sealed class PdsaApiTests(ApiFactory api) : ApiTestBase(api)
{
    private const string Lead = "lead@example.org", Member = "gp@example.org", Nurse = "nurse.mk@example.org",
        OtherClubMember = "gp.luton@example.org", OtherClubLead = "lead.bedford@example.org";

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
    private static string DaysAgo(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-days)).ToString("yyyy-MM-dd");

    /// <summary>An agreed Milton Keynes change owned by gp@, with nurse.mk@ on the team.</summary>
    private async Task<string> ChangeAsync()
    {
        var response = await (await As(Lead)).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/changes", new
        {
            title = "Offer anticoagulation review", description = "Adults with AF not on an anticoagulant.",
            ownerId = await UserIdAsync(Member), dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3)).ToString("yyyy-MM-dd"),
            teamIds = new[] { await UserIdAsync(Nurse) },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private static object Plan(string what = "Pharmacist reviews the AF register on Tuesdays") => new
    {
        planWhat = what, planWho = "Practice pharmacist", planWhen = "Tuesday mornings in November", planWhere = "Main surgery",
        prediction = "Half of those eligible are offered a review within the month", plannedOn = DaysAgo(20),
    };

    private async Task<HttpResponseMessage> AddAsync(string email, string changeId, object body) =>
        await (await As(email)).PostAsJsonAsync($"/api/changes/{changeId}/pdsa", body);

    private async Task<HttpResponseMessage> PatchAsync(string email, string pdsaId, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/pdsa/{pdsaId}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await (await As(email)).SendAsync(request);
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
    }

    [Fact]
    public async Task CyclesAreNumberedInOrderListedForTheClubAndWrittenInTheChangesHistory()
    {
        var changeId = await ChangeAsync();

        var first = await AddAsync(Member, changeId, Plan());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var cycle = await JsonAsync(first);
        Assert.Equal($"/api/pdsa/{cycle.GetProperty("id").GetString()}", first.Headers.Location!.OriginalString);
        Assert.Equal(1, cycle.GetProperty("ordinal").GetInt32());
        Assert.Equal("Practice pharmacist", cycle.GetProperty("planWho").GetString());
        Assert.NotNull(first.Headers.ETag);
        var second = await JsonAsync(await AddAsync(Lead, changeId, Plan("Text message invitation to those not reviewed")));
        Assert.Equal(2, second.GetProperty("ordinal").GetInt32());

        var list = await JsonAsync(await (await As(Nurse)).GetAsync($"/api/changes/{changeId}/pdsa"));
        Assert.Equal([1, 2], list.EnumerateArray().Select(c => c.GetProperty("ordinal").GetInt32()));
        Assert.All(list.EnumerateArray(), c => Assert.False(c.GetProperty("canEdit").GetBoolean()));

        var history = await JsonAsync(await (await As(Nurse)).GetAsync($"/api/changes/{changeId}/history"));
        var pdsa = history.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "pdsa").ToList();
        Assert.Equal(2, pdsa.Count);
        Assert.StartsWith("PDSA cycle 1 planned", pdsa[0].GetProperty("note").GetString());
        Assert.Equal(await UserIdAsync(Member), pdsa[0].GetProperty("by").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task ACycleWithoutItsPlanIs400WithAnErrorPerField()
    {
        var changeId = await ChangeAsync();

        var errors = await ErrorsAsync(await AddAsync(Lead, changeId, new { planWhat = " ", act = "maybe", studiedOn = Today }));

        Assert.Equal(["act", "plannedOn", "planWhat", "prediction", "study"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task TheOwnerWritesDoStudyAndActInOrderEachWithItsDateAndIfMatch()
    {
        var changeId = await ChangeAsync();
        var added = await AddAsync(Lead, changeId, Plan());
        var id = (await JsonAsync(added)).GetProperty("id").GetString()!;
        var etag = added.Headers.ETag!.Tag;

        var done = await PatchAsync(Member, id, new { whatHappened = "Eleven of twenty were offered a review.", doneOn = DaysAgo(10) }, etag);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.NotEqual(etag, done.Headers.ETag!.Tag);
        var studied = await PatchAsync(Member, id, new
        {
            study = "Slightly better than predicted; the Tuesday list filled up.", studiedOn = DaysAgo(5),
            act = "adapt", actNote = "Add a Thursday list.", actedOn = Today,
        }, done.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, studied.StatusCode);

        var cycle = await JsonAsync(studied);
        Assert.Equal("adapt", cycle.GetProperty("act").GetString());
        Assert.Equal(DaysAgo(10), cycle.GetProperty("doneOn").GetString());
        Assert.Equal(Today, cycle.GetProperty("actedOn").GetString());
        var history = await JsonAsync(await (await As(Lead)).GetAsync($"/api/changes/{changeId}/history"));
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("note").GetString() == "PDSA cycle 1: wrote study, act.");
    }

    [Fact]
    public async Task APartBeforeTheOneItFollowsOrDatedInTheFutureOrBeforeItIs400()
    {
        var changeId = await ChangeAsync();
        var added = await AddAsync(Lead, changeId, Plan());
        var id = (await JsonAsync(added)).GetProperty("id").GetString()!;
        var etag = added.Headers.ETag!.Tag;

        var studyFirst = await ErrorsAsync(await PatchAsync(Lead, id, new { study = "Too early", studiedOn = Today }, etag));
        Assert.Equal(["study"], studyFirst.EnumerateObject().Select(p => p.Name));
        var dates = await ErrorsAsync(await PatchAsync(Lead, id, new
        {
            whatHappened = "Done", doneOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).ToString("yyyy-MM-dd"),
        }, etag));
        Assert.Equal(["doneOn"], dates.EnumerateObject().Select(p => p.Name));
        var before = await ErrorsAsync(await PatchAsync(Lead, id, new { whatHappened = "Done", doneOn = DaysAgo(30) }, etag));
        Assert.Contains("before", before.GetProperty("doneOn")[0].GetString());
        var noDate = await ErrorsAsync(await PatchAsync(Lead, id, new { whatHappened = "Done" }, etag));
        Assert.Equal(["doneOn"], noDate.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task AnEditWithoutIfMatchIs428AndWithAStaleOneIs412()
    {
        var changeId = await ChangeAsync();
        var added = await AddAsync(Lead, changeId, Plan());
        var id = (await JsonAsync(added)).GetProperty("id").GetString()!;
        var etag = added.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(Lead, id, new { planWho = "Two pharmacists" }, etag)).StatusCode);

        var missing = await PatchAsync(Lead, id, new { planWhere = "Branch surgery" }, null);
        var stale = await PatchAsync(Member, id, new { planWhere = "Branch surgery" }, etag);

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task TeamMembersSeeCyclesButOnlyTheOwnerOrLeadWritesThemAndOtherClubsHear404()
    {
        var changeId = await ChangeAsync();
        var added = await AddAsync(Lead, changeId, Plan());
        var id = (await JsonAsync(added)).GetProperty("id").GetString()!;
        var etag = added.Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.Forbidden, (await AddAsync(Nurse, changeId, Plan())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PatchAsync(Nurse, id, new { planWho = "Me" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AddAsync(OtherClubLead, changeId, Plan())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(OtherClubLead, id, new { planWho = "Me" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await As(OtherClubMember)).GetAsync($"/api/changes/{changeId}/pdsa")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(Lead, Guid.NewGuid().ToString(), new { planWho = "Me" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AddAsync(Lead, Guid.NewGuid().ToString(), Plan())).StatusCode);
    }

    [Fact]
    public async Task NoNewCycleOnAnAbandonedChangeButItsLastCycleCanStillBeStudied()
    {
        var changeId = await ChangeAsync();
        var added = await AddAsync(Lead, changeId, Plan());
        var id = (await JsonAsync(added)).GetProperty("id").GetString()!;
        var moved = await (await As(Lead)).PostAsJsonAsync($"/api/changes/{changeId}/transitions", new { to = "abandoned", reason = "The pharmacist left." });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await AddAsync(Lead, changeId, Plan())).StatusCode);
        var done = await PatchAsync(Member, id, new { whatHappened = "Stopped after two weeks.", doneOn = DaysAgo(2) }, added.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
    }
}
