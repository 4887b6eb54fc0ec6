using System.Net;
using System.Net.Http.Json;
using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Impact;
using Impacte.Domain.Measures;
using Impacte.Domain.Seeding;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Impact;

/// <summary>The demo changes (seeds/changes.csv, measures.csv, pdsa.csv), impact CSVs, the change report and the progress score on changes.</summary>
public sealed class ImpactTests(ApiFactory api) : ApiTestBase(api)
{
    private const string Sglt2 = "Offer an SGLT2 inhibitor to adults with type 2 diabetes and CKD";
    private const string Amoxicillin = "Five days of amoxicillin for community-acquired pneumonia";

    private async Task SeedChangesAsync()
    {
        using var scope = Api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DemoNetwork>().LoadChangesAsync(DemoNetwork.FindSeedsDirectory(RepoPaths.Seeds));
    }

    private async Task<Guid> ChangeIdAsync(string title)
    {
        await using var db = Db();
        return await db.Set<PracticeChange>().Where(c => c.Title == title).Select(c => c.Id).SingleAsync();
    }

    private async Task<ChangeEvidence> EvidenceAsync(Guid changeId)
    {
        await using var db = Db();
        return await ChangeEvidenceLoader.LoadAsync(db, [changeId]);
    }

    [Fact]
    public async Task TheSeededImprovingMeasureReallyShowsAnImprovementSignalAfterItsPdsaCycles()
    {
        await SeedChangesAsync();
        var id = await ChangeIdAsync(Sglt2);
        var evidence = await EvidenceAsync(id);

        var measure = Assert.Single(evidence.MeasuresOf(id));
        Assert.Equal(18, measure.Chart.Points.Count);
        Assert.Equal(ChartKind.P, measure.Chart.Kind);
        var signal = Assert.Single(measure.Chart.Signals, s => s.Meaning == SignalMeaning.Improvement && s.Rule == SignalRule.OutsideLimits);
        // The signal comes after both PDSA cycles were studied (the last one about four months ago).
        var lastStudied = evidence.CyclesOf(id).Max(c => c.StudiedOn!.Value);
        Assert.True(MeasurePeriod.TryParse(MeasurePeriodKind.Month, signal.FromPeriod, out var from));
        Assert.True(from.End > lastStudied, $"signal from {signal.FromPeriod}, last cycle studied {lastStudied}");
        Assert.Equal(2, evidence.CyclesOf(id).Count(c => c.Tested));
        Assert.Equal(4, evidence.ProgressOf(id).Score);
        // The last point is last month's: the demo stays current.
        var lastMonth = MeasurePeriod.Containing(MeasurePeriodKind.Month, DateOnly.FromDateTime(DateTime.UtcNow)).Previous;
        Assert.Equal(lastMonth.Label, measure.Chart.Points[^1].Period);
    }

    [Fact]
    public async Task EachDemoClubHasChangesInSeveralStatesAnAbandonedOneWithItsReasonAndAReauditIsOverdue()
    {
        await SeedChangesAsync();
        await using var db = Db();
        var byClub = await db.Set<PracticeChange>().GroupBy(c => c.Club.OdsCode)
            .Select(g => new { Club = g.Key, States = g.Select(c => c.Status).Distinct().Count() }).ToListAsync();
        Assert.Equal(3, byClub.Count);
        Assert.All(byClub, c => Assert.True(c.States >= 3, $"{c.Club} has {c.States} states"));
        Assert.Contains(await db.Set<PracticeChange>().Where(c => c.Status == ChangeStatus.Abandoned).ToListAsync(),
            c => !string.IsNullOrWhiteSpace(c.AbandonReason));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var overdue = await db.Set<MeasureAudit>().Where(a => a.Kind == AuditKind.ReAudit && a.DueOn < today && a.RecordedAt == null)
            .Where(a => !db.Set<Measurement>().Any(p => p.MeasureId == a.MeasureId && p.Ordinal == a.Ordinal)).CountAsync();
        Assert.True(overdue >= 1);
        // The sustained demo change holds its signal: score 5.
        Assert.Equal(5, (await EvidenceAsync(await ChangeIdAsync(Amoxicillin))).ProgressOf(await ChangeIdAsync(Amoxicillin)).Score);
    }

    [Fact]
    public async Task LoadingTheDemoChangesTwiceAddsNothingTheSecondTime()
    {
        await SeedChangesAsync();
        using var scope = Api.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DemoNetwork>().LoadChangesAsync(DemoNetwork.FindSeedsDirectory(RepoPaths.Seeds)));
    }

    [Fact]
    public async Task AChangeShowsItsProgressScore()
    {
        await SeedChangesAsync();
        var response = await (await As("gp.luton@example.org")).GetAsync($"/api/changes/{await ChangeIdAsync(Amoxicillin)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, (await JsonAsync(response)).GetProperty("progressScore").GetInt32());
    }

    [Fact]
    public async Task TheClubImpactCsvListsItsChangesAndOpensFormulasAsText()
    {
        await SeedChangesAsync();
        var clubId = await ClubIdAsync(MiltonKeynes);
        var lead = await As("lead@example.org");
        var created = await lead.PostAsJsonAsync($"/api/clubs/{clubId}/changes", new
        {
            title = "=HYPERLINK(\"http://evil.example\",\"click\")", description = "@SUM(1+1) for everyone",
            ownerId = await UserIdAsync("gp@example.org"), dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var response = await lead.GetAsync($"/api/clubs/{clubId}/impact.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("club,change,status,owner,due_on,progress_score,progress,", lines[0]);
        Assert.Contains(lines, l => l.Contains(Sglt2) && l.Contains(",implemented,") && l.Contains(",4,improvement signal,"));
        Assert.Contains(lines, l => l.Contains(",abandoned,") && l.Contains("could not fund another"));
        Assert.DoesNotContain(lines, l => l.Contains("Bedford") || l.Contains("Luton"));
        // The formula starts with an apostrophe, so a spreadsheet shows it as text.
        Assert.Contains("\"'=HYPERLINK(", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);
        Assert.DoesNotContain("\"=HYPERLINK", csv);
    }

    [Fact]
    public async Task AClubsImpactIsForItsMembers()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        Assert.Equal(HttpStatusCode.OK, (await (await As("gp@example.org")).GetAsync($"/api/clubs/{clubId}/impact.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("gp.luton@example.org")).GetAsync($"/api/clubs/{clubId}/impact.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("librarian@example.org")).GetAsync($"/api/clubs/{clubId}/impact.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As("admin@example.org")).GetAsync($"/api/clubs/{clubId}/impact.csv")).StatusCode);
    }

    [Fact]
    public async Task TheNetworkCsvShowsOtherClubsOnlyTheirImplementedAndSustainedChanges()
    {
        await SeedChangesAsync();
        var csv = await (await (await As("gp.luton@example.org")).GetAsync("/api/impact.csv")).Content.ReadAsStringAsync();

        Assert.Contains("Treat to target with allopurinol in gout", csv); // Luton's own, agreed
        Assert.Contains(Sglt2, csv); // Milton Keynes, implemented
        Assert.DoesNotContain("knee osteoarthritis", csv); // Milton Keynes, agreed
        Assert.DoesNotContain("Text reminders", csv); // Milton Keynes, abandoned
    }

    [Fact]
    public async Task AChangesReportFollowsTheLoopFromQuestionToLearning()
    {
        await SeedChangesAsync();
        var response = await (await As("gp@example.org")).GetAsync($"/api/changes/{await ChangeIdAsync(Sglt2)}/report");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await JsonAsync(response);
        Assert.Contains("SGLT2", report.GetProperty("question").GetProperty("sentence").GetString());
        Assert.Equal(2, report.GetProperty("appraisal").GetProperty("evidenceLevel").GetInt32());
        Assert.Contains("Change practice", report.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Equal("Imran Qureshi", report.GetProperty("owner").GetString());
        Assert.Equal(4, report.GetProperty("progressScore").GetInt32());
        var measure = report.GetProperty("measures")[0];
        Assert.Equal("p", measure.GetProperty("chartKind").GetString());
        Assert.Equal(80m, measure.GetProperty("standardPercent").GetDecimal());
        Assert.Contains(measure.GetProperty("signals").EnumerateArray(), s => s.GetProperty("meaning").GetString() == "improvement");
        Assert.Equal(2, report.GetProperty("cycles").GetArrayLength());
        Assert.Contains("sick-day", report.GetProperty("whatDidNotWork").GetString());
        Assert.False(string.IsNullOrEmpty(report.GetProperty("howItMadeADifference").GetString()));
    }

    [Fact]
    public async Task AnotherClubCannotReadTheReportOfAChangeNotYetImplemented()
    {
        await SeedChangesAsync();
        var knee = await ChangeIdAsync("Refer adults with knee osteoarthritis to exercise therapy first");
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("gp.luton@example.org")).GetAsync($"/api/changes/{knee}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As("gp@example.org")).GetAsync($"/api/changes/{knee}/report")).StatusCode);
    }

    [Fact]
    public async Task TheImpactPagesShowStatusCountsImprovingMeasuresOverdueAuditsAndReasons()
    {
        await SeedChangesAsync();
        await using var db = Db();
        var reports = new ImpactReports(db, new PracticeChanges(db, TimeProvider.System), TimeProvider.System);
        var admin = Actor.With(Guid.NewGuid(), true, [], []);

        var network = await reports.NetworkAsync(admin);

        Assert.Contains(network.ByStatus, s => s.Status == ChangeStatus.Abandoned && s.Count == 2);
        Assert.Contains(network.Improving, m => m.ChangeTitle == Sglt2 && m.Signal.StartsWith("Improvement: "));
        Assert.Contains(network.Audits, a => a.ChangeTitle == "Review everyone on a gabapentinoid with an opioid" && a.Overdue);
        Assert.Contains(network.Audits, a => a.ChangeTitle == "Stop prescribing emollient bath additives" && !a.Overdue);
        Assert.Equal(2, network.Abandoned.Count);
    }
}
