namespace Impacte.Api.Ops;

public sealed record JobResponse(
    string Id, string Cron, DateTimeOffset? NextExecution, DateTimeOffset? LastExecution, string? LastJobState, string? Error, string Dashboard);
public sealed record OutboxItem(
    Guid Id, string Kind, string ToAddress, string Subject, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);
public sealed record JobTriggeredResponse(string Id);

/// <summary>One digest item as the email has it: <c>reading</c> is a meeting's reading pack (its papers and CAT), <c>isNews</c> whether it alone would send.</summary>
public sealed record DigestPreviewItem(
    string Title, string? Detail, string? Quote, string Url, IReadOnlyList<DigestPreviewLink> Actions, IReadOnlyList<DigestPreviewReading> Reading, bool IsNews);
public sealed record DigestPreviewLink(string Label, string Url);
/// <summary>One agenda question's reading: its papers (citation and DOI or PubMed link) and its CAT's page.</summary>
public sealed record DigestPreviewReading(string Question, IReadOnlyList<DigestPreviewPaper> Papers, string? AppraisalUrl);
public sealed record DigestPreviewPaper(string Citation, string? Link);
/// <summary>A section with its intro line and how many items were left out (the email's "And N more").</summary>
public sealed record DigestPreviewSection(string Kind, string Heading, string Intro, IReadOnlyList<DigestPreviewItem> Items, int More);

/// <summary>The digest a member would get now; <c>wouldSend</c> is false when nothing is new or their digest is off.</summary>
public sealed record DigestPreviewResponse(
    Guid UserId, string To, string Frequency, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool WouldSend,
    string Subject, IReadOnlyList<DigestPreviewSection> Sections, string Text, string Html);
