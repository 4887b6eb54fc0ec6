using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Impacte.Testing;

namespace Impacte.Api.Tests.Questions;

public sealed class QuestionsApiTests(ApiFactory api) : ApiTestBase(api)
{
    /// <summary>A valid NHS number (the NHS's own test number), so the guardrail must refuse it.</summary>
    private const string NhsNumber = "943 476 5919";

    private async Task<HttpResponseMessage> ProposeAsync(string email, string ods, object? overrides = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["clubId"] = await ClubIdAsync(ods),
            ["population"] = "adults with chronic plaque psoriasis",
            ["intervention"] = "topical calcipotriol",
            ["comparison"] = "topical corticosteroid",
            ["outcome"] = "clearance at 8 weeks",
            ["type"] = "therapy",
            ["urgency"] = "routine",
            ["trigger"] = "A patient asked which cream works best.",
        };
        foreach (var p in overrides?.GetType().GetProperties() ?? [])
            body[p.Name] = p.GetValue(overrides);
        return await (await As(email)).PostAsJsonAsync("/api/questions", body);
    }

    private async Task<JsonElement> ProposedAsync(string email, string ods, object? overrides = null)
    {
        var response = await ProposeAsync(email, ods, overrides);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private static string Id(JsonElement question) => question.GetProperty("id").GetString()!;

    private async Task<HttpResponseMessage> MoveAsync(string email, JsonElement question, object body) =>
        await (await As(email)).PostAsJsonAsync($"/api/questions/{Id(question)}/transitions", body);

    private async Task<string> AnsweredQuestionIdAsync(string ods)
    {
        await using var db = Db();
        var clubId = await ClubIdAsync(ods);
        return db.Questions.Where(q => q.ClubId == clubId && q.Status == Domain.Questions.QuestionStatus.Answered)
            .Select(q => q.Id).First().ToString();
    }

    [Fact]
    public async Task AQuestionIsProposedWithAClinicalAreaThatTheLeadCorrectsLaterAndOthersCannot()
    {
        var created = await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "itch at 4 weeks", area = "respiratory" });
        Assert.Equal(("respiratory", "Respiratory"), (created.GetProperty("area").GetString(), created.GetProperty("areaLabel").GetString()));

        var bad = await ProposeAsync("gp@example.org", MiltonKeynes, new { outcome = "itch at 6 weeks", area = "dermatology-ish" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("area", out _));

        // Accepted now: no longer editable, but its area can still be corrected by the lead.
        var lead = await As("lead@example.org");
        var accepted = await MoveAsync("lead@example.org", created, new { to = "accepted" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        async Task<HttpResponseMessage> PatchAreaAsync(HttpClient client, string area)
        {
            var read = await client.GetAsync($"/api/questions/{Id(created)}");
            var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/questions/{Id(created)}") { Content = JsonContent.Create(new { area }) };
            request.Headers.IfMatch.Add(read.Headers.ETag!);
            return await client.SendAsync(request);
        }
        var corrected = await PatchAreaAsync(lead, "infection-antimicrobial");
        Assert.True(corrected.StatusCode == HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        Assert.Equal("Infection and antimicrobial stewardship", (await JsonAsync(corrected)).GetProperty("areaLabel").GetString());

        // The proposer's edits end with the proposal; another member never had them.
        Assert.Equal(HttpStatusCode.Conflict, (await PatchAreaAsync(await As("gp@example.org"), "other")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PatchAreaAsync(await As("nurse.mk@example.org"), "other")).StatusCode);
    }

    [Fact]
    public async Task TheQuestionListAndItsPageShowEachQuestionsClinicalArea()
    {
        var filed = await ProposedAsync("gp@example.org", MiltonKeynes, new { population = "adults with scalp psoriasis listed by area", area = "musculoskeletal" });
        var unfiled = await ProposedAsync("gp@example.org", MiltonKeynes, new { population = "adults with nail psoriasis listed without area" });

        var gp = await As("gp@example.org");
        var list = await gp.GetFromJsonAsync<JsonElement>($"/api/questions?clubId={await ClubIdAsync(MiltonKeynes)}&status=proposed&pageSize=100&sort=date");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        var withArea = items.Single(i => i.GetProperty("id").GetString() == Id(filed));
        Assert.Equal(("musculoskeletal", "Musculoskeletal"), (withArea.GetProperty("area").GetString(), withArea.GetProperty("areaLabel").GetString()));
        var without = items.Single(i => i.GetProperty("id").GetString() == Id(unfiled));
        Assert.Equal(JsonValueKind.Null, without.GetProperty("area").ValueKind);

        var session = Impacte.Api.Tests.Pages.PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        var page = await session.GetAsync("/questions?q=scalp+psoriasis+listed+by+area");
        var result = page.QuerySelectorAll("[data-testid=results] li").Single(li => li.TextContent.Contains("scalp psoriasis listed by area"));
        Assert.Equal("Musculoskeletal ·", result.QuerySelector("[data-testid=question-area]")?.TextContent.Trim());
    }

    [Fact]
    public async Task AMemberProposesAQuestionAndReadsItBackWithItsETag()
    {
        var response = await ProposeAsync("gp@example.org", MiltonKeynes);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        Assert.Equal($"/api/questions/{Id(created)}", response.Headers.Location?.OriginalString);
        Assert.Equal("proposed", created.GetProperty("status").GetString());
        Assert.Equal("In adults with chronic plaque psoriasis, what is the effect of topical calcipotriol, compared with topical corticosteroid, on clearance at 8 weeks?",
            created.GetProperty("sentence").GetString());
        Assert.Equal(1, created.GetProperty("askers").GetInt32());

        var get = await (await As("lead@example.org")).GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.NotNull(get.Headers.ETag);
        var read = await JsonAsync(get);
        Assert.Equal("Dr James Whitfield", read.GetProperty("proposer").GetProperty("name").GetString());
        Assert.Contains(read.GetProperty("availableTransitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "accepted");
    }

    [Fact]
    public async Task MissingAndUnknownFieldsAreEachNamed()
    {
        var response = await ProposeAsync("gp@example.org", MiltonKeynes,
            new { population = " ", outcome = (string?)null, type = "astrology", urgency = "yesterday", clubId = await ClubIdAsync(Bedford) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        foreach (var field in new[] { "population", "outcome", "type", "urgency", "clubId" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task MalformedJsonIsABadRequest()
    {
        var client = await As("gp@example.org");
        var response = await client.PostAsync("/api/questions", new StringContent("{\"clubId\": 12", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("population", "adults with psoriasis, e.g. " + NhsNumber)]
    [InlineData("trigger", "Patient 9434765919 asked about creams.")]
    public async Task AnNhsNumberIsRefusedNamingTheField(string field, string text)
    {
        var body = field == "population" ? (object)new { population = text } : new { trigger = text };
        var response = await ProposeAsync("gp@example.org", MiltonKeynes, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Contains("NHS number", errors.GetProperty(field)[0].GetString());
        Assert.Single(errors.EnumerateObject());
    }

    [Fact]
    public async Task ADateOfBirthIsSavedOnlyOnceConfirmed()
    {
        var trigger = "A man born 3/3/1961 asked about creams.";
        var warned = await ProposeAsync("gp@example.org", MiltonKeynes, new { trigger });

        Assert.Equal(HttpStatusCode.BadRequest, warned.StatusCode);
        var problem = await JsonAsync(warned);
        Assert.Equal("confirmIdentifierWarnings", problem.GetProperty("confirmWith").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("trigger", out _));

        var confirmed = await ProposeAsync("gp@example.org", MiltonKeynes, new { trigger, confirmIdentifierWarnings = true });
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
    }

    [Fact]
    public async Task SearchFindsWordsInAnyPicoPartAndPages()
    {
        foreach (var population in new[] { "adults", "children", "older adults" })
            await ProposedAsync("gp@example.org", MiltonKeynes, new { population = $"{population} with hidradenitis suppurativa" });
        await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "hidradenitis flares" });
        var client = await As("gp@example.org");

        var first = await JsonAsync(await client.GetAsync("/api/questions?search=hidradenitis&pageSize=3"));
        Assert.Equal(4, first.GetProperty("total").GetInt32());
        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        var second = await JsonAsync(await client.GetAsync("/api/questions?search=hidradenitis&pageSize=3&page=2"));
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        var beyond = await JsonAsync(await client.GetAsync("/api/questions?search=hidradenitis&pageSize=3&page=9"));
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
        Assert.Equal(4, beyond.GetProperty("total").GetInt32());

        var byDate = await JsonAsync(await client.GetAsync("/api/questions?search=hidradenitis&sort=date&pageSize=10"));
        var dates = byDate.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
    }

    [Fact]
    public async Task SearchFiltersByClubStatusAndType()
    {
        var client = await As("librarian@example.org");
        var clubId = await ClubIdAsync(Bedford);
        var page = await JsonAsync(await client.GetAsync($"/api/questions?clubId={clubId}&status=answered&type=therapy&pageSize=100"));

        Assert.True(page.GetProperty("total").GetInt32() > 0);
        Assert.All(page.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal(clubId, i.GetProperty("clubId").GetGuid());
            Assert.Equal("answered", i.GetProperty("status").GetString());
            Assert.Equal("therapy", i.GetProperty("type").GetString());
        });
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("type=bogus", "type")]
    [InlineData("sort=bogus", "sort")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task BadListParametersAreFieldErrors(string query, string field)
    {
        var response = await (await As("gp@example.org")).GetAsync($"/api/questions?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task OtherClubsSeeOnlyAnsweredQuestions()
    {
        var proposed = await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "pruritus in milton keynes" });
        var answeredId = await AnsweredQuestionIdAsync(MiltonKeynes);
        var bedford = await As("gp.bedford@example.org");

        Assert.Equal(HttpStatusCode.NotFound, (await bedford.GetAsync($"/api/questions/{Id(proposed)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bedford.GetAsync($"/api/questions/{answeredId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As("librarian@example.org")).GetAsync($"/api/questions/{Id(proposed)}")).StatusCode);

        var mkClub = await ClubIdAsync(MiltonKeynes);
        var visible = await JsonAsync(await bedford.GetAsync($"/api/questions?clubId={mkClub}&pageSize=100"));
        Assert.True(visible.GetProperty("total").GetInt32() > 0);
        Assert.All(visible.GetProperty("items").EnumerateArray(), i => Assert.Equal("answered", i.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await bedford.PutAsync($"/api/questions/{Id(proposed)}/vote", null)).StatusCode);
    }

    [Fact]
    public async Task MembersVoteOnceAndCanWithdraw()
    {
        var question = await ProposedAsync("nurse.mk@example.org", MiltonKeynes, new { outcome = "itch" });
        var gp = await As("gp@example.org");
        var url = $"/api/questions/{Id(question)}/vote";

        var voted = await JsonAsync(await gp.PutAsync(url, null));
        Assert.Equal(1, voted.GetProperty("votes").GetInt32());
        Assert.True(voted.GetProperty("myVote").GetBoolean());
        Assert.Equal(1, (await JsonAsync(await gp.PutAsync(url, null))).GetProperty("votes").GetInt32());
        Assert.Equal(2, (await JsonAsync(await (await As("lead@example.org")).PutAsync(url, null))).GetProperty("votes").GetInt32());

        var withdrawn = await JsonAsync(await gp.DeleteAsync(url));
        Assert.Equal(1, withdrawn.GetProperty("votes").GetInt32());
        Assert.False(withdrawn.GetProperty("myVote").GetBoolean());

        // A librarian sees the question but is not in the club.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("librarian@example.org")).PutAsync(url, null)).StatusCode);
    }

    [Fact]
    public async Task VotesAreOnlyForProposedQuestions()
    {
        var answeredId = await AnsweredQuestionIdAsync(MiltonKeynes);
        var response = await (await As("gp@example.org")).PutAsync($"/api/questions/{answeredId}/vote", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task AnyoneWhoSeesAQuestionCanSayTheyHaveItToo()
    {
        var answeredId = await AnsweredQuestionIdAsync(MiltonKeynes);
        var client = await As("gp2.luton@example.org");
        var before = await JsonAsync(await client.GetAsync($"/api/questions/{answeredId}"));

        var after = await JsonAsync(await client.PostAsync($"/api/questions/{answeredId}/askers", null));
        Assert.Equal(before.GetProperty("askers").GetInt32() + 1, after.GetProperty("askers").GetInt32());
        Assert.True(after.GetProperty("iAsk").GetBoolean());
        // Asking twice is still one person.
        var again = await JsonAsync(await client.PostAsync($"/api/questions/{answeredId}/askers", null));
        Assert.Equal(after.GetProperty("askers").GetInt32(), again.GetProperty("askers").GetInt32());
    }

    [Fact]
    public async Task TheLeadAcceptsAndTheMoveIsKeptInTheHistory()
    {
        var question = await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "scaling" });

        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync("gp@example.org", question, new { to = "accepted" })).StatusCode);
        var accepted = await MoveAsync("lead@example.org", question, new { to = "accepted" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var body = await JsonAsync(accepted);
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        var step = Assert.Single(body.GetProperty("history").EnumerateArray());
        Assert.Equal("proposed", step.GetProperty("from").GetString());
        Assert.Equal("Dr Sarah Okafor", step.GetProperty("by").GetString());

        // The librarian takes it on; the lead cannot.
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync("lead@example.org", question, new { to = "searching" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync("librarian@example.org", question, new { to = "searching" })).StatusCode);
    }

    [Fact]
    public async Task AnImpossibleMoveIsAConflictListingTheAllowedMoves()
    {
        var question = await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "relapse" });

        var response = await MoveAsync("lead@example.org", question, new { to = "answered", bottomLine = "Yes." });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var allowed = (await JsonAsync(response)).GetProperty("allowedTransitions").EnumerateArray()
            .Select(t => t.GetProperty("to").GetString()).ToList();
        Assert.Equal(["accepted", "declined", "duplicate"], allowed);
    }

    [Fact]
    public async Task DecliningNeedsAReasonWhichIsShownInTheHistory()
    {
        var question = await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "quality of life" });

        var missing = await MoveAsync("lead@example.org", question, new { to = "declined" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await JsonAsync(missing)).GetProperty("errors").TryGetProperty("reason", out _));

        var declined = await JsonAsync(await MoveAsync("lead@example.org", question, new { to = "declined", reason = "NICE covers it." }));
        Assert.Equal("NICE covers it.", declined.GetProperty("history")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await MoveAsync("lead@example.org", question, new { to = "sideways" })).StatusCode);
    }

    [Fact]
    public async Task MarkingADuplicateMovesVotesAndAskersToTheOriginal()
    {
        var original = await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "nail psoriasis" });
        var duplicate = await ProposedAsync("registrar.mk@example.org", MiltonKeynes, new { outcome = "nail psoriasis severity" });
        await (await As("nurse.mk@example.org")).PutAsync($"/api/questions/{Id(duplicate)}/vote", null);
        await (await As("gp@example.org")).PutAsync($"/api/questions/{Id(duplicate)}/vote", null);
        await (await As("gp@example.org")).PutAsync($"/api/questions/{Id(original)}/vote", null);
        await (await As("pharmacist.mk@example.org")).PostAsync($"/api/questions/{Id(duplicate)}/askers", null);

        var self = await MoveAsync("lead@example.org", duplicate, new { to = "duplicate", duplicateOfId = Id(duplicate) });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        var marked = await MoveAsync("lead@example.org", duplicate, new { to = "duplicate", duplicateOfId = Id(original) });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(Id(original), (await JsonAsync(marked)).GetProperty("duplicateOfId").GetString());

        var after = await JsonAsync(await (await As("lead@example.org")).GetAsync($"/api/questions/{Id(original)}"));
        Assert.Equal(2, after.GetProperty("votes").GetInt32()); // gp@ voted for both: still one vote
        Assert.Equal(3, after.GetProperty("askers").GetInt32()); // gp@ (proposer), registrar (duplicate's proposer), pharmacist
        var left = await JsonAsync(await (await As("lead@example.org")).GetAsync($"/api/questions/{Id(duplicate)}"));
        Assert.Equal(0, left.GetProperty("votes").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await (await As("gp2.mk@example.org")).PostAsync($"/api/questions/{Id(duplicate)}/askers", null)).StatusCode);
    }

    [Fact]
    public async Task EditingNeedsTheCurrentETag()
    {
        var question = await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "remission" });
        var url = $"/api/questions/{Id(question)}";
        var client = await As("gp@example.org");
        var etag = (await client.GetAsync(url)).Headers.ETag!;

        Assert.Equal((HttpStatusCode)428, (await client.PatchAsJsonAsync(url, new { urgency = "urgent" })).StatusCode);
        var edit = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { urgency = "urgent", comparison = "" }) };
        edit.Headers.IfMatch.Add(etag);
        var edited = await client.SendAsync(edit);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = await JsonAsync(edited);
        Assert.Equal("urgent", body.GetProperty("urgency").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("comparison").ValueKind);
        Assert.NotEqual(etag, edited.Headers.ETag);

        var stale = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { urgency = "soon" }) };
        stale.Headers.IfMatch.Add(etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task OnlyTheProposerOrLeadEditsAndOnlyWhileProposed()
    {
        var question = await ProposedAsync("gp@example.org", MiltonKeynes, new { outcome = "adherence" });
        var url = $"/api/questions/{Id(question)}";
        var etag = (await (await As("gp@example.org")).GetAsync(url)).Headers.ETag!;

        async Task<HttpStatusCode> PatchAs(string email, EntityTagHeaderValue tag)
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { urgency = "soon" }) };
            request.Headers.IfMatch.Add(tag);
            return (await (await As(email)).SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await PatchAs("nurse.mk@example.org", etag));
        Assert.Equal(HttpStatusCode.NotFound, await PatchAs("gp.bedford@example.org", etag));
        var accepted = await MoveAsync("lead@example.org", question, new { to = "accepted" });
        Assert.Equal(HttpStatusCode.Conflict, await PatchAs("lead@example.org", accepted.Headers.ETag!));
    }

    [Fact]
    public async Task SimilarQuestionsComeBestFirstAndOnlyWhatTheCallerMaySee()
    {
        var mk = await JsonAsync(await (await As("gp@example.org")).GetAsync("/api/questions/similar?text=statins in people over 75"));
        var titles = mk.EnumerateArray().Select(s => s.GetProperty("title").GetString()!).ToList();
        Assert.NotEmpty(titles);
        Assert.Contains("statin", titles[0], StringComparison.OrdinalIgnoreCase);
        var scores = mk.EnumerateArray().Select(s => s.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);

        // Luton sees Milton Keynes' and Bedford's statin questions only once answered: none are.
        var luton = await JsonAsync(await (await As("gp.luton@example.org")).GetAsync("/api/questions/similar?text=statins in people over 75"));
        Assert.All(luton.EnumerateArray(), s => Assert.DoesNotContain("statin", s.GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase));

        var answered = await JsonAsync(await (await As("gp.luton@example.org")).GetAsync("/api/questions/similar?text=knee osteoarthritis exercise"));
        var hit = Assert.Single(answered.EnumerateArray(), s => s.GetProperty("status").GetString() == "answered");
        Assert.False(string.IsNullOrEmpty(hit.GetProperty("bottomLine").GetString()));
    }

    [Fact]
    public async Task AWithdrawnQuestionIsNoLongerOfferedAsSimilar()
    {
        var zinc = new { population = "adults with a common cold", intervention = "zinc lozenges", comparison = "placebo lozenges", outcome = "days of cold symptoms" };
        var question = await ProposedAsync("gp@example.org", MiltonKeynes, zinc);
        const string url = "/api/questions/similar?text=zinc lozenges for the common cold";
        async Task<List<string>> SimilarIdsAsync() =>
            (await JsonAsync(await (await As("gp@example.org")).GetAsync(url))).EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();

        Assert.Contains(Id(question), await SimilarIdsAsync());
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync("gp@example.org", question, new { to = "withdrawn" })).StatusCode);
        Assert.DoesNotContain(Id(question), await SimilarIdsAsync());
    }

    [Fact]
    public async Task SimilarQuestionsForgiveAMisspelledDrugAndAnAbbreviation()
    {
        // The demo network's question on reduced-dose apixaban in adults with atrial fibrillation (Milton Keynes).
        foreach (var text in new[] { "apixiban", "AF anticoagulation", "eliquis atrial fibrilation" })
        {
            var found = await JsonAsync(await (await As("gp@example.org")).GetAsync($"/api/questions/similar?text={Uri.EscapeDataString(text)}"));
            Assert.Contains(found.EnumerateArray(), s => s.GetProperty("title").GetString()!.Contains("apixaban", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task SimilarNeedsSomeText()
    {
        var response = await (await As("gp@example.org")).GetAsync("/api/questions/similar?text=ab");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task TheApiDescriptionListsTheQuestionEndpoints()
    {
        var paths = (await JsonAsync(await Api.CreateClient().GetAsync("/openapi/v1.json"))).GetProperty("paths");
        foreach (var path in new[] { "/api/questions", "/api/questions/similar", "/api/questions/{questionId}", "/api/questions/{questionId}/transitions",
                     "/api/questions/{questionId}/vote", "/api/questions/{questionId}/askers" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing");
    }
}
