using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Network;

/// <summary>"Who is on what", a person's work, the learning library, and similar changes before opening one.</summary>
public sealed class NetworkApiTests(ApiFactory api) : ApiTestBase(api)
{
    private const string Lead = "lead@example.org", Member = "gp@example.org", Nurse = "nurse.mk@example.org",
        BedfordLead = "lead.bedford@example.org", LutonMember = "gp.luton@example.org", Librarian = "librarian@example.org";

    /// <summary>A change written straight into the database, as the demo seeds do, with a question and learning when given.</summary>
    private async Task<Guid> InsertChangeAsync(
        string odsCode, string ownerEmail, string title, string description = "What will change.", ChangeStatus status = ChangeStatus.Agreed,
        Guid? questionId = null, Guid? appraisalId = null, string? whatDidNotWork = null, string? howItMadeADifference = null, string? teamEmail = null)
    {
        await using var db = Db();
        var now = DateTimeOffset.UtcNow;
        var change = new PracticeChange
        {
            ClubId = await ClubIdAsync(odsCode), OwnerId = await UserIdAsync(ownerEmail), Title = title, Description = description,
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3)), Status = status, QuestionId = questionId, AppraisalId = appraisalId,
            WhatDidNotWork = whatDidNotWork, HowItMadeADifference = howItMadeADifference, CreatedAt = now, UpdatedAt = now,
        };
        if (teamEmail is not null) change.Team.Add(new PracticeChangeTeamMember { ChangeId = change.Id, UserId = await UserIdAsync(teamEmail) });
        db.Add(change);
        await db.SaveChangesAsync();
        return change.Id;
    }

    /// <summary>A question of the club, taken on (accepted) and filed under the area.</summary>
    private async Task<Guid> QuestionAsync(string odsCode, ClinicalArea area, string? proposerEmail = null)
    {
        await using var db = Db();
        var clubId = await ClubIdAsync(odsCode);
        var query = db.Questions.Where(q => q.ClubId == clubId && q.Status == QuestionStatus.Proposed);
        if (proposerEmail is not null)
        {
            var proposer = await UserIdAsync(proposerEmail);
            query = query.Where(q => q.ProposerId == proposer);
        }
        var question = await query.OrderBy(q => q.CreatedAt).FirstAsync();
        question.Area = area;
        question.Status = QuestionStatus.Accepted;
        await db.SaveChangesAsync();
        return question.Id;
    }

    private async Task<JsonElement> GetAsync(string email, string url)
    {
        var response = await (await As(email)).GetAsync(url);
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return await JsonAsync(response);
    }

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task EachFilterNarrowsTheNetworkListToWhatMatches()
    {
        var heart = await QuestionAsync(MiltonKeynes, ClinicalArea.Cardiovascular);
        var lungs = await QuestionAsync(Bedford, ClinicalArea.Respiratory);
        var mine = await InsertChangeAsync(MiltonKeynes, Member, "Review anticoagulation in atrial fibrillation",
            "Everyone with a zebrafinch score is reviewed.", ChangeStatus.InProgress, questionId: heart, teamEmail: Nurse);
        var theirs = await InsertChangeAsync(Bedford, BedfordLead, "Inhaler technique checks", "Every COPD review checks technique.",
            ChangeStatus.Implemented, questionId: lungs);

        var all = await GetAsync(LutonMember, "/api/network/changes?pageSize=100");
        var total = all.GetProperty("total").GetInt32();
        Assert.Contains(Items(all), i => i.GetProperty("id").GetGuid() == mine);
        Assert.Contains(Items(all), i => i.GetProperty("id").GetGuid() == theirs);

        var byArea = await GetAsync(LutonMember, "/api/network/changes?area=cardiovascular&pageSize=100");
        Assert.All(Items(byArea), i => Assert.Equal("cardiovascular", i.GetProperty("area").GetString()));
        Assert.Contains(Items(byArea), i => i.GetProperty("id").GetGuid() == mine);
        Assert.True(byArea.GetProperty("total").GetInt32() < total);

        var bedford = await ClubIdAsync(Bedford);
        var byClub = await GetAsync(LutonMember, $"/api/network/changes?clubId={bedford}&pageSize=100");
        Assert.All(Items(byClub), i => Assert.Equal(bedford, i.GetProperty("clubId").GetGuid()));
        Assert.Contains(Items(byClub), i => i.GetProperty("id").GetGuid() == theirs);
        Assert.True(byClub.GetProperty("total").GetInt32() < total);

        var byStatus = await GetAsync(LutonMember, "/api/network/changes?status=in-progress&pageSize=100");
        Assert.All(Items(byStatus), i => Assert.Equal("in-progress", i.GetProperty("status").GetString()));
        Assert.Contains(Items(byStatus), i => i.GetProperty("id").GetGuid() == mine);
        Assert.True(byStatus.GetProperty("total").GetInt32() < total);

        // A person filter finds what they own and what they are on the team of.
        var nurse = await UserIdAsync(Nurse);
        var byPerson = await GetAsync(LutonMember, $"/api/network/changes?personId={nurse}&pageSize=100");
        Assert.Contains(Items(byPerson), i => i.GetProperty("id").GetGuid() == mine);
        await using (var db = Db())
        {
            var onIt = await db.Set<PracticeChange>().Where(c => c.OwnerId == nurse || c.Team.Any(t => t.UserId == nurse)).Select(c => c.Id).ToListAsync();
            Assert.Equal(onIt.Order(), Items(byPerson).Select(i => i.GetProperty("id").GetGuid()).Order());
        }

        var byWords = await GetAsync(LutonMember, "/api/network/changes?q=zebrafinch");
        Assert.Equal(mine, Assert.Single(Items(byWords)).GetProperty("id").GetGuid());
        // Every line carries owner, status, progress score and latest signal (none yet: no measures).
        var line = Items(byWords)[0];
        Assert.Equal(await UserIdAsync(Member), line.GetProperty("owner").GetProperty("id").GetGuid());
        Assert.Equal(0, line.GetProperty("progressScore").GetInt32());
        Assert.Equal("idea agreed", line.GetProperty("progress").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("latestSignal").ValueKind);

        var combined = await GetAsync(LutonMember, $"/api/network/changes?area=respiratory&clubId={bedford}&status=implemented&q=inhaler");
        Assert.Equal(theirs, Assert.Single(Items(combined)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task PagesSliceTheListAndEveryPageGivesTheSameTotal()
    {
        // Seven of its own: two full pages of three whatever else the class has inserted before it.
        for (var i = 0; i < 7; i++) await InsertChangeAsync(Luton, LutonMember, $"Paging change {i}");
        int expected;
        await using (var db = Db()) expected = await db.Set<PracticeChange>().CountAsync();

        var first = await GetAsync(Member, "/api/network/changes?page=1&pageSize=3");
        var second = await GetAsync(Member, "/api/network/changes?page=2&pageSize=3");
        var beyond = await GetAsync(Member, $"/api/network/changes?page={expected + 1}&pageSize=3");
        Assert.Equal(expected, first.GetProperty("total").GetInt32());
        Assert.Equal(expected, second.GetProperty("total").GetInt32());
        Assert.Equal(3, Items(first).Count);
        Assert.Equal(3, Items(second).Count);
        Assert.Empty(Items(first).Select(i => i.GetProperty("id").GetGuid()).Intersect(Items(second).Select(i => i.GetProperty("id").GetGuid())));
        Assert.Empty(Items(beyond));
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal(3, second.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task APersonsPageListsTheQuestionsTheyProposedTheAppraisalsTheyWroteAndTheChangesTheyAreOn()
    {
        var question = await QuestionAsync(MiltonKeynes, ClinicalArea.MentalHealth, Nurse);
        var owned = await InsertChangeAsync(MiltonKeynes, Nurse, "Nurse-led sertraline reviews");
        var onTeam = await InsertChangeAsync(MiltonKeynes, Member, "Frailty huddles", teamEmail: Nurse);
        var someoneElses = await InsertChangeAsync(MiltonKeynes, Member, "Not the nurse's");
        Guid appraisal;
        await using (var db = Db())
        {
            var written = new Appraisal
            {
                QuestionId = question, AuthorId = await UserIdAsync(Nurse), Status = AppraisalStatus.Draft,
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Appraisals.Add(written);
            await db.SaveChangesAsync();
            appraisal = written.Id;
        }

        var nurse = await UserIdAsync(Nurse);
        var person = await GetAsync(LutonMember, $"/api/network/people/{nurse}?pageSize=100");
        await using (var db = Db())
        {
            Assert.Equal(await db.Users.Where(u => u.Id == nurse).Select(u => u.Name).SingleAsync(), person.GetProperty("name").GetString());
            var club = await db.Clubs.Where(c => c.OdsCode == MiltonKeynes).Select(c => c.Name).SingleAsync();
            Assert.Contains(club, person.GetProperty("clubs").EnumerateArray().Select(c => c.GetString()));
        }
        var items = Items(person);
        Assert.Equal(items.Count, person.GetProperty("total").GetInt32());
        Assert.Contains(items, i => i.GetProperty("id").GetGuid() == question && i.GetProperty("kind").GetString() == "question" && i.GetProperty("role").GetString() == "proposer");
        Assert.Contains(items, i => i.GetProperty("id").GetGuid() == appraisal && i.GetProperty("kind").GetString() == "appraisal" && i.GetProperty("role").GetString() == "author");
        Assert.Contains(items, i => i.GetProperty("id").GetGuid() == owned && i.GetProperty("role").GetString() == "owner");
        Assert.Contains(items, i => i.GetProperty("id").GetGuid() == onTeam && i.GetProperty("role").GetString() == "team");
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetGuid() == someoneElses);

        var paged = await GetAsync(LutonMember, $"/api/network/people/{nurse}?pageSize=1&page=2");
        Assert.Single(Items(paged));
        Assert.Equal(items.Count, paged.GetProperty("total").GetInt32());

        // The page shows the same, to a member of another club.
        var session = PageSession.For(Api);
        await session.SignInAsync(LutonMember);
        var page = await session.GetAsync($"/network/people/{nurse}");
        var text = page.QuerySelector("[data-testid=person-work]")!.TextContent;
        Assert.Contains("Nurse-led sertraline reviews", text);
        Assert.Contains("Frailty huddles", text);
        Assert.DoesNotContain("Not the nurse's", text);
        Assert.Equal(HttpStatusCode.NotFound, (await (await As(Member)).GetAsync($"/api/network/people/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task LibrarySearchFindsAChangeByWordsInItsLearningAndLeavesOutChangesNotImplementedOrAbandoned()
    {
        var implemented = await InsertChangeAsync(MiltonKeynes, Member, "Template defaults for UTI", status: ChangeStatus.Implemented,
            whatDidNotWork: "The quokka search missed people coded differently.", howItMadeADifference: "Nurses felt able to raise it.");
        var abandoned = await InsertChangeAsync(Bedford, BedfordLead, "Text reminders for reviews", status: ChangeStatus.Abandoned,
            whatDidNotWork: "Patients ignored the quokka texts.");
        var agreed = await InsertChangeAsync(Luton, LutonMember, "A quokka plan not yet run", "The quokka idea.", ChangeStatus.Agreed);
        var inProgress = await InsertChangeAsync(Luton, LutonMember, "Another quokka change", "Running quokka.", ChangeStatus.InProgress);

        var found = await GetAsync(LutonMember, "/api/library?q=quokka");
        var ids = Items(found).Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(implemented, ids);
        Assert.Contains(abandoned, ids);
        Assert.DoesNotContain(agreed, ids);
        Assert.DoesNotContain(inProgress, ids);
        Assert.Equal(2, found.GetProperty("total").GetInt32());
        var entry = Items(found).Single(i => i.GetProperty("id").GetGuid() == implemented);
        Assert.Equal("Nurses felt able to raise it.", entry.GetProperty("howItMadeADifference").GetString());

        // By words of "what made a difference" alone, and no unfinished change anywhere in the whole library.
        Assert.Equal(implemented, Assert.Single(Items(await GetAsync(Member, "/api/library?q=nurses%20felt%20able"))).GetProperty("id").GetGuid());
        var everything = await GetAsync(Member, "/api/library?pageSize=100");
        Assert.All(Items(everything), i => Assert.Contains(i.GetProperty("status").GetString(), new[] { "implemented", "sustained", "abandoned" }));

        var session = PageSession.For(Api);
        await session.SignInAsync(LutonMember);
        var page = await session.GetAsync("/library?q=quokka");
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=library-entry]").Length);
        Assert.Contains("Patients ignored the quokka texts.", page.QuerySelector("[data-testid=results]")!.TextContent);
    }

    [Fact]
    public async Task StrangersHear401FromTheApiAndAreSentToSignInFromThePages()
    {
        var anonymous = Api.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var url in new[] { "/api/network/changes", $"/api/network/people/{Guid.NewGuid()}", "/api/library?q=statin" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        foreach (var url in new[] { "/network", $"/network/people/{await UserIdAsync(Member)}", "/library" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.AbsolutePath);
        }
    }

    [Theory]
    [InlineData("/api/network/changes?page=99999999999", "page")]
    [InlineData("/api/network/changes?page=0", "page")]
    [InlineData("/api/network/changes?pageSize=100000", "pageSize")]
    [InlineData("/api/network/changes?q=statin%01", "q")]
    [InlineData("/api/network/changes?q=statin%0Afrailty", "q")]
    [InlineData("/api/network/changes?area=cardiology", "area")]
    [InlineData("/api/network/changes?status=finished", "status")]
    [InlineData("/api/network/changes?clubId=not-a-guid", "clubId")]
    [InlineData("/api/network/people/{person}?page=99999999999", "page")]
    [InlineData("/api/library?q=%00", "q")]
    [InlineData("/api/library?page=-1", "page")]
    public async Task HugeOrOddQueryValuesAre400ProblemDetailsNeverAServerError(string url, string field)
    {
        var response = await (await As(Member)).GetAsync(url.Replace("{person}", (await UserIdAsync(Member)).ToString()));
        await AssertStatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(field, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AVeryLongSearchIs400AndPagesTakeOddValuesWithoutFailing()
    {
        var response = await (await As(Member)).GetAsync("/api/library?q=" + new string('a', 201));
        await AssertStatusAsync(HttpStatusCode.BadRequest, response);
        var session = PageSession.For(Api);
        await session.SignInAsync(Member);
        foreach (var url in new[] { "/network?page=99999999999&q=statin%01&area=nonsense&status=x", "/network?view=questions&page=-4",
                     "/library?page=99999999999&q=%00" + new string('b', 300) })
        {
            var page = await session.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Fact]
    public async Task TheNetworkPageFiltersByAreaAndShowsQuestionsAndAppraisalsInWork()
    {
        var heart = await QuestionAsync(Bedford, ClinicalArea.Cardiovascular);
        await InsertChangeAsync(Bedford, BedfordLead, "Walrus clinic for heart failure", questionId: heart);
        await InsertChangeAsync(Bedford, BedfordLead, "Walrus clinic without an area");
        var session = PageSession.For(Api);
        await session.SignInAsync(Member);
        var page = await session.GetAsync("/network?q=walrus&area=cardiovascular");
        var lines = page.QuerySelectorAll("[data-testid=network-change]");
        Assert.Contains("Walrus clinic for heart failure", Assert.Single(lines).TextContent);
        Assert.Contains("Progress 0 of 5", lines[0].TextContent);

        var questions = await session.GetAsync("/network?view=questions&area=cardiovascular");
        Assert.Contains(questions.QuerySelectorAll("[data-testid=network-question]"), q => q.TextContent.Contains(Db().Questions.Single(x => x.Id == heart).Title));
    }

    [Fact]
    public async Task BeforeOpeningAChangeTheLeadSeesAnotherClubsChangeOnTheSameQuestion()
    {
        // A Milton Keynes question with two published appraisals; Bedford agreed a change on the older one.
        var question = await QuestionAsync(MiltonKeynes, ClinicalArea.Cardiovascular);
        Guid older, newer;
        string title;
        await using (var db = Db())
        {
            var librarian = await UserIdAsync(Librarian);
            Appraisal Published(int daysAgo) => new()
            {
                QuestionId = question, AuthorId = librarian, Status = AppraisalStatus.Published, BottomLine = $"Bottom line {daysAgo}",
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo), UpdatedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo),
                PublishedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo),
            };
            var a1 = Published(30);
            var a2 = Published(1);
            db.Appraisals.AddRange(a1, a2);
            await db.SaveChangesAsync();
            (older, newer) = (a1.Id, a2.Id);
            title = await db.Questions.Where(q => q.Id == question).Select(q => q.Title).SingleAsync();
        }
        var created = await (await As(BedfordLead)).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(Bedford)}/changes", new
        {
            title = "Bedford's anticoagulation reviews", description = "Everyone eligible is offered a review.",
            ownerId = await UserIdAsync(BedfordLead), dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), appraisalId = older,
        });
        await AssertStatusAsync(HttpStatusCode.Created, created);
        var bedfordChange = (await JsonAsync(created)).GetProperty("id").GetGuid();
        // One more, of Luton, with nothing linked but the question's own words in its title.
        var byWords = await InsertChangeAsync(Luton, LutonMember, title);
        var ownClub = await InsertChangeAsync(MiltonKeynes, Member, title, questionId: question);

        var lead = PageSession.For(Api);
        await lead.SignInAsync(Lead);
        var form = await lead.GetAsync($"/clubs/{await ClubIdAsync(MiltonKeynes)}/changes/new?questionId={question}");
        Assert.Equal(newer.ToString(), form.QuerySelector("input[name='Input.AppraisalId']")!.GetAttribute("value"));
        var similar = form.QuerySelectorAll("[data-testid=similar-change]").Select(e => e.TextContent).ToList();
        Assert.Contains(similar, s => s.Contains("Bedford's anticoagulation reviews") && s.Contains("same question"));
        Assert.Contains(similar, s => s.Contains(title) && s.Contains("similar words"));
        // Its own club's changes are not "elsewhere"; the Luton one (agreed, not the lead's club) is named but not linked.
        var box = form.QuerySelector("[data-testid=similar-changes]")!;
        Assert.Null(box.QuerySelector($"a[href='/changes/{ownClub}']"));
        Assert.Null(box.QuerySelector($"a[href='/changes/{byWords}']"));
        Assert.NotNull(box.QuerySelector($"a[href='/network/people/{await UserIdAsync(BedfordLead)}']"));
        Assert.NotEqual(Guid.Empty, bedfordChange);
    }
}
