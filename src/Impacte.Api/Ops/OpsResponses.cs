namespace Impacte.Api.Ops;

public sealed record JobResponse(
    string Id, string Cron, DateTimeOffset? NextExecution, DateTimeOffset? LastExecution, string? LastJobState, string? Error, string Dashboard);
public sealed record OutboxItem(
    Guid Id, string Kind, string ToAddress, string Subject, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);
public sealed record JobTriggeredResponse(string Id);

public sealed record DigestPreviewItem(string Title, string? Detail, string? Quote, string Url, IReadOnlyList<DigestPreviewLink> Actions);
public sealed record DigestPreviewLink(string Label, string Url);
public sealed record DigestPreviewSection(string Kind, string Heading, IReadOnlyList<DigestPreviewItem> Items);

/// <summary>The digest a member would get now; <c>wouldSend</c> is false when nothing is new or their digest is off.</summary>
public sealed record DigestPreviewResponse(
    Guid UserId, string To, string Frequency, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool WouldSend,
    string Subject, IReadOnlyList<DigestPreviewSection> Sections, string Text, string Html);
