using System.Net;
using System.Net.Sockets;
using Impacte.Domain.Email;
using Impacte.Testing;
using Impacte.Worker.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Worker.Tests;

/// <summary>The outbox dispatcher against real PostgreSQL and a real SMTP server (MailDev).</summary>
public sealed class OutboxDispatchTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task TheRunningWorkerDeliversAPendingEmailOnceWithItsStoredMessageId()
    {
        var row = await EnqueueAsync(Recipient());
        using var worker = WorkerHost.Build(Worker.Args(database));
        await worker.StartAsync();
        try
        {
            var email = Assert.Single(await MailDev.Local.WaitForAsync(row.ToAddress));
            Assert.Equal(row.MessageId, email.MessageId);
            Assert.Equal(row.Subject, email.Subject);
            Assert.Contains("/invitations/accept?token=", email.Text);
            Assert.Contains("/invitations/accept?token=", email.Html); // the button's link, in the HTML part too

            await Task.Delay(TimeSpan.FromSeconds(3)); // several more polls
            Assert.Single(await MailDev.Local.ForAsync(row.ToAddress));
            await using var db = database.CreateContext();
            var sent = await db.Outbox.SingleAsync(o => o.Id == row.Id);
            Assert.Equal(OutboxStatus.Sent, sent.Status);
            Assert.Equal(1, sent.Attempts);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task WhenTheSmtpServerIsDownTheEmailWaitsAndIsSentOnceItIsBack()
    {
        var row = await EnqueueAsync(Recipient());
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        await DispatchAtAsync(ClosedPort(), clock);

        await using (var db = database.CreateContext())
        {
            var waiting = await db.Outbox.SingleAsync(o => o.Id == row.Id);
            Assert.Equal(OutboxStatus.Pending, waiting.Status);
            Assert.Equal(1, waiting.Attempts);
            Assert.NotNull(waiting.LastError);
            Assert.True(waiting.NextAttemptAt > clock.GetUtcNow(), "the retry is scheduled later, not hammered at once");
        }

        // The relay is back, but the retry is not due yet: nothing is sent before its time.
        await DispatchAtAsync(1025, clock);
        await using (var db = database.CreateContext())
        {
            var notYet = await db.Outbox.SingleAsync(o => o.Id == row.Id);
            Assert.Equal((OutboxStatus.Pending, 1), (notYet.Status, notYet.Attempts));
        }

        clock.Advance(TimeSpan.FromMinutes(1)); // past the first retry's 15 s
        await DispatchAtAsync(1025, clock);

        var email = Assert.Single(await MailDev.Local.WaitForAsync(row.ToAddress));
        Assert.Equal(row.MessageId, email.MessageId);
    }

    [Fact]
    public async Task APermanentRefusalIsRecordedWithTheServersReply()
    {
        using var refusing = new RefusingSmtpServer();
        var row = await EnqueueAsync(Recipient());

        await DispatchAsync(smtpPort: refusing.Port);

        await using var db = database.CreateContext();
        var failed = await db.Outbox.SingleAsync(o => o.Id == row.Id);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Contains("550", failed.LastError);
    }

    [Fact]
    public async Task TwoDispatchersAtOnceSendEachEmailExactlyOnce()
    {
        var batch = Guid.NewGuid().ToString("N")[..8];
        var rows = new List<OutboxEmail>();
        for (var i = 0; i < 30; i++) rows.Add(await EnqueueAsync($"twice-{batch}-{i}@example.org"));

        await Task.WhenAll(DispatchAsync(1025), DispatchAsync(1025));

        foreach (var row in rows)
            Assert.Single(await MailDev.Local.WaitForAsync(row.ToAddress));
        await using var db = database.CreateContext();
        Assert.All(await db.Outbox.ToListAsync(), o => Assert.Equal(1, o.Attempts));
    }

    [Fact]
    public async Task ManyEmailsOverSeveralConnectionsArriveOnceEachWithListHeadersAndTheirAttachment()
    {
        var batch = Guid.NewGuid().ToString("N")[..8];
        var rows = new List<OutboxEmail>();
        for (var i = 0; i < 40; i++)
            rows.Add(await EnqueueAsync($"lanes-{batch}-{i}@example.org", new OutboxAttachment
            {
                FileName = "invite.ics", ContentType = "text/calendar; method=REQUEST; charset=utf-8",
                Content = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
            }));

        // Each email is counted once by the drain, however the lanes shared the batches.
        Assert.Equal(rows.Count, await DispatchAsync(1025, "--Outbox:Connections=4", "--Outbox:BatchSize=3", "--Email:ReplyTo=club-lead@example.org"));

        foreach (var row in rows)
        {
            var email = Assert.Single(await MailDev.Local.WaitForAsync(row.ToAddress));
            Assert.Equal(row.MessageId, email.MessageId);
            Assert.Equal("auto-generated", email.Headers["auto-submitted"].ToString());
            Assert.Contains("notifications.impacte.local", email.Headers["list-id"].ToString());
            Assert.Contains("club-lead@example.org", email.Headers["reply-to"].ToString());
            Assert.Contains("invite.ics", email.AttachmentNames);
        }
        await using var db = database.CreateContext();
        Assert.All(await db.Outbox.ToListAsync(), o => Assert.Equal((OutboxStatus.Sent, 1), (o.Status, o.Attempts)));
    }

    [Fact]
    public async Task ARowWithALineBreakInAHeaderFailsForGoodAndInjectsNothing()
    {
        var row = await EnqueueAsync(Recipient());
        await using (var db = database.CreateContext())
            await db.Outbox.Where(o => o.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Subject, "Hello\r\nBcc: victim@example.org"));

        await DispatchAsync(1025);

        await using var check = database.CreateContext();
        var failed = await check.Outbox.SingleAsync(o => o.Id == row.Id);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Empty(await MailDev.Local.ForAsync("victim@example.org", DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task AnEmailWrittenWhileTheWorkerRunsIsOnItsWayWithinAboutASecond()
    {
        // Polling once a minute: only the notification on insert can make it this fast.
        using var worker = WorkerHost.Build([.. Worker.Args(database), "--Outbox:PollSeconds=60"]);
        await worker.StartAsync();
        try
        {
            // The first email also warms the process up (first queries, first connection); it is not timed.
            await MailDev.Local.WaitForAsync((await EnqueueAsync(Recipient())).ToAddress, timeout: TimeSpan.FromSeconds(30));
            for (var i = 0; i < 3; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1)); // the lanes are idle again, waiting
                var row = await EnqueueAsync(Recipient());
                var written = DateTimeOffset.UtcNow;
                await using var db = database.CreateContext();
                while (!await db.Outbox.AnyAsync(o => o.Id == row.Id && o.Status == OutboxStatus.Sent) && DateTimeOffset.UtcNow - written < TimeSpan.FromSeconds(10))
                    await Task.Delay(50);
                var took = DateTimeOffset.UtcNow - written;
                Assert.True(took < TimeSpan.FromSeconds(1.5), $"email {i + 1} took {took.TotalSeconds:F1} s to be sent");
                Assert.Single(await MailDev.Local.WaitForAsync(row.ToAddress));
            }
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public async Task SentInvitationAndResetEmailsLeaveNoUsableTokenInTheOutbox()
    {
        var emails = new Emails(new EmailOptions(), TimeProvider.System);
        var inviteToken = "invite+secret/" + Guid.NewGuid().ToString("N");
        var resetToken = "reset+secret/" + Guid.NewGuid().ToString("N");
        var invitation = emails.Invitation(Guid.NewGuid(), Recipient(), "Test Person", "Test club", "Dr Lead", inviteToken);
        var reset = emails.PasswordReset(Guid.NewGuid(), Recipient(), "Test Person", resetToken);
        await using (var db = database.CreateContext())
        {
            db.Outbox.AddRange(invitation, reset);
            await db.SaveChangesAsync();
        }
        Assert.Contains(Uri.EscapeDataString(inviteToken), await RowTextAsync(invitation.Id)); // there until sent

        await DispatchAsync(1025);

        // The person got the working link…
        Assert.Contains(Uri.EscapeDataString(inviteToken), Assert.Single(await MailDev.Local.WaitForAsync(invitation.ToAddress)).Text);
        Assert.Contains(Uri.EscapeDataString(resetToken), Assert.Single(await MailDev.Local.WaitForAsync(reset.ToAddress)).Text);
        // …and the table keeps a record of the email without it, in any form.
        foreach (var (row, token) in new[] { (invitation, inviteToken), (reset, resetToken) })
        {
            var stored = await RowTextAsync(row.Id);
            Assert.Contains("\"Sent\"", stored);
            Assert.DoesNotContain(token.Split('/')[1], stored);
            Assert.Contains(OutboxDispatcher.Redacted, stored);
        }
    }

    [Fact]
    public async Task AnInvitationRefusedForGoodLeavesNoUsableTokenInTheOutbox()
    {
        using var refusing = new RefusingSmtpServer();
        var token = Guid.NewGuid().ToString("N");
        var row = new Emails(new EmailOptions(), TimeProvider.System).Invitation(Guid.NewGuid(), Recipient(), "Test Person", "Test club", "Dr Lead", token);
        await using (var db = database.CreateContext())
        {
            db.Outbox.Add(row);
            await db.SaveChangesAsync();
        }

        await DispatchAsync(smtpPort: refusing.Port);

        var stored = await RowTextAsync(row.Id);
        Assert.Contains("\"Failed\"", stored);
        Assert.DoesNotContain(token, stored);
    }

    [Fact]
    public async Task ATemporaryRefusalIsRetriedLaterNotFailed()
    {
        using var busy = new RefusingSmtpServer("451 4.3.0 Try again later");
        var row = await EnqueueAsync(Recipient());

        await DispatchAsync(smtpPort: busy.Port);

        await using var db = database.CreateContext();
        var waiting = await db.Outbox.SingleAsync(o => o.Id == row.Id);
        Assert.Equal((OutboxStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.Contains("451", waiting.LastError);
        Assert.True(waiting.NextAttemptAt > DateTimeOffset.UtcNow, "the retry waits its backoff");
        Assert.Contains(row.Redact!, await RowTextAsync(row.Id)); // still pending: its link is still needed
    }

    [Fact]
    public async Task AMeetingInvitationIsACalendarAlternativeWithMethodRequestAndAnIcsAttachment()
    {
        const string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
        var row = await EnqueueAsync(Recipient(), new OutboxAttachment
        {
            FileName = "invite.ics", ContentType = "text/calendar; method=REQUEST; charset=utf-8", Content = ics,
        });

        // The layout Gmail itself sends: mixed[alternative[plain, html, calendar; method=REQUEST], application/ics].
        var message = MailComposer.Compose(row, new EmailOptions());
        var mixed = Assert.IsType<MimeKit.Multipart>(message.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MimeKit.MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
        var calendar = Assert.IsType<MimeKit.TextPart>(alternative[2]);
        Assert.Equal("REQUEST", calendar.ContentType.Parameters["method"]);
        Assert.Equal(ics.ReplaceLineEndings("\n"), calendar.Text.ReplaceLineEndings("\n"));
        var attachment = Assert.IsType<MimeKit.MimePart>(mixed[1]);
        Assert.Equal(("application/ics", "invite.ics", true), (attachment.ContentType.MimeType, attachment.FileName, attachment.IsAttachment));

        // And so it reaches a real SMTP server.
        await DispatchAsync(1025);
        var source = await MailDev.Local.SourceAsync(Assert.Single(await MailDev.Local.WaitForAsync(row.ToAddress)));
        Assert.Matches("(?i)Content-Type: text/calendar;[^\r\n]*method=REQUEST", source);
        Assert.Contains($"Message-ID: {row.MessageId}", source, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void BackoffGrowsAndIsCapped()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), OutboxDispatcher.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(30), OutboxDispatcher.Backoff(2));
        Assert.Equal(TimeSpan.FromHours(1), OutboxDispatcher.Backoff(20));
    }

    /// <summary>The whole stored row as JSON text: every column, so a token left anywhere in it is found.</summary>
    private async Task<string> RowTextAsync(Guid id)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT row_to_json(e)::text FROM email_outbox e WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string Recipient() => $"outbox-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task ALaneStuckMidBatchHasCommittedAllButItsLastFewSendsAndStoppingRecordsThoseToo()
    {
        var batch = Guid.NewGuid().ToString("N")[..8];
        var rows = new List<OutboxEmail>();
        for (var i = 0; i < 30; i++) rows.Add(await EnqueueAsync($"stopped-{batch}-{i}@example.org"));
        const int accepted = 7, commitEvery = 5;
        var transports = new StallingTransports(accepted);
        using var host = WorkerHost.Build(
            [.. Worker.Args(database), "--Outbox:Connections=1", "--Outbox:BatchSize=20", $"--Outbox:CommitEvery={commitEvery}"],
            s => s.AddSingleton<IMailTransportFactory>(sp => transports.Over(ActivatorUtilities.CreateInstance<SmtpMailTransportFactory>(sp))));
        using var stop = new CancellationTokenSource();
        var lane = host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(stop.Token);

        // The relay has taken seven emails and the lane is stuck sending the eighth. What a kill now would leave: the
        // first five committed; the sixth and seventh, sent but not yet recorded, pending (they would go again).
        await transports.Stalled.WaitAsync(TimeSpan.FromSeconds(60));
        await AssertSentAsync(commitEvery);
        // Stopped instead (a Worker shutting down): the send in flight is given up, the two before it are recorded.
        stop.Cancel();
        try { await lane; } catch (OperationCanceledException) { }
        await AssertSentAsync(accepted);

        async Task AssertSentAsync(int recorded)
        {
            await using var db = database.CreateContext();
            var ids = rows.Select(r => r.Id).ToList();
            var states = await db.Outbox.Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Status }).ToListAsync();
            var sent = states.Where(o => o.Status == OutboxStatus.Sent).Select(o => o.Id).ToHashSet();
            Assert.Equal(recorded, sent.Count);
            Assert.Equal(30 - recorded, states.Count(o => o.Status == OutboxStatus.Pending));
            Assert.Subset(transports.Accepted.ToHashSet(), sent);
        }
        foreach (var row in rows.Where(r => transports.Accepted.Contains(r.Id)))
            Assert.Single(await MailDev.Local.WaitForAsync(row.ToAddress));
    }

    /// <summary>Real SMTP transports that take <c>accepted</c> emails and then hang on the next send until cancelled.</summary>
    private sealed class StallingTransports(int accepted)
    {
        private readonly TaskCompletionSource stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Stalled => stalled.Task;
        private int Limit { get; } = accepted;
        public System.Collections.Concurrent.ConcurrentBag<Guid> Accepted { get; } = [];

        public IMailTransportFactory Over(IMailTransportFactory real) => new Factory(this, real);

        private sealed class Factory(StallingTransports owner, IMailTransportFactory real) : IMailTransportFactory
        {
            public IMailTransport Open() => new Transport(owner, real.Open());
        }

        private sealed class Transport(StallingTransports owner, IMailTransport real) : IMailTransport
        {
            public async Task SendAsync(OutboxEmail email, string? unsubscribeUrl, CancellationToken ct)
            {
                if (owner.Accepted.Count >= owner.Limit)
                {
                    owner.stalled.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }
                await real.SendAsync(email, unsubscribeUrl, ct);
                owner.Accepted.Add(email.Id);
            }

            public Task CloseAsync() => real.CloseAsync();
            public ValueTask DisposeAsync() => real.DisposeAsync();
        }
    }

    private async Task<OutboxEmail> EnqueueAsync(string to, OutboxAttachment? attachment = null)
    {
        var emails = new Emails(new EmailOptions(), TimeProvider.System);
        var row = emails.Invitation(Guid.NewGuid(), to, "Test Person", "Test club", "Dr Lead", "token-" + Guid.NewGuid().ToString("N"));
        if (attachment is not null) row.Attachments.Add(attachment);
        await using var db = database.CreateContext();
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    /// <summary>One drain of the outbox by the dispatcher, without starting the Worker's loop or scheduler: how many it handled.</summary>
    private async Task<int> DispatchAsync(int smtpPort, params string[] settings)
    {
        using var host = WorkerHost.Build([.. Worker.Args(database, smtpPort), .. settings]);
        return await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
    }

    /// <summary>One drain at a simulated time.</summary>
    private async Task DispatchAtAsync(int smtpPort, TimeProvider clock)
    {
        using var host = WorkerHost.Build(Worker.Args(database, smtpPort), s => s.AddSingleton(clock));
        await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed
    }
}
