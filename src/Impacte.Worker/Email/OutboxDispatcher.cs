using System.Data;
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
    /// <summary>Rows one connection claims at a time: fewer claim round trips, without holding many rows.</summary>
    public int BatchSize { get; set; } = 20;
    /// <summary>
    /// Outcomes committed together. A Worker killed mid-batch sends at most this many emails again per connection
    /// (same Message-ID); each commit costs a round trip and locking the rest of the batch again.
    /// </summary>
    public int CommitEvery { get; set; } = 5;
    /// <summary>Attempts before a temporarily failing email is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The first retry's delay; each further one doubles it, up to an hour.</summary>
    public double RetryBaseSeconds { get; set; } = 15;
}

/// <summary>
/// Sends what the outbox holds over <see cref="OutboxOptions.Connections"/> SMTP connections at once (lanes), each
/// with its own database connection. A lane claims a small batch with FOR UPDATE SKIP LOCKED, so lanes and Workers
/// never hold the same row, and commits the outcomes of every few emails as the relay answers. A crash between the
/// relay's answers and that commit leaves those few emails pending: they are sent again, with the same Message-ID. An idle lane sleeps until
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

    /// <summary>Sends everything due now and returns how many emails it handled, each counted once (tests, benchmarks, a one-off drain).</summary>
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

    /// <summary>
    /// Claims a batch and sends it one email at a time, committing the outcomes every <see cref="OutboxOptions.CommitEvery"/>
    /// emails, so a Worker killed mid-batch leaves at most that many sent but unrecorded (sent again, same Message-ID),
    /// not the whole batch. The claim's row locks end with each commit, so the rest of the batch is locked again in the
    /// same round trip (SKIP LOCKED, still pending): a row another lane took in that gap is left to it. The lane's
    /// transactions are plain BEGIN/COMMIT on its own open connection, so "record these, commit, lock the rest" is one
    /// batch of statements, one round trip per commit.
    /// </summary>
    private async Task<(int Claimed, bool RelayDown)> DispatchBatchAsync(ImpacteDbContext db, IMailTransport transport, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (db.Database.GetDbConnection().State != ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var begin = new NpgsqlCommand("BEGIN", connection)) await begin.ExecuteNonQueryAsync(ct);
        try
        {
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
                // Not tracked: each outcome is written by one UPDATE below, not by change tracking wide rows.
                .AsNoTracking()
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                await EndAsync(connection, "COMMIT");
                return (0, false);
            }

            var recipients = await RecipientsAsync(db, batch, ct);
            var ours = batch.Select(e => e.Id).ToHashSet();
            var inTransaction = true;
            var relayDown = false;
            var handled = 0; // by this lane: the others' share of the batch is counted by them
            var unrecorded = new List<Outcome>(Options.CommitEvery);
            foreach (var email in batch)
            {
                // Once the relay is unreachable the rest of the batch stays as it was, due and unattempted.
                if (relayDown || ct.IsCancellationRequested) break;
                if (!ours.Remove(email.Id)) continue; // taken by another lane between two of this lane's commits
                var hadSecret = email.Redact is { Length: > 0 };
                var address = Bounces.Key(email.ToAddress);
                if (recipients.Undeliverable.Contains(address) && !Bounces.IsTransactional(email.Kind))
                    Suppress(email);
                else
                {
                    string? bounce;
                    try
                    {
                        (relayDown, bounce) = await SendOneAsync(email, transport, UnsubscribeUrl(email, recipients.Keys), ct);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        break; // stopping mid-send: this one stays pending, what went before it is recorded below
                    }
                    // From here on not cancellable: what was sent must be recorded, or it goes again.
                    // The count is kept per address, committed with the email's outcome: a success resets it, a 5xx adds one.
                    if (email.Status == OutboxStatus.Sent && recipients.Bounced.Contains(address))
                    {
                        await Bounces.ClearAsync(db, address, CancellationToken.None);
                        recipients.Bounced.Remove(address);
                    }
                    else if (bounce is not null)
                    {
                        await Bounces.RecordFailureAsync(db, address, bounce, now, CancellationToken.None);
                        recipients.Bounced.Add(address);
                    }
                }
                handled++;
                unrecorded.Add(new(email, BodiesChanged: hadSecret && email.Redact is null));
                if (unrecorded.Count < Options.CommitEvery && !relayDown && ours.Count > 0) continue;
                // Relay down: the rest is not locked again (it waits, unattempted, for the next claim).
                var rest = relayDown ? [] : ours;
                ours = await RecordAndRelockAsync(connection, unrecorded, rest);
                unrecorded.Clear();
                inTransaction = rest.Count > 0;
            }
            // Stopped between two commits (a Worker shutting down): what was sent is recorded, so none of it goes again.
            if (unrecorded.Count > 0) await RecordAndRelockAsync(connection, unrecorded, []);
            else if (inTransaction) await EndAsync(connection, "COMMIT");
            return (handled, relayDown);
        }
        catch
        {
            await EndAsync(connection, "ROLLBACK");
            throw;
        }
    }

    private static async Task EndAsync(NpgsqlConnection connection, string how)
    {
        if (connection.State != ConnectionState.Open) return; // the connection died: so did its transaction
        try
        {
            await using var end = new NpgsqlCommand(how, connection);
            await end.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception) when (how == "ROLLBACK")
        {
            // Rolling back after a failure is best effort: a broken connection has no transaction left to end.
        }
    }
    /// <summary>What sending one email came to, not yet committed; its bodies are written back only when its secret was taken out.</summary>
    private sealed record Outcome(OutboxEmail Email, bool BodiesChanged);

    /// <summary>
    /// One round trip: the outcomes (status, attempts, times, error, and the bodies of those whose secret was taken out)
    /// in one UPDATE over arrays, committed, then a new transaction locking again those of <paramref name="rest"/> no
    /// other lane has taken meanwhile. With no rest, the transaction just ends.
    /// </summary>
    private static async Task<HashSet<Guid>> RecordAndRelockAsync(NpgsqlConnection connection, List<Outcome> outcomes, HashSet<Guid> rest)
    {
        NpgsqlParameter Array<T>(NpgsqlDbType type, Func<Outcome, T> value) =>
            new() { Value = outcomes.Select(value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            UPDATE email_outbox AS e
            SET status = u.status, attempts = u.attempts, sent_at = u.sent_at, last_error = u.last_error,
                next_attempt_at = u.next_attempt_at, redact = u.redact,
                text_body = CASE WHEN u.bodies_changed THEN u.text_body ELSE e.text_body END,
                html_body = CASE WHEN u.bodies_changed THEN u.html_body ELSE e.html_body END
            FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                AS u(id, status, attempts, sent_at, last_error, next_attempt_at, redact, bodies_changed, text_body, html_body)
            WHERE e.id = u.id
            """)
        {
            Parameters =
            {
                Array(NpgsqlDbType.Uuid, o => o.Email.Id),
                Array(NpgsqlDbType.Varchar, o => o.Email.Status.ToString()),
                Array(NpgsqlDbType.Integer, o => o.Email.Attempts),
                Array(NpgsqlDbType.TimestampTz, o => o.Email.SentAt),
                Array(NpgsqlDbType.Varchar, o => o.Email.LastError),
                Array(NpgsqlDbType.TimestampTz, o => o.Email.NextAttemptAt),
                Array(NpgsqlDbType.Text, o => o.Email.Redact),
                Array(NpgsqlDbType.Boolean, o => o.BodiesChanged),
                Array(NpgsqlDbType.Text, o => o.BodiesChanged ? o.Email.TextBody : null),
                Array(NpgsqlDbType.Text, o => o.BodiesChanged ? o.Email.HtmlBody : null),
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        if (rest.Count == 0)
        {
            await batch.ExecuteNonQueryAsync(CancellationToken.None);
            return [];
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"SELECT id FROM email_outbox WHERE id = ANY($1) AND status = '{nameof(OutboxStatus.Pending)}' FOR UPDATE SKIP LOCKED")
        {
            Parameters = { new() { Value = rest.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } },
        });
        var locked = new HashSet<Guid>(rest.Count);
        await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None)) locked.Add(reader.GetGuid(0));
        return locked;
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
