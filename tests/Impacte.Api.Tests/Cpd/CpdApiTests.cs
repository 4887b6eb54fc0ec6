using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Domain.Changes;
using Impacte.Testing;

namespace Impacte.Api.Tests.Cpd;

/// <summary>The CPD log and reflections over the API. Each test uses its own Milton Keynes member, so their logs stay apart.</summary>
public sealed class CpdApiTests(ApiFactory api) : ApiTestBase(api)
{
    private const string Lead = "lead@example.org", Admin = "admin@example.org", OtherClubMember = "gp.luton@example.org",
        Librarian = "librarian@example.org";

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private async Task<Guid> MeetingAsync(int daysAgo, int minutes, params string[] attendees)
    {
        await using var db = Db();
        var ids = new List<Guid>();
        foreach (var email in attendees) ids.Add(await UserIdAsync(email));
        var clubId = await ClubIdAsync(MiltonKeynes);
        return await CpdFixtures.PastMeetingAsync(db, clubId, Now.AddDays(-daysAgo), minutes, ids,
            questionId: await CpdFixtures.QuestionAsync(db, clubId));
    }

    private async Task<JsonElement> LogAsync(string email, string query = "")
    {
        var response = await (await As(email)).GetAsync("/api/me/cpd" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private async Task<HttpResponseMessage> ReflectAsync(string email, Guid meetingId, object body) =>
        await (await As(email)).PutAsJsonAsync($"/api/meetings/{meetingId}/reflection", body);

    private static IEnumerable<JsonElement> Events(JsonElement log) => log.GetProperty("learningEvents").EnumerateArray();

    [Fact]
    public async Task TheLogSumsTheHoursOfMeetingsAttendedInTheLastTwelveMonths()
    {
        const string me = "registrar.mk@example.org";
        var ninety = await MeetingAsync(60, 90, me);
        var hour = await MeetingAsync(120, 60, me);
        await MeetingAsync(30, 45, "gp2.mk@example.org"); // not attended
        await MeetingAsync(400, 60, me); // before the last 12 months
        await using (var db = Db())
            await CpdFixtures.PastMeetingAsync(db, await ClubIdAsync(MiltonKeynes), Now.AddDays(-10), 60, [await UserIdAsync(me)], cancelled: true);

        var log = await LogAsync(me);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(today.ToString("yyyy-MM-dd"), log.GetProperty("to").GetString());
        Assert.Equal(today.AddMonths(-12).AddDays(1).ToString("yyyy-MM-dd"), log.GetProperty("from").GetString());
        Assert.Equal([hour, ninety], Events(log).Select(e => e.GetProperty("meetingId").GetGuid()));
        Assert.Equal([1.0m, 1.5m], Events(log).Select(e => e.GetProperty("hours").GetDecimal()));
        Assert.Equal(2.5m, log.GetProperty("totalHours").GetDecimal());
        Assert.All(Events(log), e => Assert.NotEmpty(e.GetProperty("topics").EnumerateArray()));
    }

    [Fact]
    public async Task AnAppraisalYearShowsOnlyTheMeetingsInsideIt()
    {
        const string me = "anp.mk@example.org";
        var inside = await MeetingAsync(200, 60, me);
        await MeetingAsync(20, 60, me);
        var from = DateOnly.FromDateTime(Now.AddDays(-250).UtcDateTime);
        var to = DateOnly.FromDateTime(Now.AddDays(-100).UtcDateTime);

        var log = await LogAsync(me, $"?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");

        Assert.Equal(inside, Assert.Single(Events(log)).GetProperty("meetingId").GetGuid());
        Assert.Equal(from.ToString("yyyy-MM-dd"), log.GetProperty("from").GetString());
        Assert.Equal(1m, log.GetProperty("totalHours").GetDecimal());
    }

    [Fact]
    public async Task APeriodThatEndsBeforeItStartsOrIsNotADateIs400()
    {
        var client = await As("gp@example.org");
        var backwards = await client.GetAsync("/api/me/cpd?from=2026-05-01&to=2026-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("application/problem+json", backwards.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonAsync(backwards)).GetProperty("errors").TryGetProperty("from", out _));

        var notADate = await client.GetAsync("/api/me/cpd.csv?to=31/03/2026");
        Assert.Equal(HttpStatusCode.BadRequest, notADate.StatusCode);
        Assert.True((await JsonAsync(notADate)).GetProperty("errors").TryGetProperty("to", out _));
    }

    [Fact]
    public async Task AnAttendeesReflectionIsInTheirOwnLogAndNobodyElsesNotEvenAnAdmins()
    {
        const string me = "pa.mk@example.org", colleague = "gp2.mk@example.org";
        var meeting = await MeetingAsync(15, 60, me, colleague);

        var saved = await ReflectAsync(me, meeting, new { whatILearned = "  Frailty changes the balance of benefit.  ", whatIWillChange = "Review statins at frailty reviews." });
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        Assert.Equal("Frailty changes the balance of benefit.", (await JsonAsync(saved)).GetProperty("whatILearned").GetString());

        var mine = Events(await LogAsync(me)).Single(e => e.GetProperty("meetingId").GetGuid() == meeting);
        Assert.Equal("Review statins at frailty reviews.", mine.GetProperty("reflection").GetProperty("whatIWillChange").GetString());
        Assert.Equal("Frailty changes the balance of benefit.",
            (await JsonAsync(await (await As(me)).GetAsync($"/api/meetings/{meeting}/reflection"))).GetProperty("whatILearned").GetString());

        // The colleague who was there too sees the meeting in their own log, without anyone else's reflection, whatever they ask for.
        var theirs = Events(await LogAsync(colleague, $"?userId={await UserIdAsync(me)}")).Single(e => e.GetProperty("meetingId").GetGuid() == meeting);
        Assert.Equal(JsonValueKind.Null, theirs.GetProperty("reflection").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await (await As(colleague)).GetAsync($"/api/meetings/{meeting}/reflection")).StatusCode);
        // Neither the lead nor an admin can read it: they did not attend, and a reflection is personal.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As(Lead)).GetAsync($"/api/meetings/{meeting}/reflection")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As(Admin)).GetAsync($"/api/meetings/{meeting}/reflection")).StatusCode);
        Assert.DoesNotContain("Frailty", (await (await As(Admin)).GetStringAsync("/api/me/cpd")));
    }

    [Fact]
    public async Task EditingAReflectionReplacesIt()
    {
        const string me = "gp2.mk@example.org";
        var meeting = await MeetingAsync(16, 60, me);
        await ReflectAsync(me, meeting, new { whatILearned = "First thoughts." });
        var edited = await ReflectAsync(me, meeting, new { whatIWillChange = "Second thoughts." });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var reflection = Events(await LogAsync(me)).Single(e => e.GetProperty("meetingId").GetGuid() == meeting).GetProperty("reflection");
        Assert.Equal(JsonValueKind.Null, reflection.GetProperty("whatILearned").ValueKind);
        Assert.Equal("Second thoughts.", reflection.GetProperty("whatIWillChange").GetString());
    }

    [Fact]
    public async Task OnlySomeoneRecordedAsAttendingCanReflect()
    {
        var meeting = await MeetingAsync(17, 60, "nurse.mk@example.org");
        var body = new { whatILearned = "I was not there." };

        Assert.Equal(HttpStatusCode.Forbidden, (await ReflectAsync("gp@example.org", meeting, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ReflectAsync(Admin, meeting, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReflectAsync(OtherClubMember, meeting, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReflectAsync(Librarian, meeting, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReflectAsync("nurse.mk@example.org", Guid.NewGuid(), body)).StatusCode);
    }

    [Fact]
    public async Task AnEmptyOrOverlongReflectionIs400OnItsField()
    {
        var meeting = await MeetingAsync(18, 60, "nurse.mk@example.org");

        var empty = await ReflectAsync("nurse.mk@example.org", meeting, new { whatILearned = " ", whatIWillChange = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await JsonAsync(empty)).GetProperty("errors").TryGetProperty("whatILearned", out _));

        var tooLong = await ReflectAsync("nurse.mk@example.org", meeting, new { whatIWillChange = new string('x', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await JsonAsync(tooLong)).GetProperty("errors").TryGetProperty("whatIWillChange", out _));
    }

    [Fact]
    public async Task ChangesOwnedOrWorkedOnAreQualityImprovementWithStatusAndLearning()
    {
        const string me = "public.mk@example.org";
        await using var db = Db();
        var clubId = await ClubIdAsync(MiltonKeynes);
        var meId = await UserIdAsync(me);
        var nurse = await UserIdAsync("nurse.mk@example.org");
        var owned = await CpdFixtures.ChangeAsync(db, clubId, "Ask about falls at every frailty review", meId, agreedDaysAgo: 90,
            status: ChangeStatus.Implemented, howItMadeADifference: "Falls are asked about in nine reviews out of ten.");
        var team = await CpdFixtures.ChangeAsync(db, clubId, "Offer anticoagulation review", nurse, team: [meId], agreedDaysAgo: 60);
        var stopped = await CpdFixtures.ChangeAsync(db, clubId, "Text reminders for INR", meId, agreedDaysAgo: 50,
            status: ChangeStatus.Abandoned, abandonReason: "The practice's SMS contract ended.");
        await CpdFixtures.ChangeAsync(db, clubId, "Someone else's change", nurse, agreedDaysAgo: 40);
        await CpdFixtures.ChangeAsync(db, clubId, "Closed long ago", meId, agreedDaysAgo: 800, status: ChangeStatus.Sustained);

        var items = (await LogAsync(me)).GetProperty("qualityImprovement").EnumerateArray().ToList();

        Assert.Equal([owned, team, stopped], items.Select(i => i.GetProperty("changeId").GetGuid()));
        Assert.Equal(["owner", "team member", "owner"], items.Select(i => i.GetProperty("role").GetString()));
        Assert.Equal(["implemented", "agreed", "abandoned"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("Falls are asked about in nine reviews out of ten.", items[0].GetProperty("howItMadeADifference").GetString());
        Assert.Equal("The practice's SMS contract ended.", items[2].GetProperty("abandonReason").GetString());
        // Measures come with feat/measures; until then each change says it has no measured result yet.
        Assert.All(items, i => Assert.Empty(i.GetProperty("results").EnumerateArray()));
    }

    [Fact]
    public async Task AChangesMeasuredResultIsItsLatestValueAgainstTheStandardAndItsSignal()
    {
        const string me = "gp@example.org";
        Guid changeId;
        await using (var db = Db())
            changeId = await CpdFixtures.ChangeAsync(db, await ClubIdAsync(MiltonKeynes), "Anticoagulate AF", await UserIdAsync(me), agreedDaysAgo: 400);
        var client = await As(me);
        var created = await client.PostAsJsonAsync($"/api/changes/{changeId}/measures", new
        {
            name = "AF patients anticoagulated", numeratorDefinition = "patients with AF and CHA2DS2-VASc of 2 or more on an anticoagulant",
            denominatorDefinition = "patients with AF and CHA2DS2-VASc of 2 or more", standardPercent = 80, direction = "up", period = "month",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var measureId = (await JsonAsync(created)).GetProperty("id").GetString();
        // Six baseline months around 50%, then six at 90%: a shift above the baseline median, an improvement.
        for (var month = 1; month <= 12; month++)
        {
            var point = await client.PutAsJsonAsync($"/api/measures/{measureId}/points/2025-{month:00}",
                new { numerator = month <= 6 ? 48 + month % 3 * 2 : 90, denominator = 100 });
            Assert.True(point.IsSuccessStatusCode, await point.Content.ReadAsStringAsync());
        }

        var item = (await LogAsync(me)).GetProperty("qualityImprovement").EnumerateArray().Single(i => i.GetProperty("changeId").GetGuid() == changeId);

        var result = Assert.Single(item.GetProperty("results").EnumerateArray());
        Assert.Equal("2025-12", result.GetProperty("latestPeriod").GetString());
        Assert.Equal(90m, result.GetProperty("latestValue").GetDecimal());
        Assert.True(result.GetProperty("meetsStandard").GetBoolean());
        Assert.Equal("improvement", result.GetProperty("signal").GetString());
        Assert.StartsWith("AF patients anticoagulated: 90% in 2025-12 (standard 80%, met); improvement signal", result.GetProperty("summary").GetString());
        Assert.Contains("90% in 2025-12", await client.GetStringAsync("/api/me/cpd.csv"));
    }

    [Fact]
    public async Task TheCsvListsEventsAndChangesAndEscapesWhatASpreadsheetWouldRunAsAFormula()
    {
        const string me = "pharmacist.mk@example.org";
        var meeting = await MeetingAsync(19, 90, me);
        await ReflectAsync(me, meeting, new { whatILearned = "=HYPERLINK(\"http://evil.example\",\"click\")", whatIWillChange = "+1 review, -2 visits" });
        await using (var db = Db())
            await CpdFixtures.ChangeAsync(db, await ClubIdAsync(MiltonKeynes), "@SUM(A1:A9) audit", await UserIdAsync(me),
                howItMadeADifference: "-fewer bleeds");

        var response = await (await As(me)).GetAsync("/api/me/cpd.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var csv = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("type,date,title,club,hours,role,status,what_i_learned,what_i_will_change,result", lines[0]);
        var learning = Assert.Single(lines, l => l.StartsWith("learning event,"));
        Assert.Contains(",1.5,attendee,attended,", learning);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", learning);
        Assert.Contains("\"'+1 review, -2 visits\"", learning);
        var change = Assert.Single(lines, l => l.StartsWith("quality improvement,"));
        Assert.Contains("'@SUM(A1:A9) audit", change);
        Assert.Contains("'-fewer bleeds", change);
        Assert.Contains("No measures yet", change);
        Assert.DoesNotContain(",=", csv);
        Assert.DoesNotContain(",@", csv);
    }

    [Fact]
    public async Task TheCsvIsTheCallersOwnLog()
    {
        var meeting = await MeetingAsync(21, 60, "nurse.mk@example.org");
        await ReflectAsync("nurse.mk@example.org", meeting, new { whatILearned = "Only the nurse's words." });

        var csv = await (await As("gp@example.org")).GetStringAsync("/api/me/cpd.csv");

        Assert.DoesNotContain("Only the nurse's words.", csv);
        Assert.Contains("Only the nurse's words.", await (await As("nurse.mk@example.org")).GetStringAsync("/api/me/cpd.csv"));
    }
}
