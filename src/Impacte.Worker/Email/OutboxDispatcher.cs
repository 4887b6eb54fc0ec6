using System.Text.Encodings.Web;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Preferences;
using Impacte.Domain.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

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
    IServiceScopeFactory scopes, IMailTransportFactory transports, TimeProvider clock, IOptions<OutboxOptions> options,
    IOptions<EmailOptions> emailOptions, ImpacteMetrics metrics, ILogger<OutboxDispatcher> log)
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
            // Not tracked: the outcomes are written in one statement below, not by change tracking 20 wide rows.
            .AsNoTracking()
            .ToListAsync(ct);
        if (batch.Count == 0) return (0, false);

        var recipients = await RecipientsAsync(db, batch, ct);
        // Rows holding a secret: their bodies change when it is taken out, so only theirs are written back.
        var redacted = batch.Where(e => e.Redact is { Length: > 0 }).Select(e => e.Id).ToHashSet();
        var relayDown = false;
        foreach (var email in batch)
        {
            // Once the relay is unreachable the rest of the batch stays as it was, due and unattempted.
            if (relayDown || ct.IsCancellationRequested) break;
            var address = Bounces.Key(email.ToAddress);
            if (recipients.Undeliverable.Contains(address) && !Bounces.IsTransactional(email.Kind))
            {
                Suppress(email);
                continue;
            }
            (relayDown, var bounce) = await SendOneAsync(email, transport, UnsubscribeUrl(email, recipients.Keys), ct);
            // The count is kept per address, in this batch's transaction: a success resets it, a 5xx adds one.
            if (email.Status == OutboxStatus.Sent && recipients.Bounced.Contains(address))
            {
                await Bounces.ClearAsync(db, address, ct);
                recipients.Bounced.Remove(address);
            }
            else if (bounce is not null)
            {
                await Bounces.RecordFailureAsync(db, address, bounce, now, ct);
                recipients.Bounced.Add(address);
            }
        }

        // Not cancellable: what was sent must be recorded, or it goes again.
        await RecordOutcomesAsync(db, batch, redacted, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return (batch.Count, relayDown);
    }

    /// <summary>
    /// The batch's outcomes in one UPDATE over arrays (status, attempts, times, error, and the bodies of the rows whose
    /// secret was taken out); rows left unattempted (relay down, shutdown) are written back as they were.
    /// </summary>
    private static Task RecordOutcomesAsync(ImpacteDbContext db, List<OutboxEmail> batch, HashSet<Guid> redacted, CancellationToken ct)
    {
        NpgsqlParameter Array<T>(string name, NpgsqlDbType type, Func<OutboxEmail, T> value) =>
            new(name, NpgsqlDbType.Array | type) { Value = batch.Select(value).ToArray() };
        return db.Database.ExecuteSqlRawAsync("""
            UPDATE email_outbox AS e
            SET status = u.status, attempts = u.attempts, sent_at = u.sent_at, last_error = u.last_error,
                next_attempt_at = u.next_attempt_at, redact = u.redact,
                text_body = CASE WHEN u.redacted THEN u.text_body ELSE e.text_body END,
                html_body = CASE WHEN u.redacted THEN u.html_body ELSE e.html_body END
            FROM unnest(@ids, @statuses, @attempts, @sent_at, @last_errors, @next_attempts, @redacts, @redacted, @text_bodies, @html_bodies)
                 AS u(id, status, attempts, sent_at, last_error, next_attempt_at, redact, redacted, text_body, html_body)
            WHERE e.id = u.id
            """,
            [
                Array("ids", NpgsqlDbType.Uuid, e => e.Id),
                Array("statuses", NpgsqlDbType.Varchar, e => e.Status.ToString()),
                Array("attempts", NpgsqlDbType.Integer, e => e.Attempts),
                Array("sent_at", NpgsqlDbType.TimestampTz, e => e.SentAt),
                Array("last_errors", NpgsqlDbType.Varchar, e => e.LastError),
                Array("next_attempts", NpgsqlDbType.TimestampTz, e => e.NextAttemptAt),
                Array("redacts", NpgsqlDbType.Text, e => e.Redact),
                Array("redacted", NpgsqlDbType.Boolean, e => redacted.Contains(e.Id)),
                Array("text_bodies", NpgsqlDbType.Text, e => redacted.Contains(e.Id) ? e.TextBody : null),
                Array("html_bodies", NpgsqlDbType.Text, e => redacted.Contains(e.Id) ? e.HtmlBody : null),
            ], ct);
    }

    private sealed record BatchRecipients(HashSet<string> Bounced, HashSet<string> Undeliverable, Dictionary<Guid, byte[]> Keys);

    /// <summary>For one batch: the addresses with permanent refusals on record (and those marked undeliverable), and the unsubscribe keys of bulk mail's members.</summary>
    private static async Task<BatchRecipients> RecipientsAsync(ImpacteDbContext db, List<OutboxEmail> batch, CancellationToken ct)
    {
        var addresses = batch.Select(e => Bounces.Key(e.ToAddress)).Distinct().ToList();
        var bounces = await db.EmailBounces.AsNoTracking().Where(b => addresses.Contains(b.Address))
            .Select(b => new { b.Address, b.UndeliverableSince }).ToListAsync(ct);
        var members = batch.Where(e => e.List is not null && e.RecipientId is not null).Select(e => e.RecipientId!.Value).Distinct().ToList();
        var keys = members.Count == 0 ? [] : await db.Users.Where(u => members.Contains(u.Id))
            .Select(u => new { u.Id, u.UnsubscribeKey }).ToDictionaryAsync(u => u.Id, u => u.UnsubscribeKey, ct);
        return new BatchRecipients(bounces.Select(b => b.Address).ToHashSet(),
            bounces.Where(b => b.UndeliverableSince is not null).Select(b => b.Address).ToHashSet(), keys);
    }

    /// <summary>The member's signed link for the email's list, when it is bulk mail to a member; null otherwise.</summary>
    private string? UnsubscribeUrl(OutboxEmail email, Dictionary<Guid, byte[]> keys) =>
        email is { List: { } list, RecipientId: { } member } && keys.TryGetValue(member, out var key)
            ? $"{emailOptions.Value.PublicBaseUrl.TrimEnd('/')}/unsubscribe/{UnsubscribeTokens.Create(member, list, key)}"
            : null;

    /// <summary>An undeliverable address gets no bulk or notification mail: the row is closed unsent, saying why.</summary>
    private void Suppress(OutboxEmail email)
    {
        email.Status = OutboxStatus.Failed;
        email.LastError = $"Not sent: the address is marked undeliverable after {Bounces.Threshold} permanent refusals in a row.";
        Redact(email);
        log.LogInformation("Not sending {Kind} email {MessageId}: address undeliverable", email.Kind, email.MessageId);
    }

    /// <summary>
    /// Sends one email and records the outcome on its row: whether the relay itself is unreachable, and the relay's
    /// permanent refusal of the address (a bounce), if that is what happened.
    /// </summary>
    private async Task<(bool RelayDown, string? Bounce)> SendOneAsync(OutboxEmail email, IMailTransport transport, string? unsubscribeUrl, CancellationToken ct)
    {
        email.Attempts++;
        try
        {
            await transport.SendAsync(email, unsubscribeUrl, ct);
            email.Status = OutboxStatus.Sent;
            email.SentAt = clock.UtcNowForDb();
            email.LastError = null;
            Redact(email);
            metrics.EmailSent(email.Kind);
            log.LogDebug("Sent {Kind} email {MessageId}", email.Kind, email.MessageId);
            return (false, null);
        }
        catch (MailTransportException e)
        {
            email.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            if (e.Permanent || email.Attempts >= Options.MaxAttempts)
            {
                email.Status = OutboxStatus.Failed;
                Redact(email);
                metrics.EmailFailed(email.Kind);
                log.LogWarning("Gave up on {Kind} email {MessageId}: {Reply}", email.Kind, email.MessageId, email.LastError);
            }
            else
            {
                email.NextAttemptAt = clock.UtcNowForDb() + Backoff(email.Attempts, Options.RetryBaseSeconds);
                metrics.EmailRetried(email.Kind);
                log.LogWarning("Will retry {Kind} email {MessageId} at {Next}: {Reply}", email.Kind, email.MessageId, email.NextAttemptAt, email.LastError);
            }
            return (e.ConnectionLost, e.Bounce ? email.LastError : null);
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
