namespace Impacte.Api.Papers;

public sealed record LinkPaperRequest(Guid? PaperId);
public sealed record QuestionPapersResponse(Guid QuestionId, IReadOnlyList<PaperSummary> Papers);
public sealed record EvidenceSearchResponse(Guid QuestionId, IReadOnlyList<string> Sources, string Strategy, DateOnly SearchedOn, int? Found,
    int? Relevant, int? InsufficientQuality, string Outcome, string? Notes, DateTimeOffset UpdatedAt);
public sealed record QueueItemResponse(Guid QuestionId, string Title, Guid ClubId, string ClubName, string Status, string Urgency,
    DateTimeOffset Since, Guid? TakenById, string? TakenByName, int Papers, bool SearchRecorded);
