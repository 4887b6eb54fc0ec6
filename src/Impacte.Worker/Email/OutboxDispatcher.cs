using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Email;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the dispatcher looks for due emails.</summary>
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
/// Sends what the outbox holds over <see cref="OutboxOptions.Connections"/> SMTP connections at once, each on its own
/// thread with its own database connection. Each lane claims a small batch with FOR UPDATE SKIP LOCKED inside a
/// transaction, so lanes and Workers never hold the same row; rows are marked in that same transaction. A crash
/// before the commit leaves them pending: they are sent again, with the same Message-ID.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, IMailTransportFactory transports, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> log)
{
    private OutboxOptions Options => options.Value;

    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var lanes = Enumerable.Range(0, Math.Max(1, Options.Connections))
            .Select(_ => Task.Factory.StartNew(() => RunLane(ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        var sent = await Task.WhenAll(lanes);
        return sent.Sum();
    }

    /// <summary>One connection's loop: claim, send, record, until the outbox has nothing due or the relay is down.</summary>
    private int RunLane(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        using var transport = transports.Open();
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var (claimed, relayDown) = db.Database.CreateExecutionStrategy().Execute(() => DispatchBatch(db, transport, ct));
            total += claimed;
            if (relayDown || claimed < Options.BatchSize) break;
        }
        return total;
    }

    private (int Claimed, bool RelayDown) DispatchBatch(ImpacteDbContext db, IMailTransport transport, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        using var tx = db.Database.BeginTransaction();
        var now = clock.UtcNowForDb();
        var pending = nameof(OutboxStatus.Pending);
        var batch = db.Outbox
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
            .ToList();

        var relayDown = false;
        foreach (var email in batch)
        {
            // Once the relay is unreachable the rest of the batch stays as it was, due and unattempted.
            if (relayDown || ct.IsCancellationRequested) break;
            relayDown = SendOne(email, transport);
        }

        db.SaveChanges();
        tx.Commit();
        return (batch.Count, relayDown);
    }

    /// <summary>Sends one email and records the outcome on its row; true when the relay itself is unreachable.</summary>
    private bool SendOne(OutboxEmail email, IMailTransport transport)
    {
        email.Attempts++;
        try
        {
            transport.Send(email);
            email.Status = OutboxStatus.Sent;
            email.SentAt = clock.UtcNowForDb();
            email.LastError = null;
            log.LogDebug("Sent {Kind} email {MessageId}", email.Kind, email.MessageId);
            return false;
        }
        catch (MailTransportException e)
        {
            email.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            if (e.Permanent || email.Attempts >= Options.MaxAttempts)
            {
                email.Status = OutboxStatus.Failed;
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

    /// <summary>15 s, 30 s, 1 min, 2 min… capped at an hour: a relay that is down is not hammered.</summary>
    public static TimeSpan Backoff(int attempts, double baseSeconds = 15) =>
        TimeSpan.FromSeconds(Math.Min(3600, baseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}
