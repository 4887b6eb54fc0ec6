using System.Text.Json;
using Impacte.Api.Cli;
using Impacte.Api.Tests.Pages;
using Impacte.Testing;

namespace Impacte.Api.Tests.Changes;

/// <summary>
/// The change lists (the API's and the club's page) show each change's progress score and latest signal, read the
/// network view's way: on the demo's changes, with their measures and months of figures, both say the same.
/// </summary>
public sealed class ChangeListStandingTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task TheChangeListsShowEachChangesProgressScoreAndLatestSignalAsTheNetworkViewDoes()
    {
        Assert.Equal(0, await Commands.RunAsync(Api.Services, ["seed", "--seeds", RepoPaths.Seeds]));
        var lead = await As("lead@example.org");
        var milton = await ClubIdAsync(MiltonKeynes);

        var network = (await JsonAsync(await lead.GetAsync($"/api/network/changes?clubId={milton}&pageSize=100")))
            .GetProperty("items").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetGuid());
        var list = (await JsonAsync(await lead.GetAsync($"/api/clubs/{milton}/changes?pageSize=100"))).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(list);
        foreach (var item in list)
        {
            var seen = network[item.GetProperty("id").GetGuid()];
            Assert.Equal(seen.GetProperty("progressScore").GetInt32(), item.GetProperty("progressScore").GetInt32());
            Assert.Equal(seen.GetProperty("progress").GetString(), item.GetProperty("progress").GetString());
            Assert.Equal(seen.GetProperty("latestSignal").ToString(), item.GetProperty("latestSignal").ToString());
        }
        // The demo's SGLT2 change has months of figures with a signal, and more than an idea's score.
        var sglt2 = list.Single(i => i.GetProperty("title").GetString()!.Contains("SGLT2"));
        Assert.True(sglt2.GetProperty("progressScore").GetInt32() >= 2);
        Assert.Equal(JsonValueKind.String, sglt2.GetProperty("latestSignal").ValueKind);
        // The network-wide list says the same.
        var everywhere = (await JsonAsync(await lead.GetAsync("/api/changes?pageSize=100"))).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetGuid() == sglt2.GetProperty("id").GetGuid());
        Assert.Equal(sglt2.GetProperty("latestSignal").GetString(), everywhere.GetProperty("latestSignal").GetString());

        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        var page = await session.GetAsync($"/clubs/{milton}/changes");
        var row = page.QuerySelectorAll("[data-testid=results] li").Single(li => li.TextContent.Contains("SGLT2"));
        Assert.Equal($"Progress {sglt2.GetProperty("progressScore").GetInt32()} of 5: {sglt2.GetProperty("progress").GetString()}",
            row.QuerySelector("[data-testid=progress]")?.TextContent.Trim());
        Assert.Equal($"Latest signal: {sglt2.GetProperty("latestSignal").GetString()}", row.QuerySelector("[data-testid=signal]")?.TextContent.Trim());
    }
}
