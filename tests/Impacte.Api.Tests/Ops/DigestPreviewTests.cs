using System.Net;
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
    public async Task AnUnknownMemberIsNotFoundAndAMemberMayNotPreview()
    {
        var admin = await As("admin@example.org");
        await AssertStatusAsync(HttpStatusCode.NotFound, await admin.PostAsync($"/api/ops/digests/preview/{Guid.NewGuid()}", null));
        var gp = await As("gp@example.org");
        await AssertStatusAsync(HttpStatusCode.Forbidden, await gp.PostAsync($"/api/ops/digests/preview/{await UserIdAsync("gp@example.org")}", null));
    }
}
