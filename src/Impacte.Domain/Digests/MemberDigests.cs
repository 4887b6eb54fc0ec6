using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Operations;
using Impacte.Domain.Preferences;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Digests;

/// <summary>The digest settings (section "Digests").</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>
    /// Off stops the Worker's scheduled digests (the admins' preview still shows what one would hold). The test suites
    /// turn it off: on the real clock every test member is due a digest from 07:00 each Monday, beside the mail a test counts.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Treat every day as every member's digest day, at any hour (one digest per member per day): the local demo
    /// (deploy/local/up.sh) sets it, so gp@example.org's digest arrives as soon as it starts.
    /// </summary>
    public bool AnyHour { get; set; }

    /// <summary>Members composed and written per batch (one transaction each) in the network's fan-out.</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>The digest a member would get now, for the admins' preview: nothing is written.</summary>
public sealed record DigestPreview(Digest Digest, OutboxEmail Email, bool WouldSend);

/// <summary>
/// Sends the digests that are due, for the whole network, in batches: who is due (<see cref="DigestSchedule"/>), what
/// goes in (<see cref="DigestBuilder"/>), one outbox row each (<see cref="DigestEmails"/>). Each row's idempotency key is
/// the member's period, inserted with ON CONFLICT DO NOTHING, so a run repeated, run on two Workers at once, or resumed
/// after a crash writes each digest once. Members whose digest is already written are skipped before composing.
/// </summary>
public sealed class MemberDigests(ImpacteDbContext db, DigestBuilder builder, DigestEmails emails, TimeProvider clock, DigestOptions options)
{
    /// <summary>One run: the digests written to the outbox.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // Everyone who could have something: members of a club, and anyone who chose areas to follow.
        var candidates = await db.Users.AsNoTracking().Mailable()
            .Where(u => u.Email != null && (db.Memberships.Any(m => m.UserId == u.Id) || db.Preferences.Any(p => p.UserId == u.Id)))
            .OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct);
        var written = 0;
        foreach (var chunk in candidates.Chunk(Math.Max(1, options.BatchSize)))
            written += await SendBatchAsync(chunk, now, ct);
        return written;
    }

    private async Task<int> SendBatchAsync(Guid[] ids, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.Name }).ToListAsync(ct);
        var saved = await db.Preferences.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        var due = new List<DigestRecipient>();
        foreach (var p in people)
        {
            var preferences = saved.GetValueOrDefault(p.Id) ?? MemberPreferences.Default(p.Id);
            if (p.Email is { Length: > 0 } email && DigestSchedule.Due(preferences, now, options.AnyHour) is { } period)
                due.Add(new DigestRecipient(p.Id, email, p.Name, preferences, period));
        }
        if (due.Count == 0) return 0;
        var keys = due.Select(d => d.Period.Key).ToList();
        var sent = (await db.Outbox.Where(e => keys.Contains(e.IdempotencyKey)).Select(e => e.IdempotencyKey).ToListAsync(ct)).ToHashSet();
        var digests = await builder.BuildAsync(due.Where(d => !sent.Contains(d.Period.Key)).ToList(), now, ct);
        var rows = digests.Where(d => d.HasNews).Select(emails.Compose).ToList();
        return await OutboxWriter.InsertNewAsync(db, rows, ct);
    }

    /// <summary>
    /// The digest <paramref name="userId"/> would get now (as if today were their digest day; weekly if they turned it
    /// off), without writing anything. Admins only; an unknown member is 404.
    /// </summary>
    public async Task<DigestPreview> PreviewAsync(Guid userId, Access.Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) throw new ForbiddenException("Only network admins preview members' digests.");
        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.Name }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("The member");
        var preferences = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct) ?? MemberPreferences.Default(userId);
        var now = clock.GetUtcNow();
        var period = DigestSchedule.Due(preferences, now, anyDay: true)
            ?? DigestSchedule.Due(new MemberPreferences { UserId = userId, TimeZone = preferences.TimeZone, Areas = preferences.Areas }, now, anyDay: true)!;
        var digest = (await builder.BuildAsync([new DigestRecipient(userId, person.Email ?? "", person.Name, preferences, period)], now, ct))[0];
        return new DigestPreview(digest, emails.Compose(digest), digest.HasNews && preferences.DigestFrequency != DigestFrequency.Off);
    }
}
