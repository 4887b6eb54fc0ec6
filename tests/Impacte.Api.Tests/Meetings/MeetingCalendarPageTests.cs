using System.Net;
using System.Net.Http.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Testing;

namespace Impacte.Api.Tests.Meetings;

/// <summary>"Add to your calendar" on the meeting page works for a person signed in with the browser, not only for API clients.</summary>
public sealed class MeetingCalendarPageTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task AMemberSignedInWithTheBrowserDownloadsTheMeetingAsAValidCalendarFile()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var startsAt = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(40).Date.AddHours(12.5), TimeSpan.Zero);
        var created = await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{clubId}/meetings", new { startsAt, durationMinutes = 60 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();

        var gp = PageSession.For(Api);
        await gp.SignInAsync("gp@example.org");
        var page = await gp.GetAsync($"/meetings/{id}");
        var href = page.QuerySelector("[data-testid=add-to-calendar]")!.GetAttribute("href")!;
        var response = await gp.Client.GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".ics", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        if (!Icalendar.Available) Assert.Skip("python3-icalendar is missing; deploy/local/test.sh installs it.");
        var ics = Icalendar.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("REQUEST", ics.Method);
        Assert.Equal($"meeting-{id}@impacte", ics.Uid);
        Assert.Equal(startsAt, ics.StartUtc);
        Assert.Equal(startsAt.AddHours(1), ics.EndUtc);
    }

    [Fact]
    public async Task AddToCalendarCarriesTheMembersOwnRsvpAsPartstat()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var created = await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{clubId}/meetings",
            new { startsAt = DateTimeOffset.UtcNow.AddDays(42), durationMinutes = 60 });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var gpApi = await As("gp@example.org");
        var gp = PageSession.For(Api);
        await gp.SignInAsync("gp@example.org");
        async Task<string> AttendeeAsync(string url, HttpClient client) =>
            (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).ReplaceLineEndings("\n").Replace("\n ", "")
                .Split('\n').Single(l => l.StartsWith("ATTENDEE", StringComparison.Ordinal));

        // Before answering: the member is the attendee, their answer still wanted.
        var before = await AttendeeAsync($"/meetings/{id}?handler=Calendar", gp.Client);
        Assert.Contains("PARTSTAT=NEEDS-ACTION", before);
        Assert.EndsWith("mailto:gp@example.org", before);

        Assert.Equal(HttpStatusCode.OK, (await gpApi.PutAsJsonAsync($"/api/meetings/{id}/rsvp", new { response = "maybe" })).StatusCode);
        Assert.Contains("PARTSTAT=TENTATIVE", await AttendeeAsync($"/meetings/{id}?handler=Calendar", gp.Client));
        Assert.Equal(HttpStatusCode.OK, (await gpApi.PutAsJsonAsync($"/api/meetings/{id}/rsvp", new { response = "yes" })).StatusCode);
        Assert.Contains("PARTSTAT=ACCEPTED", await AttendeeAsync($"/api/meetings/{id}/calendar.ics", gpApi));
        // Someone else downloading it sees their own state, not the GP's.
        Assert.Contains("PARTSTAT=NEEDS-ACTION", await AttendeeAsync($"/api/meetings/{id}/calendar.ics", await As("lead@example.org")));
    }

    [Fact]
    public async Task SomeoneWithNoBusinessInTheClubGetsNoCalendarFile()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var created = await (await As("lead@example.org")).PostAsJsonAsync($"/api/clubs/{clubId}/meetings",
            new { startsAt = DateTimeOffset.UtcNow.AddDays(41), durationMinutes = 60 });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();

        var stranger = PageSession.For(Api);
        await stranger.SignInAsync("lead.bedford@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/meetings/{id}?handler=Calendar")).StatusCode);
        var anonymous = PageSession.For(Api);
        var signedOut = await anonymous.Client.GetAsync($"/meetings/{id}?handler=Calendar");
        Assert.NotEqual("text/calendar", signedOut.Content.Headers.ContentType?.MediaType);
    }
}
