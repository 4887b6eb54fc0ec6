using System.Globalization;
using CsvHelper;
using Impacte.Domain.Access;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Audit;

/// <summary>One line of the trail as admins read it: names resolved, the time in the network's zone.</summary>
public sealed record AuditRow(Guid Id, DateTimeOffset At, DateTime LocalAt, Guid? ActorId, string? ActorName, string Action,
    string TargetType, Guid TargetId, string? TargetName, string? Before, string? After, string? Ip);

/// <summary>Which events: those done by or to one person, between two dates of the network's calendar (inclusive).</summary>
public sealed record AuditFilter(Guid? PersonId, DateOnly? From, DateOnly? To);

/// <summary>
/// Reading the audit trail, for network admins only (anyone else: 404, as for people): filtered by person and date
/// range, paged, newest first, and as CSV. Dates are the network's (Europe/London), as the clubs' default.
/// </summary>
public sealed class AuditLog(ImpacteDbContext db)
{
    public static readonly TimeZoneInfo NetworkZone = TimeZoneInfo.FindSystemTimeZoneById(Club.DefaultTimeZone);

    /// <summary>The most rows one CSV export carries: a year of a busy network; narrow the dates for more.</summary>
    public const int MaxCsvRows = 100_000;

    public async Task<(IReadOnlyList<AuditRow> Items, int Total)> ListAsync(Actor actor, AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var events = Query(actor, filter);
        var total = await events.CountAsync(ct);
        var items = await Rows(events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(page.Skip).Take(page.PageSize)).ToListAsync(ct);
        return (items.Select(Local).ToList(), total);
    }

    public async Task WriteCsvAsync(Actor actor, AuditFilter filter, TextWriter writer, CancellationToken ct = default)
    {
        var rows = await Rows(Query(actor, filter).OrderBy(e => e.At).ThenBy(e => e.Id).Take(MaxCsvRows)).ToListAsync(ct);
        // Text a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe.
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteRecord(["at_utc", "at_local", "actor_id", "actor", "action", "target_type", "target_id", "target", "before", "after", "ip"]);
        foreach (var r in rows.Select(Local))
            csv.WriteRecord([
                r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                r.LocalAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.ActorId?.ToString(), r.ActorName, r.Action, r.TargetType, r.TargetId.ToString(), r.TargetName, r.Before, r.After, r.Ip,
            ]);
        csv.Flush();
    }

    private IQueryable<AuditEvent> Query(Actor actor, AuditFilter filter)
    {
        if (!actor.IsAdmin) throw new NotFoundException("The page");
        Within(filter.From, "from");
        Within(filter.To, "to");
        if (filter.From is { } f && filter.To is { } t && t < f)
            throw new DomainValidationException("to", "The end date must be on or after the start date.");
        var events = db.Set<AuditEvent>().AsNoTracking();
        if (filter.PersonId is { } person)
            events = events.Where(e => e.ActorId == person || (e.TargetType == "person" && e.TargetId == person));
        if (filter.From is { } from) { var start = StartOf(from); events = events.Where(e => e.At >= start); }
        if (filter.To is { } to) { var end = StartOf(to.AddDays(1)); events = events.Where(e => e.At < end); }
        return events;
    }

    /// <summary>
    /// Dates a trail can hold: far-off ones (year 9999, year 1) would overflow the day after or meet the zone's
    /// pre-1900 local mean time, which is not a whole-minute offset.
    /// </summary>
    private static void Within(DateOnly? day, string field)
    {
        if (day is { Year: < 1900 or > 2999 })
            throw new DomainValidationException(field, "Give a date between 1900 and 2999.");
    }

    /// <summary>Midnight of the network's day, as UTC (correct across the clock changes).</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, NetworkZone.GetUtcOffset(local)).ToUniversalTime();
    }

    private IQueryable<AuditRow> Rows(IQueryable<AuditEvent> events) =>
        events.Select(e => new AuditRow(e.Id, e.At, default, e.ActorId, db.Users.Where(u => u.Id == e.ActorId).Select(u => u.Name).FirstOrDefault(),
            e.Action, e.TargetType, e.TargetId,
            e.TargetType == "person" ? db.Users.Where(u => u.Id == e.TargetId).Select(u => u.Name).FirstOrDefault()
            : e.TargetType == "club" ? db.Clubs.Where(c => c.Id == e.TargetId).Select(c => c.Name).FirstOrDefault() : null,
            e.Before, e.After, e.Ip));

    private static AuditRow Local(AuditRow r) => r with { LocalAt = TimeZoneInfo.ConvertTime(r.At, NetworkZone).DateTime };
}
