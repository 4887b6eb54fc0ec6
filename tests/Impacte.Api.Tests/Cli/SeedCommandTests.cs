using Impacte.Api.Cli;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Cli;

public sealed class SeedCommandTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task TheSeedCommandGivesEveryDemoClubItsRhythmAndMeetingsAndIsSafeToRepeat()
    {
        Assert.Equal(0, await Commands.RunAsync(Api.Services, ["seed", "--seeds", RepoPaths.Seeds]));
        await using var db = Db();
        var meetings = await db.Meetings.CountAsync();

        Assert.Equal(0, await Commands.RunAsync(Api.Services, ["seed", "--seeds", RepoPaths.Seeds]));

        Assert.Equal(3, await db.Cadences.CountAsync());
        Assert.True(meetings >= 3 * 3, "three months of meetings for each of the three clubs");
        Assert.Equal(meetings, await db.Meetings.CountAsync());
        var milton = await ClubIdAsync(MiltonKeynes);
        var next = await db.Meetings.Where(m => m.ClubId == milton).OrderBy(m => m.StartsAt).FirstAsync();
        var local = TimeZoneInfo.ConvertTime(next.StartsAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Equal((DayOfWeek.Wednesday, 12, 30), (local.DayOfWeek, local.Hour, local.Minute));
        Assert.InRange(local.Day, 8, 14); // the second Wednesday
    }
}
