using System.Data.Common;
using Impacte.Domain;
using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Measures;
using Impacte.Domain.Operations;
using Impacte.Domain.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Chasers;

public sealed class ChaserOptions
{
    public const string Section = "Chasers";

    /// <summary>
    /// Off stops the Worker's scheduled chasers. The test suites turn it off: on the real clock, in working hours, the
    /// demo network's overdue re-audit would be chased beside the mail a test counts.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the chasers look for due steps. Steps are due from 09:00 local, so a quarter of an hour is on time enough.</summary>
    public int PollMinutes { get; set; } = 15;

    /// <summary>
    /// Chase at any hour instead of 09:00–17:00 on working days: the local demo (deploy/local/up.sh) sets it, so its
    /// overdue re-audit is chased as soon as it starts, whatever the time.
    /// </summary>
    public bool AnyHour { get; set; }
}

/// <summary>
/// Finds what is due on practice changes (an open change's due date; a re-audit's figures) and sends the step <see cref="Chasing"/> says is due now, each once: the
/// outbox row's idempotency key (change, measure, due date, step) lets a step in once however often this runs, and the
/// line in the change's history commits with it, only when the row was new. Everything is read from the database
/// each run, so a run missed or repeated changes nothing.
/// </summary>
public sealed class ChangeChasers(ImpacteDbContext db, ChaseEmails emails, ChangeMeasures measures, TimeProvider clock, IOptions<ChaserOptions> options,
    ILogger<ChangeChasers> log)
{
    /// <summary>One run: the emails written to the outbox.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var items = (await ChangesDueAsync(now, ct)).Concat(await ReauditsDueAsync(now, ct)).ToList();

        var owners = items.Select(i => i.Owner.UserId).Distinct().ToList();
        var delivery = await db.Preferences.Where(p => owners.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, p => p.Chasers, ct);
        var due = new List<(ChaseItem Item, ChaseStep Step, List<string> Keys)>();
        foreach (var item in items)
        {
            if (Chasing.StepAt(item.DueOn, now, Chasing.Zone(item.TimeZone), options.Value.AnyHour) is not { } step) continue;
            if (!Chasing.GoesOut(step, delivery.GetValueOrDefault(item.Owner.UserId))) continue;
            var keys = step.GoesToLeads() ? item.Leads.Select(l => item.Key(step, l.UserId)).ToList() : [item.Key(step)];
            due.Add((item, step, keys));
        }
        // Long-overdue items come back every run: leave out those whose step is written, without composing it again.
        var all = due.SelectMany(d => d.Keys).ToList();
        var written = (await db.Outbox.Where(e => all.Contains(e.IdempotencyKey)).Select(e => e.IdempotencyKey).ToListAsync(ct)).ToHashSet();

        var sent = 0;
        foreach (var (item, step, keys) in due.Where(d => d.Keys.Any(k => !written.Contains(k))))
        {
            try
            {
                sent += await SendAsync(item, step, ct);
            }
            catch (Exception e) when (IsTheItemsFault(e))
            {
                // One change's data (a title that cannot be a subject) must not stop the others' chasers.
                log.LogError(e, "Change {ChangeId}: chaser {Step} skipped", item.ChangeId, step);
                await SkippedWork.RecordAsync(db, "chase", $"{item.ChangeId}/{item.MeasureId?.ToString() ?? "change"}/{step.Key()}",
                    $"{e.GetType().Name}: {e.Message}", clock.UtcNowForDb(), ct);
            }
        }
        return sent;
    }

    /// <summary>
    /// Open changes (agreed or in progress) whose first step may have come somewhere on Earth: due within a week and a
    /// day of today in UTC. The owner is chased while still a member of the club with an account that may be mailed
    /// (<see cref="MailRule"/>); the leads are told in any case.
    /// </summary>
    private async Task<List<ChaseItem>> ChangesDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var horizon = DateOnly.FromDateTime(now.UtcDateTime).AddDays(8);
        var mailable = db.Users.Mailable().Select(u => u.Id);
        var changes = await db.Set<PracticeChange>().AsNoTracking()
            .Where(c => (c.Status == ChangeStatus.Agreed || c.Status == ChangeStatus.InProgress) && c.DueOn <= horizon)
            .Select(c => new
            {
                c.Id, c.Title, c.DueOn, c.ChaseKey, c.ClubId, Club = c.Club.Name, c.Club.TimeZone,
                Owner = new { c.Owner.Id, c.Owner.Email, c.Owner.Name },
                OwnerIsMember = db.Memberships.Any(m => m.ClubId == c.ClubId && m.UserId == c.OwnerId) && mailable.Contains(c.OwnerId),
            })
            .ToListAsync(ct);
        var leads = await LeadsAsync(changes.Select(c => c.ClubId).Distinct().ToList(), ct);
        return changes.Select(c => new ChaseItem(c.Id, c.Title, c.Club, c.TimeZone, c.DueOn, c.ChaseKey,
                new ChasePerson(c.Owner.Id, c.OwnerIsMember ? c.Owner.Email ?? "" : "", c.Owner.Name),
                leads.TryGetValue(c.ClubId, out var l) ? l : []))
            .ToList();
    }

    /// <summary>
    /// Re-audits whose figures are not entered yet (no measurement of the audit's period, no result recorded), on
    /// changes not abandoned, due within a week and a day. The owner of the change is the one chased.
    /// </summary>
    private async Task<List<ChaseItem>> ReauditsDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var horizon = DateOnly.FromDateTime(now.UtcDateTime).AddDays(8);
        var mailable = db.Users.Mailable().Select(u => u.Id);
        var audits = await db.Set<MeasureAudit>().AsNoTracking()
            .Where(a => a.Kind == AuditKind.ReAudit && a.RecordedAt == null && a.DueOn != null && a.DueOn <= horizon && a.Period != null)
            .Join(db.Set<Measure>(), a => a.MeasureId, m => m.Id, (a, m) => new { Audit = a, Measure = m })
            .Where(x => x.Measure.Change.Status != ChangeStatus.Abandoned
                && !db.Set<Measurement>().Any(p => p.MeasureId == x.Measure.Id && p.Ordinal == x.Audit.Ordinal))
            .Select(x => new
            {
                MeasureId = x.Measure.Id, MeasureName = x.Measure.Name, x.Audit.Period, DueOn = x.Audit.DueOn!.Value,
                c = new { x.Measure.Change.Id, x.Measure.Change.Title, x.Measure.Change.ChaseKey, x.Measure.Change.ClubId, x.Measure.Change.OwnerId },
                Club = x.Measure.Change.Club.Name, x.Measure.Change.Club.TimeZone,
                Owner = new { x.Measure.Change.Owner.Id, x.Measure.Change.Owner.Email, x.Measure.Change.Owner.Name },
                OwnerIsMember = db.Memberships.Any(m => m.ClubId == x.Measure.Change.ClubId && m.UserId == x.Measure.Change.OwnerId)
                    && mailable.Contains(x.Measure.Change.OwnerId),
            })
            .ToListAsync(ct);
        var leads = await LeadsAsync(audits.Select(a => a.c.ClubId).Distinct().ToList(), ct);
        return audits.Select(a => new ChaseItem(a.c.Id, a.c.Title, a.Club, a.TimeZone, a.DueOn, a.c.ChaseKey,
                new ChasePerson(a.Owner.Id, a.OwnerIsMember ? a.Owner.Email ?? "" : "", a.Owner.Name),
                leads.TryGetValue(a.c.ClubId, out var l) ? l : [], a.MeasureId, a.MeasureName, a.Period))
            .ToList();
    }

    private async Task<Dictionary<Guid, List<ChasePerson>>> LeadsAsync(List<Guid> clubIds, CancellationToken ct)
    {
        var mailable = db.Users.Mailable().Select(u => u.Id);
        return (await db.Memberships.AsNoTracking().Where(m => clubIds.Contains(m.ClubId) && m.Role == ClubRole.Lead && m.User.Email != null && mailable.Contains(m.UserId))
            .OrderBy(m => m.User.Name).Select(m => new { m.ClubId, Person = new ChasePerson(m.UserId, m.User.Email!, m.User.Name) })
            .ToListAsync(ct))
        .GroupBy(m => m.ClubId).ToDictionary(g => g.Key, g => g.Select(m => m.Person).ToList());
    }

    /// <summary>Is the item still open, as of now, inside the transaction that writes its step?</summary>
    private Task<bool> StillDueAsync(ChaseItem item, CancellationToken ct) => item.MeasureId is { } measureId
        // A re-audit: still unrecorded, its figures not entered, the change not abandoned.
        ? db.Set<MeasureAudit>().AnyAsync(a => a.MeasureId == measureId && a.Kind == AuditKind.ReAudit && a.DueOn == item.DueOn
            && a.Period == item.Period && a.RecordedAt == null
            && !db.Set<Measurement>().Any(p => p.MeasureId == measureId && p.Ordinal == a.Ordinal)
            && db.Set<PracticeChange>().Any(c => c.Id == item.ChangeId && c.Status != ChangeStatus.Abandoned), ct)
        : db.Set<PracticeChange>().AnyAsync(c => c.Id == item.ChangeId && c.DueOn == item.DueOn
            && (c.Status == ChangeStatus.Agreed || c.Status == ChangeStatus.InProgress), ct);

    /// <summary>Writes the step's emails and, if any was new, its line in the change's history, in one transaction.</summary>
    private async Task<int> SendAsync(ChaseItem item, ChaseStep step, CancellationToken ct)
    {
        if (item.MeasureId is { } measureId) item = item with { Chart = await ChartAsync(measureId, ct) };
        var rows = emails.Compose(item, step).Where(e => e.ToAddress.Length > 0).ToList();
        if (rows.Count == 0)
        {
            log.LogInformation("Change {ChangeId}: nobody to send the {Step} chaser to", item.ChangeId, step);
            return 0;
        }
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The owner entered the figures or moved the change on since it was read: the chase is over.
            if (!await StillDueAsync(item, ct)) return 0;
            var to = new List<ChasePerson>();
            foreach (var row in rows)
                if (await OutboxWriter.InsertNewAsync(db, [row], ct) == 1)
                    to.Add(new ChasePerson(Guid.Empty, row.ToAddress, row.ToName ?? row.ToAddress));
            if (to.Count > 0)
            {
                db.Add(new PracticeChangeEvent
                {
                    ChangeId = item.ChangeId, At = clock.UtcNowForDb(), Kind = ChangeEventKind.Chased,
                    Note = ChaseEmails.HistoryNote(item, step, to),
                });
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            log.LogInformation("Change {ChangeId}: {Step} chaser written for {Count} recipient(s)", item.ChangeId, step, to.Count);
            return to.Count;
        });
    }

    /// <summary>The measure's chart, drawn as the change's page draws it; a chart that cannot be drawn never holds up the chaser.</summary>
    private async Task<ChaseChart?> ChartAsync(Guid measureId, CancellationToken ct)
    {
        try
        {
            // The Worker reads for the network (as an admin would): the owner may have left the club since.
            var system = Actor.With(Guid.Empty, isAdmin: true, [], []);
            return ChaseChart.From(await measures.ChartAsync(await measures.FindAsync(measureId, system, ct), ct: ct));
        }
        catch (Exception e) when (e is not (OperationCanceledException or DbException))
        {
            log.LogWarning(e, "Measure {MeasureId}: chart not drawn for its chaser", measureId);
            return null;
        }
    }

    /// <summary>What the item's own data caused, as opposed to the database, the network or a shutdown.</summary>
    private static bool IsTheItemsFault(Exception e) =>
        e is not (OperationCanceledException or DbException or DbUpdateException or TimeoutException or OutOfMemoryException)
        && e.InnerException is not DbException;
}
