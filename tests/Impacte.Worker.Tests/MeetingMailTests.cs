using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Testing;
using Impacte.Worker.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Impacte.Worker.Tests;

/// <summary>Reading packs, updates and cancellations from the running Worker into MailDev.</summary>
public sealed class MeetingMailTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private string[] Args(int smtpPort = 1025) => [.. Worker.Args(database, smtpPort), "--Meetings:PollSeconds=1", "--Outbox:RetryBaseSeconds=0.5"];

    [Fact]
    public async Task AReadingPackArrivesOncePerMemberWithBothPartsAndAnInvitationPythonReads()
    {
        var club = await ClubFixture.CreateAsync(database, 3, "pack");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2)); // inside the 7-day lead time

        using var worker = WorkerHost.Build(Args());
        await worker.StartAsync();
        try
        {
            foreach (var member in club.Members)
            {
                var email = Assert.Single(await MailDev.Local.WaitForAsync(member.Email));
                Assert.StartsWith("Reading pack:", email.Subject);
                Assert.Contains("Willen Park library", email.Text);
                Assert.Contains("<h2", email.Html);
                Assert.Contains($"/meetings/{meeting.Id}/rsvp?user={member.UserId}&response=yes&sig=", email.Text);
                var ics = await IcsOfAsync(email);
                Assert.Equal(("REQUEST", $"meeting-{meeting.Id}@impacte", 0, meeting.StartsAt, meeting.EndsAt),
                    (ics.Method, ics.Uid, ics.Sequence, ics.StartUtc, ics.EndUtc));
            }

            // Run again, even with the mark wiped: the idempotency keys let nothing new in.
            await using (var db = database.CreateContext())
                await db.Meetings.Where(m => m.Id == meeting.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.PackSentAt, (DateTimeOffset?)null));
            using (var scope = worker.Services.CreateScope())
                Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendDuePacksAsync(CancellationToken.None));
            await Task.Delay(TimeSpan.FromSeconds(3));
            foreach (var member in club.Members)
                Assert.Single(await MailDev.Local.ForAsync(member.Email));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task TheDayBeforeARemindsThoseWhoSaidYesOrMaybeAndNobodyElse()
    {
        var club = await ClubFixture.CreateAsync(database, 4, "remind");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromHours(20));
        var answers = new[] { RsvpResponse.Yes, RsvpResponse.Maybe, RsvpResponse.No };
        await using (var db = database.CreateContext())
        {
            // The pack went out long ago; only the reminder is due.
            await db.Meetings.Where(m => m.Id == meeting.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.PackSentAt, DateTimeOffset.UtcNow.AddDays(-6)));
            for (var i = 0; i < answers.Length; i++)
                db.Rsvps.Add(new MeetingRsvp { MeetingId = meeting.Id, UserId = club.Members[i].UserId, Response = answers[i], RespondedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        using var worker = WorkerHost.Build(Args());
        await worker.StartAsync();
        try
        {
            foreach (var coming in club.Members.Take(2))
                Assert.StartsWith("Tomorrow:", Assert.Single(await MailDev.Local.WaitForAsync(coming.Email)).Subject);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Empty(await MailDev.Local.ForAsync(club.Members[2].Email)); // said no
            Assert.Empty(await MailDev.Local.ForAsync(club.Members[3].Email)); // did not answer
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task MovingThenCancellingSendsAnUpdateAndACancellationWithTheSameUidAndRisingSequence()
    {
        var club = await ClubFixture.CreateAsync(database, 2, "move");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(3));
        var member = club.Members[1];

        using var worker = WorkerHost.Build(Args());
        await worker.StartAsync();
        try
        {
            await MailDev.Local.WaitForAsync(member.Email);
            var moved = meeting.StartsAt.AddDays(1).AddHours(2);
            await using (var db = database.CreateContext())
            {
                var m = await db.Meetings.SingleAsync(x => x.Id == meeting.Id);
                m.StartsAt = moved;
                m.EndsAt = moved.AddHours(1);
                m.Changed();
                await db.SaveChangesAsync();
            }
            var emails = await MailDev.Local.WaitForAsync(member.Email, 2);
            Assert.StartsWith("Changed:", emails[1].Subject);
            var update = await IcsOfAsync(emails[1]);
            Assert.Equal(("REQUEST", $"meeting-{meeting.Id}@impacte", 1, moved), (update.Method, update.Uid, update.Sequence, update.StartUtc));

            await using (var db = database.CreateContext())
            {
                var m = await db.Meetings.SingleAsync(x => x.Id == meeting.Id);
                m.Status = MeetingStatus.Cancelled;
                m.Changed();
                await db.SaveChangesAsync();
            }
            emails = await MailDev.Local.WaitForAsync(member.Email, 3);
            Assert.StartsWith("Cancelled:", emails[2].Subject);
            var cancel = await IcsOfAsync(emails[2]);
            Assert.Equal(("CANCEL", $"meeting-{meeting.Id}@impacte", 2, "CANCELLED"), (cancel.Method, cancel.Uid, cancel.Sequence, cancel.Status));
            Assert.Equal(3, emails.Select(e => e.MessageId).Distinct().Count());
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task WhenTheSmtpServerStopsDuringAFanOutEveryEmailStillArrivesExactlyOnce()
    {
        var club = await ClubFixture.CreateAsync(database, 60, "outage");
        using var relay = new SmtpProxy(1025);
        using var worker = WorkerHost.Build([.. Args(relay.Port), "--Outbox:Connections=2", "--Outbox:BatchSize=2"]);
        await worker.StartAsync();
        try
        {
            await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(1));
            await MailDev.Local.WaitForAsync(club.Members[0].Email);
            relay.Stop(); // mid-fan-out: connections cut, new ones refused
            await Task.Delay(TimeSpan.FromSeconds(2));
            relay.Start();

            foreach (var member in club.Members)
                Assert.Single(await MailDev.Local.WaitForAsync(member.Email, timeout: TimeSpan.FromSeconds(60)));
            await using var db = database.CreateContext();
            Assert.Contains(await db.Outbox.ToListAsync(), o => o.Attempts > 1); // the outage was felt
            Assert.All(await db.Outbox.ToListAsync(), o => Assert.Equal(OutboxStatus.Sent, o.Status));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private static async Task<Icalendar.Event> IcsOfAsync(MailDev.Email email)
    {
        if (!Icalendar.Available) Assert.Skip("python3-icalendar is missing; deploy/local/test.sh installs it.");
        var attachment = Assert.Single(email.Attachments ?? []);
        return Icalendar.Parse(await MailDev.Local.AttachmentAsync(email, attachment));
    }
}
