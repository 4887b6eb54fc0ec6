using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Testing;

namespace Impacte.Api.Tests.Changes;

public sealed class ChangesApiTests(ApiFactory api) : ApiTestBase(api)
{
    private const string Lead = "lead@example.org", Member = "gp@example.org", Nurse = "nurse.mk@example.org",
        OtherClubMember = "gp.luton@example.org", OtherClubLead = "lead.bedford@example.org", Admin = "admin@example.org";

    private static string DueOn => DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3)).ToString("yyyy-MM-dd");

    private async Task<HttpResponseMessage> CreateAsync(string email, object body) =>
        await (await As(email)).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/changes", body);

    /// <summary>An agreed Milton Keynes change owned by gp@, with nurse.mk@ on the team.</summary>
    private async Task<JsonElement> AgreedAsync(string title = "Offer anticoagulation review to people with AF")
    {
        var response = await CreateAsync(Lead, new
        {
            title, description = "Adults with AF and CHA2DS2-VASc of 2 or more who are not on an anticoagulant.",
            ownerId = await UserIdAsync(Member), dueOn = DueOn, teamIds = new[] { await UserIdAsync(Nurse) },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private static string Id(JsonElement change) => change.GetProperty("id").GetString()!;

    private async Task<HttpResponseMessage> MoveAsync(string email, JsonElement change, object body) =>
        await (await As(email)).PostAsJsonAsync($"/api/changes/{Id(change)}/transitions", body);

    private async Task<HttpResponseMessage> PatchAsync(string email, JsonElement change, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/changes/{Id(change)}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await (await As(email)).SendAsync(request);
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ALeadAgreesAChangeAnd201CarriesItsIdStatusAndETag()
    {
        var response = await CreateAsync(Lead, new
        {
            title = "Offer anticoagulation review", description = "Adults with AF not on an anticoagulant.",
            ownerId = await UserIdAsync(Member), dueOn = DueOn, teamIds = new[] { await UserIdAsync(Nurse) },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var change = await JsonAsync(response);
        Assert.Equal($"/api/changes/{Id(change)}", response.Headers.Location!.OriginalString);
        Assert.True(Guid.TryParse(Id(change), out _));
        Assert.Equal("agreed", change.GetProperty("status").GetString());
        Assert.Equal(await UserIdAsync(Member), change.GetProperty("owner").GetProperty("id").GetGuid());
        Assert.Equal(DueOn, change.GetProperty("dueOn").GetString());
        Assert.Equal([await UserIdAsync(Nurse)], change.GetProperty("team").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.NotNull(response.Headers.ETag);

        var list = await JsonAsync(await (await As(Nurse)).GetAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/changes"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == Id(change));
        Assert.True(list.GetProperty("total").GetInt32() >= 1);
    }

    [Fact]
    public async Task AChangeWithoutItsFieldsIs400WithAnErrorPerField()
    {
        var response = await CreateAsync(Lead, new { title = " ", ownerId = await UserIdAsync(OtherClubMember), dueOn = "2020-01-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await ProblemAsync(response)).RootElement.GetProperty("errors");
        Assert.Equal(["description", "dueOn", "ownerId", "title"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task ANhsNumberInTheDescriptionIsRefused()
    {
        var response = await CreateAsync(Lead, new
        {
            title = "Review one patient", description = "Start with 943 476 5919.", ownerId = await UserIdAsync(Member), dueOn = DueOn,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("description", await ProblemAsync(response));
    }

    [Fact]
    public async Task AMemberWhoIsNotALeadMayNotAgreeAChangeAndAnotherClubDoesNotSeeTheClub()
    {
        var body = new { title = "x", description = "y", ownerId = await UserIdAsync(Member), dueOn = DueOn };
        Assert.Equal(HttpStatusCode.Forbidden, (await CreateAsync(Member, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CreateAsync(OtherClubLead, body)).StatusCode);
    }

    [Fact]
    public async Task AnAgreedChangeIs404ToAnotherClubAnd403ToAMemberWhoIsNotTheOwner()
    {
        var change = await AgreedAsync();

        var outsider = await As(OtherClubMember);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/changes/{Id(change)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/changes/{Id(change)}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MoveAsync(OtherClubLead, change, new { to = "in-progress" })).StatusCode);
        Assert.DoesNotContain((await JsonAsync(await outsider.GetAsync("/api/changes"))).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetString() == Id(change));

        var nurse = await As(Nurse);
        var seen = await nurse.GetAsync($"/api/changes/{Id(change)}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.False((await JsonAsync(seen)).GetProperty("canEdit").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync(Nurse, change, new { to = "in-progress" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PatchAsync(Nurse, change, new { title = "Mine now" }, seen.Headers.ETag!.Tag)).StatusCode);
    }

    [Fact]
    public async Task AnEditWithAStaleETagIs412AndWithoutIfMatchIs428()
    {
        var change = await AgreedAsync();
        var read = await (await As(Member)).GetAsync($"/api/changes/{Id(change)}");
        var etag = read.Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await PatchAsync(Member, change, new { title = "No tag" }, null)).StatusCode);
        var first = await PatchAsync(Member, change, new { title = "Review AF patients' anticoagulation" }, etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);
        Assert.Equal("Review AF patients' anticoagulation", (await JsonAsync(first)).GetProperty("title").GetString());

        var stale = await PatchAsync(Lead, change, new { title = "Overwrite" }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await ProblemAsync(stale);
        var now = await JsonAsync(await (await As(Lead)).GetAsync($"/api/changes/{Id(change)}"));
        Assert.Equal("Review AF patients' anticoagulation", now.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AMoveTheWorkflowDoesNotAllowIs409()
    {
        var change = await AgreedAsync();
        var response = await MoveAsync(Member, change, new { to = "sustained" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("in progress", await ProblemAsync(response));
    }

    [Fact]
    public async Task AbandoningWithoutAReasonIs400OnReasonAndWithOneIsKept()
    {
        var change = await AgreedAsync();
        var refused = await MoveAsync(Lead, change, new { to = "abandoned" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(JsonDocument.Parse(await ProblemAsync(refused)).RootElement.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await MoveAsync(Lead, change, new { to = "finished" })).StatusCode);

        var abandoned = await MoveAsync(Lead, change, new { to = "abandoned", reason = "Nobody could run the EMIS search." });
        Assert.Equal(HttpStatusCode.OK, abandoned.StatusCode);
        var body = await JsonAsync(abandoned);
        Assert.Equal("abandoned", body.GetProperty("status").GetString());
        Assert.Equal("Nobody could run the EMIS search.", body.GetProperty("abandonReason").GetString());
        Assert.Equal(0, body.GetProperty("allowedTransitions").GetArrayLength());
    }

    [Fact]
    public async Task TheWholeNetworkSeesAChangeOnceItIsImplementedButOnlyItsClubEditsIt()
    {
        var change = await AgreedAsync("Stop routine vitamin D testing");
        var outsider = await As(OtherClubMember);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/changes/{Id(change)}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(Member, change, new { to = "in-progress" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/changes/{Id(change)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(Member, change, new { to = "implemented" })).StatusCode);

        var seen = await outsider.GetAsync($"/api/changes/{Id(change)}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        var network = await JsonAsync(await outsider.GetAsync($"/api/changes?status=implemented&clubId={await ClubIdAsync(MiltonKeynes)}"));
        Assert.Contains(network.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == Id(change));
        Assert.Equal(HttpStatusCode.Forbidden, (await PatchAsync(OtherClubMember, change, new { title = "x" }, seen.Headers.ETag!.Tag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync(OtherClubMember, change, new { to = "sustained" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetAsync($"/api/changes/{Id(change)}/history")).StatusCode);
    }

    [Fact]
    public async Task WhatDidNotWorkIsTakenOnceTheChangeIsImplemented()
    {
        var change = await AgreedAsync();
        var early = await PatchAsync(Member, change, new { whatDidNotWork = "Too soon" },
            (await (await As(Member)).GetAsync($"/api/changes/{Id(change)}")).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("whatDidNotWork", await ProblemAsync(early));

        await MoveAsync(Member, change, new { to = "in-progress" });
        var implemented = await MoveAsync(Member, change, new { to = "implemented" });
        var later = await PatchAsync(Member, change,
            new { whatDidNotWork = "Locums did not see the prompt.", howItMadeADifference = "We now review every AF patient yearly." },
            implemented.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal("Locums did not see the prompt.", (await JsonAsync(later)).GetProperty("whatDidNotWork").GetString());
    }

    [Fact]
    public async Task TheHistorySaysWhoDidWhatAndWhen()
    {
        var change = await AgreedAsync();
        var read = await (await As(Lead)).GetAsync($"/api/changes/{Id(change)}");
        await PatchAsync(Lead, change, new { dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(4)).ToString("yyyy-MM-dd") }, read.Headers.ETag!.Tag);
        await MoveAsync(Member, change, new { to = "in-progress" });

        var history = (await JsonAsync(await (await As(Nurse)).GetAsync($"/api/changes/{Id(change)}/history"))).EnumerateArray().ToList();
        Assert.Equal(["created", "edited", "transition"], history.Select(h => h.GetProperty("kind").GetString()));
        Assert.Equal("Changed due date.", history[1].GetProperty("note").GetString());
        Assert.Equal("agreed", history[2].GetProperty("from").GetString());
        Assert.Equal("in-progress", history[2].GetProperty("to").GetString());
        Assert.Equal(await UserIdAsync(Member), history[2].GetProperty("by").GetProperty("id").GetGuid());
        Assert.Equal(await UserIdAsync(Lead), history[0].GetProperty("by").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task TheNetworkListIsFilteredAndPaged()
    {
        var mine = await AgreedAsync("Paging one");
        await AgreedAsync("Paging two");
        var client = await As(Admin);
        var page = await JsonAsync(await client.GetAsync($"/api/changes?ownerId={await UserIdAsync(Member)}&status=agreed&pageSize=1"));
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt32() >= 2);
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal("agreed", i.GetProperty("status").GetString()));

        var none = await JsonAsync(await client.GetAsync($"/api/changes?ownerId={await UserIdAsync(Nurse)}"));
        Assert.DoesNotContain(none.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == Id(mine));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/changes?status=done")).StatusCode);
    }
}
