using Impacte.Api.Http;

namespace Impacte.Api.Papers;

public sealed record LinkPaperRequest(Guid? PaperId);
public sealed record QuestionPapersResponse(Guid QuestionId, IReadOnlyList<PaperSummary> Papers);
public sealed record EvidenceSearchResponse(Guid QuestionId, IReadOnlyList<string> Sources, string Strategy, DateOnly SearchedOn, int? Found,
    int? Relevant, int? InsufficientQuality, string Outcome, string? Notes, DateTimeOffset UpdatedAt);
public sealed record QueueItemResponse(Guid QuestionId, string Title, Guid ClubId, string ClubName, string Status, string Urgency,
    DateTimeOffset Since, Guid? TakenById, string? TakenByName, int Papers, bool SearchRecorded);

public sealed record ScreeningDecisionRequest(string? Decision, string? Reason, string? Note);
public sealed record ExclusionCountResponse(string Reason, string Label, int Count);
public sealed record ScreeningCountsResponse(int Found, int DuplicatesRemoved, int Screened, int Pending, int Included, int Excluded,
    IReadOnlyList<ExclusionCountResponse> ExcludedBy);
public sealed record ScreeningItemResponse(Guid PaperId, string Title, string Citation, string? Abstract, string? Doi, string? Pmid,
    string Decision, string? Reason, string? Note);
public sealed record ScreeningResponse(ScreeningCountsResponse Counts, Paged<ScreeningItemResponse> Records);
public sealed record SearchEntryResponse(Guid Id, Guid QuestionId, string Database, DateOnly SearchedOn, string Strategy, int? Hits, DateTimeOffset RecordedAt);
public sealed record HandOverRequest(Guid? ToUserId);
public sealed record HeldQuestionResponse(Guid QuestionId, string Status, Guid? HeldById);
