using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Impacte.Domain.Email;

/// <summary>
/// Writes many outbox rows in one statement, skipping those whose idempotency key is already there: a fan-out run
/// twice (a retry, a recovered job) writes nothing new, and the first row's Message-ID stays the email's identity.
/// Runs in the caller's transaction, so the rows commit with the state they announce. Rows to an account that may not
/// be mailed are left out (<see cref="MailRule"/>).
/// </summary>
public static class OutboxWriter
{
    public static async Task<int> InsertNewAsync(ImpacteDbContext db, IReadOnlyCollection<OutboxEmail> emails, CancellationToken ct)
    {
        if (emails.Count == 0) return 0;
        var refused = await MailRule.RefusedAsync(db, emails, ct);
        var rows = emails.Where(e => !refused.Contains(e)).ToList();
        if (rows.Count == 0) return 0;
        NpgsqlParameter Array<T>(string name, NpgsqlDbType type, Func<OutboxEmail, T> value) =>
            new(name, NpgsqlDbType.Array | type) { Value = rows.Select(value).ToArray() };
        return await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO email_outbox (id, idempotency_key, message_id, kind, to_address, to_name, recipient_id, list, subject, text_body, html_body, redact,
                                      status, attempts, created_at, next_attempt_at, attachments)
            SELECT id, key, message_id, kind, to_address, to_name, recipient_id, list, subject, text_body, html_body, redact, 'Pending', 0, created_at, created_at, attachments
            FROM unnest(@ids, @keys, @message_ids, @kinds, @to_addresses, @to_names, @recipient_ids, @lists, @subjects, @text_bodies, @html_bodies, @redacts, @created, @attachments)
                 AS t(id, key, message_id, kind, to_address, to_name, recipient_id, list, subject, text_body, html_body, redact, created_at, attachments)
            ON CONFLICT DO NOTHING
            """,
            [
                Array("ids", NpgsqlDbType.Uuid, e => e.Id),
                Array("keys", NpgsqlDbType.Varchar, e => e.IdempotencyKey),
                Array("message_ids", NpgsqlDbType.Varchar, e => e.MessageId),
                Array("kinds", NpgsqlDbType.Varchar, e => e.Kind),
                Array("to_addresses", NpgsqlDbType.Varchar, e => e.ToAddress),
                Array("to_names", NpgsqlDbType.Varchar, e => e.ToName),
                Array("recipient_ids", NpgsqlDbType.Uuid, e => e.RecipientId),
                Array("lists", NpgsqlDbType.Varchar, e => e.List?.ToString()),
                Array("subjects", NpgsqlDbType.Varchar, e => e.Subject),
                Array("text_bodies", NpgsqlDbType.Text, e => e.TextBody),
                Array("html_bodies", NpgsqlDbType.Text, e => e.HtmlBody),
                Array("redacts", NpgsqlDbType.Text, e => e.Redact),
                Array("created", NpgsqlDbType.TimestampTz, e => e.CreatedAt),
                Array("attachments", NpgsqlDbType.Jsonb, e => JsonSerializer.Serialize(e.Attachments)),
            ], ct);
    }
}
