using System.Net;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Meetings;

/// <summary>The RSVP links in a reading pack: they work without signing in, for one member, meeting and answer only.</summary>
public sealed class SignedRsvpLinkTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task TheLinkAsksForConfirmationThenRecordsTheAnswerWithoutSigningIn()
    {
        var (meeting, gp) = await MeetingAsync();
        var link = PathOf(Emails.RsvpLink(meeting, gp, RsvpResponse.Maybe));
        var session = PageSession.For(Api);

        var page = await session.GetAsync(link); // a mail scanner following the link changes nothing
        Assert.Contains("Confirm: maybe", page.QuerySelector("main button")!.TextContent);
        await using (var db = Db())
            Assert.False(await db.Rsvps.AnyAsync(r => r.MeetingId == meeting.Id));

        var (_, confirmed) = await session.SubmitAsync(link, new Dictionary<string, string>());

        Assert.Contains("your answer is maybe", confirmed.QuerySelector("[data-testid=message]")!.TextContent);
        await using var check = Db();
        Assert.Equal(RsvpResponse.Maybe, (await check.Rsvps.SingleAsync(r => r.MeetingId == meeting.Id && r.UserId == gp)).Response);
    }

    [Fact]
    public async Task ALinkWithItsAnswerOrPersonChangedIsRefused()
    {
        var (meeting, gp) = await MeetingAsync();
        var yes = PathOf(Emails.RsvpLink(meeting, gp, RsvpResponse.Yes));
        var client = Api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(yes)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(yes.Replace("response=yes", "response=no"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(yes.Replace(gp.ToString(), (await UserIdAsync("lead@example.org")).ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(yes[..^4] + "AAAA")).StatusCode);
    }

    private static MeetingEmails Emails => new(new EmailOptions { PublicBaseUrl = "http://localhost" }, TimeProvider.System);

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private async Task<(Meeting Meeting, Guid Gp)> MeetingAsync()
    {
        await using var db = Db();
        var start = DateTimeOffset.UtcNow.AddDays(5);
        start = new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var meeting = new Meeting { ClubId = await ClubIdAsync(MiltonKeynes), StartsAt = start, EndsAt = start.AddHours(1), CreatedAt = DateTimeOffset.UtcNow };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return (meeting, await UserIdAsync("gp@example.org"));
    }
}
