using Impacte.Api.Tests.Pages;
using Impacte.Domain.Operations;
using Impacte.Testing;

namespace Impacte.Api.Tests.Operations;

/// <summary>The ops page's "Skipped work": what a Worker fan-out skipped, with the reason, for an admin to fix.</summary>
public sealed class SkippedWorkPageTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task TheOpsPageShowsSkippedWorkWithItsReason()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("admin@example.org");
        Assert.NotNull((await session.GetAsync("/ops")).QuerySelector("[data-testid=skipped-work-none]"));

        var meeting = Guid.NewGuid();
        await using (var db = Db())
        {
            await SkippedWork.RecordAsync(db, "reading-pack", meeting.ToString(), "subject: Line breaks are not allowed here.", DateTimeOffset.UtcNow, default);
            await SkippedWork.RecordAsync(db, "reading-pack", meeting.ToString(), "subject: Line breaks are not allowed here.", DateTimeOffset.UtcNow, default);
        }

        var table = (await session.GetAsync("/ops")).QuerySelector("[data-testid=skipped-work]");
        Assert.NotNull(table);
        var row = Assert.Single(table.QuerySelectorAll("tbody tr"));
        Assert.Contains("reading-pack", row.TextContent);
        Assert.Contains(meeting.ToString(), row.TextContent);
        Assert.Contains("Line breaks are not allowed here.", row.TextContent);
        Assert.Contains("2 time(s)", row.TextContent);
    }
}
