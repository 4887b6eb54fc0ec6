using System.Net;
using Impacte.Domain.Preferences;
using Impacte.Domain.Seeding;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Ops;

/// <summary>The admins' digest preview over the demo network: what a member would get now, with nothing written.</summary>
public sealed class DigestPreviewTests(ApiFactory api) : ApiTestBase(api)
{
    private async Task SeedScheduleAndChangesAsync()
    {
        using var scope = Api.Services.CreateScope();
        var demo = scope.ServiceProvider.GetRequiredService<DemoNetwork>();
        var seeds = DemoNetwork.FindSeedsDirectory(RepoPaths.Seeds);
        await demo.LoadScheduleAsync(seeds);
        await demo.LoadChangesAsync(seeds);
    }

    private async Task<(int Outbox, int Preferences)> CountsAsync()
    {
        await using var db = Db();
        return (await db.Outbox.CountAsync(), await db.Preferences.CountAsync());
    }

    [Fact]
    public async Task AnAdminSeesTheDigestTheDemoGpWouldGetNowAndNothingIsWritten()
    {
        await SeedScheduleAndChangesAsync();
        var gp = await UserIdAsync("gp@example.org");
        var before = await CountsAsync();
        var admin = await As("admin@example.org");

        var response = await admin.PostAsync($"/api/ops/digests/preview/{gp}", null);

        await AssertStatusAsync(HttpStatusCode.OK, response);
        var json = await JsonAsync(response);
        Assert.True(json.GetProperty("wouldSend").GetBoolean());
        Assert.Equal("gp@example.org", json.GetProperty("to").GetString());
        Assert.Equal("weekly", json.GetProperty("frequency").GetString());
        Assert.StartsWith("Your IMPACTE digest:", json.GetProperty("subject").GetString());
        // The demo gives the GP something in at least three sections: their club's next meeting, the change they own, new questions.
        var sections = json.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "meetings", "yourChanges", "newQuestions" }, sections.ToHashSet());
        Assert.Contains("Structured medication review at every annual frailty review", json.GetProperty("text").GetString());
        Assert.StartsWith("<!DOCTYPE html>", json.GetProperty("html").GetString());
        Assert.Contains("/rsvp?user=", json.GetProperty("html").GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ThePreviewCarriesEverySectionOfTheEmailIncludingTheReadingPacksPapersAndCat()
    {
        await SeedScheduleAndChangesAsync();
        var gp = await UserIdAsync("gp@example.org");
        string paperDoi;
        Guid appraisalId;
        await using (var db = Db())
        {
            // The GP takes reading packs in the digest; their club's next meeting discusses the appraised SGLT2 question.
            var preferences = await db.Preferences.ForAsync(gp);
            preferences.ReadingPacks = Domain.Preferences.EmailDelivery.InDigest;
            var club = await ClubIdAsync(MiltonKeynes);
            var meeting = await db.Meetings.Where(m => m.ClubId == club && m.StartsAt > DateTimeOffset.UtcNow && m.Status == Domain.Meetings.MeetingStatus.Scheduled)
                .OrderBy(m => m.StartsAt).FirstAsync();
            var appraisal = await db.Appraisals.Where(a => a.Status == Domain.Appraisals.AppraisalStatus.Published)
                .Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => new { a.Id, a.QuestionId, q.ClubId, q.Population })
                .SingleAsync(x => x.ClubId == club && x.Population == "adults with type 2 diabetes and chronic kidney disease");
            appraisalId = appraisal.Id;
            paperDoi = await db.QuestionPapers.Where(p => p.QuestionId == appraisal.QuestionId).Select(p => p.Paper.Doi!).FirstAsync();
            db.AgendaItems.Add(new Domain.Meetings.AgendaItem { MeetingId = meeting.Id, QuestionId = appraisal.QuestionId, Position = 0 });
            await db.SaveChangesAsync();
        }
        var admin = await As("admin@example.org");

        var json = await JsonAsync(await admin.PostAsync($"/api/ops/digests/preview/{gp}", null));

        var sections = json.GetProperty("sections").EnumerateArray().ToList();
        Assert.All(sections, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("intro").GetString())));
        Assert.All(sections, s => Assert.Equal(0, s.GetProperty("more").GetInt32()));
        var meetings = sections.Single(s => s.GetProperty("kind").GetString() == "meetings");
        var reading = meetings.GetProperty("items")[0].GetProperty("reading").EnumerateArray().Single();
        Assert.Contains("type 2 diabetes", reading.GetProperty("question").GetString());
        var paper = reading.GetProperty("papers").EnumerateArray().Single();
        Assert.Contains(paperDoi, paper.GetProperty("link").GetString());
        Assert.Contains("Canagliflozin and Renal Outcomes", paper.GetProperty("citation").GetString());
        Assert.EndsWith($"/appraisals/{appraisalId}", reading.GetProperty("appraisalUrl").GetString());
        Assert.True(meetings.GetProperty("items")[0].GetProperty("isNews").GetBoolean());
        // What the preview lists is what the email says.
        Assert.Contains(paper.GetProperty("citation").GetString()!, json.GetProperty("text").GetString());
    }

    [Fact]
    public async Task AnUnknownMemberIsNotFoundAndAMemberMayNotPreview()
    {
        var admin = await As("admin@example.org");
        await AssertStatusAsync(HttpStatusCode.NotFound, await admin.PostAsync($"/api/ops/digests/preview/{Guid.NewGuid()}", null));
        var gp = await As("gp@example.org");
        await AssertStatusAsync(HttpStatusCode.Forbidden, await gp.PostAsync($"/api/ops/digests/preview/{await UserIdAsync("gp@example.org")}", null));
    }
}
