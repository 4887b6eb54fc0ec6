using System.Net;
using Impacte.Api.Tests.Pages;
using Impacte.Testing;

namespace Impacte.Api.Tests.Cpd;

/// <summary>The CPD pages as a signed-in member uses them: the reflection form from the meeting page, /me/cpd, CSV and print.</summary>
public sealed class CpdPagesTests(ApiFactory api) : ApiTestBase(api)
{
    private async Task<Guid> MeetingAsync(int daysAgo, int minutes, params string[] attendees)
    {
        await using var db = Db();
        var ids = new List<Guid>();
        foreach (var email in attendees) ids.Add(await UserIdAsync(email));
        var clubId = await ClubIdAsync(MiltonKeynes);
        return await CpdFixtures.PastMeetingAsync(db, clubId, DateTimeOffset.UtcNow.AddDays(-daysAgo), minutes, ids,
            questionId: await CpdFixtures.QuestionAsync(db, clubId));
    }

    private async Task<PageSession> SignedInAsync(string email)
    {
        var session = PageSession.For(Api);
        await session.SignInAsync(email);
        return session;
    }

    [Fact]
    public async Task AnAttendeeWritesAReflectionFromTheMeetingPageAndSeesItEncodedInTheirLog()
    {
        var meeting = await MeetingAsync(12, 90, "registrar.mk@example.org");
        var registrar = await SignedInAsync("registrar.mk@example.org");

        var meetingPage = await registrar.GetAsync($"/meetings/{meeting}");
        var link = meetingPage.QuerySelector("[data-testid=my-reflection] a[data-testid=write-reflection]")!.GetAttribute("href");
        Assert.Equal($"/meetings/{meeting}/reflection", link);

        var (response, page) = await registrar.SubmitAsync(link!, new Dictionary<string, string>
        {
            ["WhatILearned"] = "Deprescribing <script>alert(1)</script> is evidence-based.",
            ["WhatIWillChange"] = "Review statins in frail patients.",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/me/cpd", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("reflection is saved", page.QuerySelector("[data-testid=message]")!.TextContent);
        var reflection = page.QuerySelectorAll("[data-testid=learning-event]").Single(e => e.InnerHtml.Contains(meeting.ToString()))
            .QuerySelector("[data-testid=reflection]")!;
        Assert.Contains("Deprescribing <script>alert(1)</script> is evidence-based.", reflection.TextContent);
        Assert.DoesNotContain("<script>", reflection.InnerHtml);
        Assert.Contains("1.5 hours", page.QuerySelector("[data-testid=total-hours]")!.TextContent);
        // Back on the meeting page, the attendee sees their reflection, ready to edit.
        Assert.Contains("Review statins in frail patients.", (await registrar.GetAsync($"/meetings/{meeting}")).QuerySelector("[data-testid=my-reflection]")!.TextContent);
    }

    [Fact]
    public async Task AnEmptyReflectionIsReportedOnTheForm()
    {
        var meeting = await MeetingAsync(13, 60, "anp.mk@example.org");
        var anp = await SignedInAsync("anp.mk@example.org");

        var (response, page) = await anp.SubmitAsync($"/meetings/{meeting}/reflection", new Dictionary<string, string> { ["WhatILearned"] = " " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Write what you learned", page.QuerySelector(".nhsuk-error-summary")!.TextContent);
    }

    [Fact]
    public async Task SomeoneWhoDidNotAttendHasNoReflectionSectionAndCannotOpenTheForm()
    {
        var meeting = await MeetingAsync(14, 60, "pa.mk@example.org");
        var lead = await SignedInAsync("lead@example.org");

        Assert.Null((await lead.GetAsync($"/meetings/{meeting}")).QuerySelector("[data-testid=my-reflection]"));
        var form = await lead.Client.GetAsync($"/meetings/{meeting}/reflection");
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        var stranger = await SignedInAsync("gp.luton@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/meetings/{meeting}/reflection")).StatusCode);
    }

    [Fact]
    public async Task TheLogPageFiltersByPeriodAndOffersCsvAndAPrintableVersion()
    {
        var meeting = await MeetingAsync(300, 120, "gp2.mk@example.org");
        await MeetingAsync(20, 60, "gp2.mk@example.org");
        var gp2 = await SignedInAsync("gp2.mk@example.org");
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-300));
        var query = $"?from={day.AddDays(-1):yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}";

        var page = await gp2.GetAsync("/me/cpd" + query);
        Assert.Single(page.QuerySelectorAll("[data-testid=learning-event]"));
        Assert.Contains("2 hours", page.QuerySelector("[data-testid=total-hours]")!.TextContent);

        var csvHref = page.QuerySelector("[data-testid=csv-link]")!.GetAttribute("href")!;
        var csv = await gp2.Client.GetAsync(csvHref);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // header and the one meeting in the period

        var print = await gp2.GetAsync(page.QuerySelector("[data-testid=print-link]")!.GetAttribute("href")!);
        Assert.Contains("Dr Fiona Lam", print.QuerySelector("[data-testid=print-header]")!.TextContent);
        Assert.Contains("2 hours", print.QuerySelector("[data-testid=print-total-hours]")!.TextContent);
        Assert.Single(print.QuerySelectorAll("[data-testid=print-learning] tbody tr"), r => r.TextContent.Contains("Journal club"));
        Assert.NotNull(print.QuerySelector("link[href^='/css/cpd.css']"));
    }

    [Fact]
    public async Task ADateThatIsNotADateIsReportedAndTheLastTwelveMonthsShown()
    {
        var nurse = await SignedInAsync("nurse.mk@example.org");

        var page = await nurse.GetAsync("/me/cpd?from=yesterday");

        Assert.Contains("YYYY-MM-DD", page.QuerySelector(".nhsuk-error-summary")!.TextContent);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"), page.QuerySelector("#To")!.GetAttribute("value"));
    }
}
