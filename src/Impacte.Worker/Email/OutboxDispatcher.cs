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
    /// <summary>Rows claimed in one transaction.</summary>
    public int BatchSize { get; set; } = 50;
    /// <summary>Attempts before a temporarily failing email is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 8;
}

/// <summary>
/// Sends what the outbox holds. Rows are claimed with FOR UPDATE SKIP LOCKED inside a transaction, so several
/// Workers share the outbox and none sends a row another holds; a row is marked sent in that same transaction.
/// A crash before the commit leaves the row pending: it is sent again, with the same Message-ID.
/// </summary>
public sealed class OutboxDispatcher(
    ImpacteDbContext db, IMailTransport transport, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> log)
{
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var claimed = await DispatchBatchAsync(ct);
            total += claimed;
            if (claimed < options.Value.BatchSize) break;
        }
        return total;
    }

    private Task<int> DispatchBatchAsync(CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = clock.UtcNowForDb();
            var pending = nameof(OutboxStatus.Pending);
            var batch = await db.Outbox
                .FromSql($"""
                    SELECT * FROM email_outbox
                    WHERE status = {pending} AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at
                    LIMIT {options.Value.BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(ct);

            foreach (var email in batch)
                await SendOneAsync(email, ct);

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return batch.Count;
        });

    private async Task SendOneAsync(OutboxEmail email, CancellationToken ct)
    {
        email.Attempts++;
        try
        {
            await transport.SendAsync(email, ct);
            email.Status = OutboxStatus.Sent;
            email.SentAt = clock.UtcNowForDb();
            email.LastError = null;
            log.LogInformation("Sent {Kind} email {MessageId}", email.Kind, email.MessageId);
        }
        catch (MailTransportException e)
        {
            email.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            if (e.Permanent || email.Attempts >= options.Value.MaxAttempts)
            {
                email.Status = OutboxStatus.Failed;
                log.LogWarning("Gave up on {Kind} email {MessageId}: {Reply}", email.Kind, email.MessageId, email.LastError);
            }
            else
            {
                email.NextAttemptAt = clock.UtcNowForDb() + Backoff(email.Attempts);
                log.LogWarning("Will retry {Kind} email {MessageId} at {Next}: {Reply}", email.Kind, email.MessageId, email.NextAttemptAt, email.LastError);
            }
        }
    }

    /// <summary>15 s, 30 s, 1 min, 2 min… capped at an hour: a relay that is down is not hammered.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 15 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
