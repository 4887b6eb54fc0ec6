namespace Impacte.Api.Ops;

public sealed record JobResponse(
    string Id, string Cron, DateTimeOffset? NextExecution, DateTimeOffset? LastExecution, string? LastJobState, string? Error, string Dashboard);
public sealed record OutboxItem(
    Guid Id, string Kind, string ToAddress, string Subject, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);
public sealed record JobTriggeredResponse(string Id);
