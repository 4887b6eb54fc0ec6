namespace Impacte.Api.Audit;

/// <summary>One audit event; localAt is the network's time (Europe/London).</summary>
public sealed record AuditEventResponse(Guid Id, DateTimeOffset At, DateTime LocalAt, Guid? ActorId, string? Actor, string Action,
    string TargetType, Guid TargetId, string? Target, string? Before, string? After, string? Ip);
