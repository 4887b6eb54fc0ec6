using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Audit;

/// <summary>
/// One act recorded in the audit trail: who did what to what, when, from where, and the value before and after.
/// Append-only: rows are only ever inserted (the migration adds a trigger that refuses UPDATE and DELETE).
/// </summary>
public sealed class AuditEvent
{
    public const int MaxAction = 64, MaxTargetType = 32, MaxValue = 2000, MaxIp = 64;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTimeOffset At { get; set; }
    /// <summary>Who acted; null when IMPACTE itself did.</summary>
    public Guid? ActorId { get; set; }
    /// <summary>What was done, as a stable dotted name ("person.deactivated", "person.role-granted").</summary>
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public Guid TargetId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Ip { get; set; }
}

/// <summary>
/// Writing to the trail: added to the caller's unit of work, so the act and its record commit together. A caller that
/// passes no address gets the request's (<see cref="ImpacteDbContext.RequestAddress"/>, set by the Api per request),
/// so services that do not see HTTP still record where an act came from.
/// </summary>
public static class AuditTrail
{
    public static void Record(ImpacteDbContext db, DateTimeOffset at, Guid? actorId, string action, string targetType, Guid targetId,
        string? before, string? after, string? ip) =>
        db.Set<AuditEvent>().Add(new AuditEvent
        {
            At = at, ActorId = actorId, Action = action, TargetType = targetType, TargetId = targetId,
            Before = Clip(before), After = Clip(after), Ip = Clip(ip ?? db.RequestAddress, AuditEvent.MaxIp),
        });

    private static string? Clip(string? value, int max = AuditEvent.MaxValue) => value?.Length > max ? value[..max] : value;
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.ToTable("audit_events");
        b.HasKey(x => x.Id);
        b.Property(x => x.Action).HasMaxLength(AuditEvent.MaxAction);
        b.Property(x => x.TargetType).HasMaxLength(AuditEvent.MaxTargetType);
        b.Property(x => x.Before).HasMaxLength(AuditEvent.MaxValue);
        b.Property(x => x.After).HasMaxLength(AuditEvent.MaxValue);
        b.Property(x => x.Ip).HasMaxLength(AuditEvent.MaxIp);
        b.HasIndex(x => new { x.TargetType, x.TargetId, x.At });
        b.HasIndex(x => x.At);
        // The audit list filtered by person: what they did (actor), beside what was done to them (target).
        b.HasIndex(x => new { x.ActorId, x.At });
    }
}
