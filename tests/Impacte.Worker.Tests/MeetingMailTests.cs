using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Testing;
using Impacte.Worker.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

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
        // Six days and twenty hours ahead: inside the 7-day lead time, so the pack goes first; the clock then moves on.
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(6) + TimeSpan.FromHours(20));
        var answers = new[] { RsvpResponse.Yes, RsvpResponse.Maybe, RsvpResponse.No };
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < answers.Length; i++)
                db.Rsvps.Add(new MeetingRsvp { MeetingId = meeting.Id, UserId = club.Members[i].UserId, Response = answers[i], RespondedAt = DateTimeOffset.UtcNow, ForStartsAt = meeting.StartsAt });
            await db.SaveChangesAsync();
        }
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        using var worker = WorkerHost.Build(Args(), s => s.AddSingleton<TimeProvider>(clock));
        await worker.StartAsync();
        try
        {
            using (var scope = worker.Services.CreateScope())
            {
                var mail = scope.ServiceProvider.GetRequiredService<MeetingMail>();
                await mail.SendDuePacksAsync(CancellationToken.None);
                // Not yet the day before: nobody is reminded.
                Assert.Equal(0, await mail.SendRemindersAsync(CancellationToken.None));
            }
            foreach (var member in club.Members)
                Assert.StartsWith("Reading pack:", Assert.Single(await MailDev.Local.WaitForAsync(member.Email)).Subject);

            clock.Advance(TimeSpan.FromDays(6));
            using (var scope = worker.Services.CreateScope())
                await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendRemindersAsync(CancellationToken.None);

            foreach (var coming in club.Members.Take(2))
                Assert.StartsWith("Tomorrow:", (await MailDev.Local.WaitForAsync(coming.Email, 2))[1].Subject);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Single(await MailDev.Local.ForAsync(club.Members[2].Email)); // said no: the pack only
            Assert.Single(await MailDev.Local.ForAsync(club.Members[3].Email)); // did not answer: the pack only
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
                m.Changed(); // before the details change: it keeps what members were told
                m.StartsAt = moved;
                m.EndsAt = moved.AddHours(1);
                await db.SaveChangesAsync();
            }
            var emails = await MailDev.Local.WaitForAsync(member.Email, 2);
            Assert.StartsWith("Club move journal club moved to ", emails[1].Subject);
            var update = await IcsOfAsync(emails[1]);
            Assert.Equal(("REQUEST", $"meeting-{meeting.Id}@impacte", 1, moved), (update.Method, update.Uid, update.Sequence, update.StartUtc));

            await using (var db = database.CreateContext())
            {
                var m = await db.Meetings.SingleAsync(x => x.Id == meeting.Id);
                m.Changed();
                m.Status = MeetingStatus.Cancelled;
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
            // The first email recorded as sent, watched closely: waiting for it in MailDev, at load 10-20 in CI, saw it
            // only once every pack had gone, and the outage was never felt.
            await using (var watch = database.CreateContext())
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!await watch.Outbox.AnyAsync(o => o.Status == OutboxStatus.Sent))
                {
                    Assert.True(DateTime.UtcNow < deadline, "No email was sent within a minute.");
                    await Task.Delay(10);
                }
            }
            relay.Stop(); // mid-fan-out: connections cut, new ones refused
            await Task.Delay(TimeSpan.FromSeconds(2));
            relay.Start();

            // Everyone's pack arrives; how many copies is the sweep's to judge below, once late copies have had time.
            foreach (var member in club.Members)
                Assert.NotEmpty(await MailDev.Local.WaitForAsync(member.Email, timeout: TimeSpan.FromSeconds(60)));
            await using var db = database.CreateContext();
            Assert.Contains(await db.Outbox.ToListAsync(), o => o.Attempts > 1); // the outage was felt
            Assert.All(await db.Outbox.ToListAsync(), o => Assert.Equal(OutboxStatus.Sent, o.Status));
            // A message whose 250 was cut off by the outage may go again, once, as the same message: count after the
            // retries have settled, when a late copy would have arrived. InboxSweepTests shows the sweep failing on a
            // second identity, a third copy or a lost email.
            await InboxSweep.AssertNoneLostAtMostOneExtraPerFaultAsync(database, club.Members.Select(m => m.Email), faults: 1, quiet: TimeSpan.FromSeconds(3));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task OnePoisonedMeetingIsSkippedAndRecordedWhileTheOtherClubsPacksArrive()
    {
        var clubs = new List<ClubFixture.Club>();
        foreach (var tag in new[] { "poisoned", "healthy1", "healthy2" }) clubs.Add(await ClubFixture.CreateAsync(database, 2, tag));
        // The poisoned meeting is the soonest, so a job that stopped at it would starve every later meeting.
        var poisoned = await ClubFixture.AddMeetingAsync(database, clubs[0].Id, TimeSpan.FromDays(1));
        await ClubFixture.AddMeetingAsync(database, clubs[1].Id, TimeSpan.FromDays(2));
        await ClubFixture.AddMeetingAsync(database, clubs[2].Id, TimeSpan.FromDays(3));
        await using (var db = database.CreateContext())
            // Straight to the database, past any input check: a club name that would end the Subject header.
            await db.Clubs.Where(c => c.Id == clubs[0].Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Poisoned\r\nBcc: victim@example.org"));

        using var worker = WorkerHost.Build(Args());
        await worker.StartAsync();
        try
        {
            foreach (var member in clubs.Skip(1).SelectMany(c => c.Members))
                Assert.StartsWith("Reading pack:", Assert.Single(await MailDev.Local.WaitForAsync(member.Email)).Subject);

            await using var db = database.CreateContext();
            var skipped = await Worker.WaitForAsync(async () =>
                await db.Set<Domain.Operations.SkippedWork>().AsNoTracking().SingleOrDefaultAsync(s => s.Item == poisoned.Id.ToString()));
            Assert.Equal("reading-pack", skipped.Kind);
            Assert.Contains("Line breaks", skipped.Reason);
            foreach (var member in clubs[0].Members) Assert.Empty(await MailDev.Local.ForAsync(member.Email));
            Assert.Null((await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == poisoned.Id)).PackSentAt); // tried again once fixed
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task OneMemberWhoseNameBreaksAHeaderIsSkippedAndRecordedWhileTheRestOfTheClubGetsThePack()
    {
        var club = await ClubFixture.CreateAsync(database, 3, "badname");
        await using (var db = database.CreateContext())
            await db.Users.Where(u => u.Id == club.Members[1].UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Name, "Dr\nBcc: victim@example.org"));
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2));

        using var worker = WorkerHost.Build(Args());
        await worker.StartAsync();
        try
        {
            Assert.Single(await MailDev.Local.WaitForAsync(club.Members[0].Email));
            Assert.Single(await MailDev.Local.WaitForAsync(club.Members[2].Email));
            await using var db = database.CreateContext();
            var skipped = await db.Set<Domain.Operations.SkippedWork>().AsNoTracking().SingleAsync();
            Assert.Equal(("reading-pack-email", $"{meeting.Id}/{club.Members[1].UserId}"), (skipped.Kind, skipped.Item));
            Assert.Empty(await MailDev.Local.ForAsync(club.Members[1].Email));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task ALargePackIsWrittenInChunksThatCommitSoSendingStartsBeforeTheLastIsComposed()
    {
        const int members = 120;
        var club = await ClubFixture.CreateAsync(database, members, "chunks");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2));

        // One row per chunk: the fan-out takes 120 commits, long enough to see sending start in the middle of it.
        using var worker = WorkerHost.Build([.. Args(), "--Meetings:ChunkSize=1", "--Outbox:Connections=4"]);
        await worker.StartAsync();
        try
        {
            await using var db = database.CreateContext();
            await Worker.WaitForAsync(async () => await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Sent) == members ? "" : null, seconds: 120);
            var rows = await db.Outbox.AsNoTracking().ToListAsync();
            Assert.Equal(members, rows.Select(r => r.ToAddress).Distinct().Count());
            // The first emails had gone out before the last ones were composed: chunks committed on their own.
            Assert.True(rows.Min(r => r.SentAt) < rows.Max(r => r.CreatedAt), "nothing was sent until the whole pack was written");
            Assert.NotNull((await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meeting.Id)).PackSentAt);
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
