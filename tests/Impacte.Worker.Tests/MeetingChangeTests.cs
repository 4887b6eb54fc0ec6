using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Domain.Preferences;
using Impacte.Testing;
using Impacte.Worker.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Impacte.Worker.Tests;

/// <summary>
/// A meeting moved or cancelled is told to everyone who was sent the pack or answered the RSVP, pack or no pack:
/// "was → now", the answer kept but asked again, the reason for a cancellation, and the member's answer in the
/// resent invitation's PARTSTAT. From the running Worker into MailDev.
/// </summary>
public sealed class MeetingChangeTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private string[] Args() => [.. Worker.Args(database, 1025), "--Meetings:PollSeconds=1", "--Outbox:RetryBaseSeconds=0.5"];

    private async Task AnswerAsync(Meeting meeting, MeetingRecipient member, RsvpResponse response)
    {
        await using var db = database.CreateContext();
        db.Rsvps.Add(new MeetingRsvp { MeetingId = meeting.Id, UserId = member.UserId, Response = response, RespondedAt = DateTimeOffset.UtcNow, ForStartsAt = meeting.StartsAt });
        await db.SaveChangesAsync();
    }

    private async Task ChangeAsync(Guid meetingId, Action<Meeting> change)
    {
        await using var db = database.CreateContext();
        var m = await db.Meetings.SingleAsync(x => x.Id == meetingId);
        m.Changed();
        change(m);
        await db.SaveChangesAsync();
    }

    private static async Task<Ical.Net.CalendarComponents.CalendarEvent> InviteOfAsync(MailDev.Email email) =>
        Ical.Net.Calendar.Load(await MailDev.Local.AttachmentAsync(email, Assert.Single(email.Attachments ?? [])))!.Events.Single();

    [Fact]
    public async Task AMovedMeetingSaysWasAndNowAndAsksAgainAlsoOfThoseWhoAnsweredBeforeThePackWent()
    {
        // Three weeks ahead: the pack (7 days' lead time) has not gone out.
        var club = await ClubFixture.CreateAsync(database, 3, "moved");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(21));
        var answered = club.Members[1];
        var silent = club.Members[2];
        await AnswerAsync(meeting, answered, RsvpResponse.Yes);
        var moved = meeting.StartsAt.AddDays(2).AddHours(1);
        await ChangeAsync(meeting.Id, m => (m.StartsAt, m.EndsAt, m.Location) = (moved, moved.AddHours(1), "Room 2, Willen Park"));

        using var worker = WorkerHost.Build(Args());
        await worker.StartAsync();
        try
        {
            var email = Assert.Single(await MailDev.Local.WaitForAsync(answered.Email));
            Assert.Equal($"Club moved journal club moved to {MeetingRules.Short(moved, "Europe/London")} — Room 2, Willen Park", email.Subject);
            Assert.Contains($"Was:", email.Text);
            Assert.Contains(MeetingRules.When(meeting.StartsAt, meeting.EndsAt, "Europe/London"), email.Text);
            Assert.Contains($"Now:", email.Text);
            Assert.Contains(MeetingRules.When(moved, moved.AddHours(1), "Europe/London"), email.Text);
            Assert.Contains("Willen Park library", email.Text); // where it was
            Assert.Contains("for the old time: please confirm again", email.Text);
            Assert.Contains($"/meetings/{meeting.Id}/rsvp?user={answered.UserId}&response=yes&sig=", email.Text);
            Assert.Contains(EmailLayout.Marker, email.Html);
            Assert.Contains("Please confirm again: will you come?", email.Html);
            // Their answer was for the old time: the calendar asks again.
            Assert.Equal("NEEDS-ACTION", (await InviteOfAsync(email)).Attendees.Single().ParticipationStatus);

            // The answer is kept, marked as given for the old time.
            await using (var db = database.CreateContext())
            {
                var rsvp = await db.Rsvps.SingleAsync(r => r.MeetingId == meeting.Id && r.UserId == answered.UserId);
                Assert.Equal((RsvpResponse.Yes, meeting.StartsAt), (rsvp.Response, rsvp.ForStartsAt));
            }

            // Run again: nothing new, and nobody who neither had the pack nor answered is told.
            using (var scope = worker.Services.CreateScope())
                Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendChangesAsync(CancellationToken.None));
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Single(await MailDev.Local.ForAsync(answered.Email));
            Assert.Empty(await MailDev.Local.ForAsync(silent.Email));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task ACancellationCarriesTheReasonToThoseWhoAnsweredAndNotToThoseWhoTakeItInTheDigest()
    {
        var club = await ClubFixture.CreateAsync(database, 3, "cancelled");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(21));
        var answered = club.Members[1];
        var inDigest = club.Members[2];
        await AnswerAsync(meeting, answered, RsvpResponse.Maybe);
        await AnswerAsync(meeting, inDigest, RsvpResponse.Yes);
        await using (var db = database.CreateContext())
        {
            (await db.Preferences.ForAsync(inDigest.UserId)).ReadingPacks = EmailDelivery.InDigest;
            await db.SaveChangesAsync();
        }
        await ChangeAsync(meeting.Id, m => (m.Status, m.CancelReason) = (MeetingStatus.Cancelled, "The practice is closed for a flu clinic."));

        using var worker = WorkerHost.Build(Args());
        await worker.StartAsync();
        try
        {
            var email = Assert.Single(await MailDev.Local.WaitForAsync(answered.Email));
            Assert.Equal($"Cancelled: Club cancelled journal club on {MeetingRules.Short(meeting.StartsAt, "Europe/London")}", email.Subject);
            Assert.Contains("Reason:", email.Text);
            Assert.Contains("The practice is closed for a flu clinic.", email.Text);
            Assert.Contains("The practice is closed for a flu clinic.", email.Html);
            Assert.Equal("CANCELLED", (await InviteOfAsync(email)).Status);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Empty(await MailDev.Local.ForAsync(inDigest.Email));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task AResentInvitationCarriesEachMembersAnswerAsItsPartstat()
    {
        var club = await ClubFixture.CreateAsync(database, 4, "partstat");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(3)); // the pack is due
        using var worker = WorkerHost.Build(Args());
        await worker.StartAsync();
        try
        {
            foreach (var member in club.Members) await MailDev.Local.WaitForAsync(member.Email);
            await AnswerAsync(meeting, club.Members[1], RsvpResponse.Yes);
            await AnswerAsync(meeting, club.Members[2], RsvpResponse.Maybe);
            await AnswerAsync(meeting, club.Members[3], RsvpResponse.No);
            // Only the place changes: the answers still stand for this time.
            await ChangeAsync(meeting.Id, m => m.Location = "Room 4, Willen Park");

            var expected = new[] { "NEEDS-ACTION", "ACCEPTED", "TENTATIVE", "DECLINED" };
            for (var i = 0; i < club.Members.Count; i++)
            {
                var emails = await MailDev.Local.WaitForAsync(club.Members[i].Email, 2);
                var update = emails.Single(e => e.Subject.Contains("is now at"));
                var invite = await InviteOfAsync(update);
                Assert.Equal(1, invite.Sequence);
                Assert.Equal(expected[i], invite.Attendees.Single().ParticipationStatus);
                Assert.Contains("Room 4, Willen Park", update.Text);
            }
        }
        finally
        {
            await worker.StopAsync();
        }
    }
}
