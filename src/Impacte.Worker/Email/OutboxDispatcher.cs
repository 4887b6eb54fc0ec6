using System.Text.Encodings.Web;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Email;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// How often an idle dispatcher looks for due emails without being woken: the fallback when a notification is
    /// missed, and what picks up retries whose time has come.
    /// </summary>
    public int PollSeconds { get; set; } = 2;
    /// <summary>SMTP connections sent over at once, each kept open across messages. Real relays cap this.</summary>
    public int Connections { get; set; } = 4;
    /// <summary>Rows one connection claims per transaction: small, so a crash re-sends little.</summary>
    public int BatchSize { get; set; } = 20;
    /// <summary>Attempts before a temporarily failing email is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The first retry's delay; each further one doubles it, up to an hour.</summary>
    public double RetryBaseSeconds { get; set; } = 15;
}

/// <summary>
/// Sends what the outbox holds over <see cref="OutboxOptions.Connections"/> SMTP connections at once (lanes), each
/// with its own database connection. A lane claims a small batch with FOR UPDATE SKIP LOCKED inside a transaction, so
/// lanes and Workers never hold the same row, and records the outcomes in that same transaction. A crash before the
/// commit leaves the rows pending: they are sent again, with the same Message-ID. An idle lane sleeps until
/// <see cref="Wake"/> (a NOTIFY on insert, see <see cref="OutboxListener"/>) or the poll interval, whichever is first.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, IMailTransportFactory transports, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> log)
{
    /// <summary>What replaces a redacted secret in a sent email's stored bodies.</summary>
    public const string Redacted = "[removed once sent]";

    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OutboxOptions Options => options.Value;

    /// <summary>Wakes every idle lane: new emails are there (or may be).</summary>
    public void Wake() => Interlocked.Exchange(ref wake, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Runs the lanes until <paramref name="stop"/>: the Worker's long-running dispatcher.</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, Options.Connections)).Select(_ => Task.Run(() => RunLaneAsync(untilDrained: false, stop), CancellationToken.None)));

    /// <summary>Sends everything due now and returns (tests, benchmarks, a one-off drain).</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var lanes = Enumerable.Range(0, Math.Max(1, Options.Connections)).Select(_ => Task.Run(() => RunLaneAsync(untilDrained: true, ct), ct));
        return (await Task.WhenAll(lanes)).Sum();
    }

    /// <summary>One connection's loop: claim, send, record; when nothing is due (or the relay is down), wait.</summary>
    private async Task<int> RunLaneAsync(bool untilDrained, CancellationToken stop)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        await using var transport = transports.Open();
        var total = 0;
        while (!stop.IsCancellationRequested)
        {
            // Taken before claiming, so a notification that lands while this lane finds nothing still wakes it.
            var woken = Volatile.Read(ref wake).Task;
            int claimed;
            bool relayDown;
            try
            {
                (claimed, relayDown) = await db.Database.CreateExecutionStrategy().ExecuteAsync(() => DispatchBatchAsync(db, transport, stop));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // PostgreSQL gone for a moment (or anything else unforeseen): the lane lives on and tries again shortly;
                // whatever this batch sent stays pending and goes again, with the same Message-ID.
                log.LogWarning(e, "Outbox lane failed a batch; trying again shortly");
                (claimed, relayDown) = (0, true);
            }
            total += claimed;
            if (claimed > 0 && !relayDown) continue;
            await transport.CloseAsync();
            if (untilDrained) break;
            try
            {
                await Task.WhenAny(woken, Task.Delay(TimeSpan.FromSeconds(Options.PollSeconds), clock, stop));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return total;
    }

    private async Task<(int Claimed, bool RelayDown)> DispatchBatchAsync(ImpacteDbContext db, IMailTransport transport, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.UtcNowForDb();
        var pending = nameof(OutboxStatus.Pending);
        var batch = await db.Outbox
            // Ids are picked and locked first, so the ordering sorts narrow index entries rather than whole emails
            // (sorting wide rows spilled to disk on every claim and cost a fifth of the throughput at 16 connections).
            .FromSql($"""
                SELECT * FROM email_outbox WHERE id IN (
                    SELECT id FROM email_outbox
                    WHERE status = {pending} AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at
                    LIMIT {Options.BatchSize}
                    FOR UPDATE SKIP LOCKED)
                """)
            .ToListAsync(ct);
        if (batch.Count == 0) return (0, false);

        var relayDown = false;
        foreach (var email in batch)
        {
            // Once the relay is unreachable the rest of the batch stays as it was, due and unattempted.
            if (relayDown || ct.IsCancellationRequested) break;
            relayDown = await SendOneAsync(email, transport, ct);
        }

        // Not cancellable: what was sent must be recorded, or it goes again.
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return (batch.Count, relayDown);
    }

    /// <summary>Sends one email and records the outcome on its row; true when the relay itself is unreachable.</summary>
    private async Task<bool> SendOneAsync(OutboxEmail email, IMailTransport transport, CancellationToken ct)
    {
        email.Attempts++;
        try
        {
            await transport.SendAsync(email, ct);
            email.Status = OutboxStatus.Sent;
            email.SentAt = clock.UtcNowForDb();
            email.LastError = null;
            Redact(email);
            log.LogDebug("Sent {Kind} email {MessageId}", email.Kind, email.MessageId);
            return false;
        }
        catch (MailTransportException e)
        {
            email.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            if (e.Permanent || email.Attempts >= Options.MaxAttempts)
            {
                email.Status = OutboxStatus.Failed;
                Redact(email);
                log.LogWarning("Gave up on {Kind} email {MessageId}: {Reply}", email.Kind, email.MessageId, email.LastError);
            }
            else
            {
                email.NextAttemptAt = clock.UtcNowForDb() + Backoff(email.Attempts, Options.RetryBaseSeconds);
                log.LogWarning("Will retry {Kind} email {MessageId} at {Next}: {Reply}", email.Kind, email.MessageId, email.NextAttemptAt, email.LastError);
            }
            return e.ConnectionLost;
        }
    }

    /// <summary>
    /// Takes the secret (a token in a link) out of the stored bodies once the email has gone or never will: the row
    /// stays as a record of what was sent, without a link anyone reading the table could use.
    /// </summary>
    public static void Redact(OutboxEmail email)
    {
        if (email.Redact is not { Length: > 0 } secret) return;
        var inHtml = HtmlEncoder.Default.Encode(secret);
        email.TextBody = email.TextBody.Replace(secret, Redacted, StringComparison.Ordinal);
        email.HtmlBody = email.HtmlBody?.Replace(secret, Redacted, StringComparison.Ordinal).Replace(inHtml, Redacted, StringComparison.Ordinal);
        email.Redact = null;
    }

    /// <summary>15 s, 30 s, 1 min, 2 min… capped at an hour: a relay that is down is not hammered.</summary>
    public static TimeSpan Backoff(int attempts, double baseSeconds = 15) =>
        TimeSpan.FromSeconds(Math.Min(3600, baseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}
