using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Impacte.Testing;

namespace Impacte.Api.Tests.Measures;

public sealed class MeasuresApiTests(ApiFactory api) : ApiTestBase(api)
{
    private const string Lead = "lead@example.org", Owner = "gp@example.org", Nurse = "nurse.mk@example.org",
        OtherClubMember = "gp.luton@example.org", Admin = "admin@example.org";

    private static string DueOn => DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3)).ToString("yyyy-MM-dd");

    /// <summary>An agreed Milton Keynes change owned by gp@ (nurse.mk@ is a member but not on it).</summary>
    private async Task<string> ChangeAsync()
    {
        var response = await (await As(Lead)).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/changes", new
        {
            title = "Anticoagulation for AF", description = "Adults with AF and CHA2DS2-VASc of 2 or more offered an anticoagulant.",
            ownerId = await UserIdAsync(Owner), dueOn = DueOn,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private static object AfMeasure => new
    {
        name = "AF patients anticoagulated", numeratorDefinition = "patients with AF and CHA2DS2-VASc ≥ 2 on an anticoagulant",
        denominatorDefinition = "patients with AF and CHA2DS2-VASc ≥ 2", standardPercent = 80, dataSource = "EMIS search AF-ANTICOAG",
        direction = "up", period = "month",
    };

    private async Task<JsonElement> MeasureAsync(string changeId, object? body = null, string who = Owner)
    {
        var response = await (await As(who)).PostAsJsonAsync($"/api/changes/{changeId}/measures", body ?? AfMeasure);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    private async Task<HttpResponseMessage> PutAsync(string measureId, string period, object body, string who = Owner) =>
        await (await As(who)).PutAsJsonAsync($"/api/measures/{measureId}/points/{period}", body);

    /// <summary>Enters n/d for each period, each expected to be new (201).</summary>
    private async Task EnterAsync(string measureId, params (string Period, int Numerator, int Denominator)[] points)
    {
        foreach (var (period, numerator, denominator) in points)
        {
            var response = await PutAsync(measureId, period, new { numerator, denominator });
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{period}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static readonly (string, int, int)[] Baseline =
        [("2025-01", 50, 100), ("2025-02", 52, 100), ("2025-03", 48, 100), ("2025-04", 51, 100), ("2025-05", 49, 100), ("2025-06", 50, 100)];

    private static readonly (string, int, int)[] Improved =
        [("2025-07", 90, 100), ("2025-08", 90, 100), ("2025-09", 90, 100), ("2025-10", 90, 100), ("2025-11", 90, 100), ("2025-12", 90, 100)];

    private static JsonElement Errors(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("errors");

    [Fact]
    public async Task TheOwnerAddsAMeasureAnd201CarriesItsBaselineAndTheDefaultAudits()
    {
        var changeId = await ChangeAsync();
        var response = await (await As(Owner)).PostAsJsonAsync($"/api/changes/{changeId}/measures", AfMeasure);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var measure = await JsonAsync(response);
        Assert.Equal($"/api/measures/{Id(measure)}", response.Headers.Location!.OriginalString);
        Assert.Equal("month", measure.GetProperty("period").GetString());
        Assert.Equal("up", measure.GetProperty("direction").GetString());
        Assert.Equal(6, measure.GetProperty("baselinePoints").GetInt32());
        Assert.Equal(80, measure.GetProperty("standardPercent").GetDecimal());
        var baseline = Assert.Single(measure.GetProperty("baselines").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, baseline.GetProperty("frozenThrough").ValueKind);
        var audits = measure.GetProperty("audits").EnumerateArray().ToList();
        Assert.Equal(["baseline", "re-audit", "re-audit"], audits.Select(a => a.GetProperty("kind").GetString()));
        Assert.Equal([3, 6], audits.Skip(1).Select(a => a.GetProperty("monthsAfterImplementation").GetInt32()));
        Assert.All(audits, a => Assert.Equal("unscheduled", a.GetProperty("status").GetString()));

        var list = await JsonAsync(await (await As(Nurse)).GetAsync($"/api/changes/{changeId}/measures"));
        Assert.Equal([Id(measure)], list.EnumerateArray().Select(Id));
    }

    [Fact]
    public async Task AMeasureWithoutItsFieldsOrWithUnknownWordsIs400WithAnErrorPerField()
    {
        var changeId = await ChangeAsync();
        var response = await (await As(Lead)).PostAsJsonAsync($"/api/changes/{changeId}/measures",
            new { name = " ", direction = "sideways", period = "day", baselinePoints = 3, standardPercent = 120, chartPreference = "pie" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["baselinePoints", "chartPreference", "direction", "name", "numeratorDefinition", "period", "standardPercent"],
            Errors(await response.Content.ReadAsStringAsync()).EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task EnteringAPeriodIs201AndCorrectingItIs200WithEverySaveKept()
    {
        var measure = await MeasureAsync(await ChangeAsync());

        var entered = await PutAsync(Id(measure), "2025-03", new { numerator = 40, denominator = 50, note = "first search" });
        Assert.Equal(HttpStatusCode.Created, entered.StatusCode);
        Assert.Equal($"/api/measures/{Id(measure)}/points/2025-03", entered.Headers.Location!.OriginalString);
        Assert.Equal(0.8m, (await JsonAsync(entered)).GetProperty("value").GetDecimal());

        var corrected = await PutAsync(Id(measure), "2025-03", new { numerator = 42, denominator = 50, note = "search re-run" }, Lead);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

        var point = await JsonAsync(await (await As(Nurse)).GetAsync($"/api/measures/{Id(measure)}/points/2025-03"));
        Assert.Equal(42, point.GetProperty("numerator").GetDecimal());
        var history = point.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([40m, 42m], history.Select(h => h.GetProperty("numerator").GetDecimal()));
        Assert.Equal([false, true], history.Select(h => h.GetProperty("correction").GetBoolean()));
        Assert.Equal(["first search", "search re-run"], history.Select(h => h.GetProperty("note").GetString()));
        Assert.Equal(await UserIdAsync(Lead), history[1].GetProperty("by").GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("2025-03", 5, 4, "numerator")]
    [InlineData("2025-03", -1, 4, "numerator")]
    [InlineData("2025-03", 1, -4, "denominator")]
    [InlineData("2025-13", 1, 4, "period")]
    [InlineData("25-03", 1, 4, "period")]
    [InlineData("2025-W10", 1, 4, "period")]
    [InlineData("1999-12", 1, 4, "period")]
    [InlineData("2099-01", 1, 4, "period")]
    public async Task NumbersOutOfOrderOrAPeriodMalformedOrOutOfRangeIs400OnThatField(string period, int numerator, int denominator, string field)
    {
        var measure = await MeasureAsync(await ChangeAsync());

        var response = await PutAsync(Id(measure), period, new { numerator, denominator });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([field], Errors(await response.Content.ReadAsStringAsync()).EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task AWeeklyCountTakesIsoWeeksAndNoDenominator()
    {
        var measure = await MeasureAsync(await ChangeAsync(), new
        {
            name = "Bleeds reported", numeratorDefinition = "bleeding events on anticoagulants", direction = "down", period = "week",
        });

        Assert.Equal(HttpStatusCode.Created, (await PutAsync(Id(measure), "2025-W10", new { numerator = 3 })).StatusCode);
        var withDenominator = await PutAsync(Id(measure), "2025-W11", new { numerator = 3, denominator = 10 });
        Assert.Equal(["denominator"], Errors(await withDenominator.Content.ReadAsStringAsync()).EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(Id(measure), "2025-W54", new { numerator = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(Id(measure), "2025-03", new { numerator = 1 })).StatusCode);

        var chart = await JsonAsync(await (await As(Owner)).GetAsync($"/api/measures/{Id(measure)}/chart"));
        Assert.Equal("2025-W10", Assert.Single(chart.GetProperty("points").EnumerateArray()).GetProperty("period").GetString());
    }

    [Fact]
    public async Task StrangersHear404AndMembersWhoMayNotEditHear403()
    {
        var changeId = await ChangeAsync();
        var measure = await MeasureAsync(changeId);

        var stranger = await As(OtherClubMember);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/changes/{changeId}/measures")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/measures/{Id(measure)}/chart")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/measures/{Id(measure)}/chart.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(Id(measure), "2025-01", new { numerator = 1, denominator = 2 }, OtherClubMember)).StatusCode);

        var member = await As(Nurse);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/measures/{Id(measure)}/chart")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(Id(measure), "2025-01", new { numerator = 1, denominator = 2 }, Nurse)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync($"/api/changes/{changeId}/measures", AfMeasure)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/measures/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task TheBaselineFreezesOnceItHasItsPointsAndItsPeriodsCannotThenBeChanged()
    {
        var measure = await MeasureAsync(await ChangeAsync());
        await EnterAsync(Id(measure), Baseline[..5]);
        // Still collecting: a baseline period can be corrected.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Id(measure), "2025-02", new { numerator = 53, denominator = 100 })).StatusCode);

        await EnterAsync(Id(measure), Baseline[5]);

        var frozen = await JsonAsync(await (await As(Owner)).GetAsync($"/api/measures/{Id(measure)}"));
        Assert.Equal("2025-06", frozen.GetProperty("baselines")[0].GetProperty("frozenThrough").GetString());
        var correction = await PutAsync(Id(measure), "2025-02", new { numerator = 52, denominator = 100 }, Lead);
        Assert.Equal(HttpStatusCode.Conflict, correction.StatusCode);
        Assert.Contains("re-baseline", await correction.Content.ReadAsStringAsync());
        // Filling a gap before the baseline would move it too.
        Assert.Equal(HttpStatusCode.Conflict, (await PutAsync(Id(measure), "2024-12", new { numerator = 1, denominator = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(Id(measure), "2025-07", new { numerator = 60, denominator = 100 })).StatusCode);
    }

    [Fact]
    public async Task ReBaseliningNeedsAReasonAndAFrozenBaselineAndTheChartKeepsBoth()
    {
        var measure = await MeasureAsync(await ChangeAsync());
        var owner = await As(Owner);
        var url = $"/api/measures/{Id(measure)}/rebaselines";

        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsJsonAsync(url, new { fromPeriod = "2025-07", reason = "New recall" })).StatusCode);
        await EnterAsync(Id(measure), [.. Baseline, .. Improved]);

        var noReason = await owner.PostAsJsonAsync(url, new { fromPeriod = "2025-07", reason = "  " });
        Assert.Equal(["reason"], Errors(await noReason.Content.ReadAsStringAsync()).EnumerateObject().Select(p => p.Name));
        var inTheBaseline = await owner.PostAsJsonAsync(url, new { fromPeriod = "2025-05", reason = "New recall" });
        Assert.Equal(["fromPeriod"], Errors(await inTheBaseline.Content.ReadAsStringAsync()).EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As(Nurse)).PostAsJsonAsync(url, new { fromPeriod = "2025-07", reason = "x" })).StatusCode);

        var response = await owner.PostAsJsonAsync(url, new { fromPeriod = "2025-07", reason = "Recall system replaced in July" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var baselines = (await JsonAsync(response)).GetProperty("baselines").EnumerateArray().ToList();
        Assert.Equal(2, baselines.Count);
        Assert.Equal("Recall system replaced in July", baselines[1].GetProperty("reason").GetString());
        Assert.Equal("2025-12", baselines[1].GetProperty("frozenThrough").GetString()); // its six periods were measured already

        var chart = await JsonAsync(await owner.GetAsync($"/api/measures/{Id(measure)}/chart"));
        var drawn = chart.GetProperty("baselines").EnumerateArray().ToList();
        Assert.Equal([0.5m, 0.9m], drawn.Select(b => b.GetProperty("centre").GetDecimal()));
        Assert.Contains("Recall system replaced in July", chart.GetProperty("description").GetString());
    }

    [Fact]
    public async Task TheChartGivesKindCentreLimitsPointsSignalsAndAnnotations()
    {
        var changeId = await ChangeAsync();
        var measure = await MeasureAsync(changeId);
        await EnterAsync(Id(measure), [.. Baseline, .. Improved]);
        var owner = await As(Owner);
        foreach (var to in new[] { "in-progress", "implemented" })
            Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/changes/{changeId}/transitions", new { to })).StatusCode);

        var response = await owner.GetAsync($"/api/measures/{Id(measure)}/chart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chart = await JsonAsync(response);
        // Six baseline points are too few for control limits: a run chart around the median.
        Assert.Equal("run", chart.GetProperty("kind").GetString());
        Assert.Equal(0.5m, chart.GetProperty("centre").GetDecimal());
        Assert.Equal(JsonValueKind.Null, chart.GetProperty("upperLimit").ValueKind);
        Assert.Equal(JsonValueKind.Null, chart.GetProperty("lowerLimit").ValueKind);
        var points = chart.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(12, points.Count);
        Assert.Equal("2025-07", points[6].GetProperty("period").GetString());
        Assert.Equal(0.9m, points[6].GetProperty("value").GetDecimal());
        Assert.Equal(90, points[6].GetProperty("numerator").GetDecimal());
        Assert.Equal(100, points[6].GetProperty("denominator").GetDecimal());
        var signal = Assert.Single(chart.GetProperty("signals").EnumerateArray());
        Assert.Equal("shift", signal.GetProperty("rule").GetString());
        Assert.Equal("2025-07", signal.GetProperty("fromPeriod").GetString());
        Assert.Equal("2025-12", signal.GetProperty("toPeriod").GetString());
        Assert.Equal("improvement", signal.GetProperty("meaning").GetString());
        var annotation = Assert.Single(chart.GetProperty("annotations").EnumerateArray());
        Assert.Equal("Change implemented", annotation.GetProperty("label").GetString());
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Europe/London")),
            DateOnly.Parse(annotation.GetProperty("date").GetString()!));
    }

    [Fact]
    public async Task EachPdsaCycleIsAnnotatedOnTheChart()
    {
        var changeId = await ChangeAsync();
        var measure = await MeasureAsync(changeId);
        var plannedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-20)).ToString("yyyy-MM-dd");
        var added = await (await As(Owner)).PostAsJsonAsync($"/api/changes/{changeId}/pdsa",
            new { planWhat = "Recall letters to ten patients", prediction = "Half will book a review", plannedOn });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var chart = await JsonAsync(await (await As(Nurse)).GetAsync($"/api/measures/{Id(measure)}/chart"));

        var annotation = Assert.Single(chart.GetProperty("annotations").EnumerateArray());
        Assert.Equal("PDSA cycle 1", annotation.GetProperty("label").GetString());
        Assert.Equal(plannedOn, annotation.GetProperty("date").GetString());
    }

    [Fact]
    public async Task TheSvgIsValidXmlWithATitleAndDescriptionAndThePngIsAPng()
    {
        var measure = await MeasureAsync(await ChangeAsync());
        await EnterAsync(Id(measure), [.. Baseline, .. Improved]);
        var member = await As(Nurse);

        var svg = await member.GetAsync($"/api/measures/{Id(measure)}/chart.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await svg.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        var root = document.Root!;
        Assert.Equal("img", root.Attribute("role")?.Value);
        var children = root.Elements().ToList();
        Assert.Equal(ns + "title", children[0].Name);
        Assert.StartsWith("AF patients anticoagulated", children[0].Value);
        Assert.Equal(ns + "desc", children[1].Name);
        Assert.Contains("Improvement: a shift of 6 points above the median from 2025-07 to 2025-12", children[1].Value);

        var png = await member.GetAsync($"/api/measures/{Id(measure)}/chart.png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal(800, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(420, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    [Fact]
    public async Task ImplementingTheChangeDatesTheDefaultReAuditsThreeAndSixMonthsOn()
    {
        var changeId = await ChangeAsync();
        var measure = await MeasureAsync(changeId);
        var lead = await As(Lead);
        foreach (var to in new[] { "in-progress", "implemented" })
            Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/changes/{changeId}/transitions", new { to })).StatusCode);

        var audits = (await JsonAsync(await lead.GetAsync($"/api/measures/{Id(measure)}/audits"))).EnumerateArray().ToList();

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Europe/London"));
        Assert.Equal([today.AddMonths(3), today.AddMonths(6)],
            audits.Skip(1).Select(a => DateOnly.Parse(a.GetProperty("dueOn").GetString()!)));
        Assert.Equal(today.AddMonths(3).AddMonths(-1).ToString("yyyy-MM"), audits[1].GetProperty("period").GetString());
        Assert.All(audits.Skip(1), a => Assert.Equal("scheduled", a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task TheLeadSetsAReAuditDateAndItsResultIsReadAgainstTheStandardAndTheBaseline()
    {
        var measure = await MeasureAsync(await ChangeAsync());
        var lead = await As(Lead);
        var owner = await As(Owner);

        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsJsonAsync($"/api/measures/{Id(measure)}/audits", new { dueOn = "2025-08-15" })).StatusCode);
        var added = await lead.PostAsJsonAsync($"/api/measures/{Id(measure)}/audits", new { dueOn = "2025-08-15" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var audit = await JsonAsync(added);
        Assert.Equal("2025-07", audit.GetProperty("period").GetString());
        Assert.Equal("overdue", audit.GetProperty("status").GetString());

        var defaultReaudit = measure.GetProperty("audits")[1];
        var moved = await lead.PatchAsJsonAsync($"/api/audits/{Id(defaultReaudit)}", new { dueOn = "2026-01-10" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var movedAudit = await JsonAsync(moved);
        Assert.Equal("2025-12", movedAudit.GetProperty("period").GetString());
        Assert.Equal(JsonValueKind.Null, movedAudit.GetProperty("monthsAfterImplementation").ValueKind);

        var early = await owner.PostAsJsonAsync($"/api/audits/{Id(audit)}/result", new { });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        await EnterAsync(Id(measure), [.. Baseline, .. Improved]);
        var recorded = await owner.PostAsJsonAsync($"/api/audits/{Id(audit)}/result", new { note = "Recall letters worked" });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var result = (await JsonAsync(recorded)).GetProperty("result");
        Assert.Equal(0.9m, result.GetProperty("value").GetDecimal());
        Assert.True(result.GetProperty("standardMet").GetBoolean());
        Assert.Equal(0.5m, result.GetProperty("baselineCentre").GetDecimal());
        Assert.Equal("better", result.GetProperty("againstBaseline").GetString());

        var baselineAudit = measure.GetProperty("audits")[0];
        var baselineResult = (await JsonAsync(await owner.PostAsJsonAsync($"/api/audits/{Id(baselineAudit)}/result", new { }))).GetProperty("result");
        Assert.Equal(0.5m, baselineResult.GetProperty("value").GetDecimal());
        Assert.False(baselineResult.GetProperty("standardMet").GetBoolean());

        Assert.Equal(HttpStatusCode.Conflict, (await lead.PatchAsJsonAsync($"/api/audits/{Id(audit)}", new { dueOn = "2025-09-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await As(OtherClubMember)).PostAsJsonAsync($"/api/audits/{Id(audit)}/result", new { })).StatusCode);
    }

    [Fact]
    public async Task AnAbandonedChangeKeepsItsMeasuresAsTheyWere()
    {
        var changeId = await ChangeAsync();
        var measure = await MeasureAsync(changeId);
        Assert.Equal(HttpStatusCode.OK, (await (await As(Lead)).PostAsJsonAsync($"/api/changes/{changeId}/transitions",
            new { to = "abandoned", reason = "Practice merger" })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await PutAsync(Id(measure), "2025-01", new { numerator = 1, denominator = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As(Admin)).GetAsync($"/api/measures/{Id(measure)}/chart")).StatusCode);
    }
}
