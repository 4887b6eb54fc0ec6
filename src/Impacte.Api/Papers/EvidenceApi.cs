using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Papers;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Papers;

/// <summary>The librarian's side of a question: the queue, the papers found for it, the record of the search.</summary>
public static class EvidenceApi
{
    public static RouteGroupBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Evidence")
            .RequireAuthorization(AuthSetup.ApiPolicy).RequireAuthorization(AuthSetup.LibrarianPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var questions = group.MapGroup("/questions/{questionId:guid}")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        questions.MapPost("/papers", LinkPaper).WithName(nameof(LinkPaper)).RequireQuestion(QuestionPermission.View).ProducesValidationProblem()
            .WithSummary("Attach a paper to the question (librarian). Attaching it twice changes nothing.");
        questions.MapDelete("/papers/{paperId:guid}", UnlinkPaper).WithName(nameof(UnlinkPaper)).RequireQuestion(QuestionPermission.View)
            .WithSummary("Detach a paper from the question (librarian).");
        questions.MapPut("/search", SaveSearch).WithName(nameof(SaveSearch)).RequireQuestion(QuestionPermission.View).ProducesValidationProblem()
            .WithSummary("Record the search behind the question's evidence: sources, strategy, date and outcome (librarian).");

        questions.MapGet("/search/entries", ListSearchEntries).WithName(nameof(ListSearchEntries)).RequireQuestion(QuestionPermission.View)
            .WithSummary("The databases searched for the question: one entry each (database, date, strategy, hits) (librarian).");
        questions.MapPost("/search/entries", AddSearchEntry).WithName(nameof(AddSearchEntry)).RequireQuestion(QuestionPermission.View).ProducesValidationProblem()
            .WithSummary("Record one database searched for the question (librarian).");
        questions.MapDelete("/search/entries/{entryId:guid}", RemoveSearchEntry).WithName(nameof(RemoveSearchEntry)).RequireQuestion(QuestionPermission.View)
            .WithSummary("Remove one database's entry from the question's search record (librarian).");
        questions.MapPost("/release", ReleaseQuestion).WithName(nameof(ReleaseQuestion)).RequireQuestion(QuestionPermission.View)
            .WithSummary("Give a question you hold back to the queue (the librarian holding it, or an admin).");
        questions.MapPost("/handover", HandOverQuestion).WithName(nameof(HandOverQuestion)).RequireQuestion(QuestionPermission.View).ProducesValidationProblem()
            .WithSummary("Hand a question you hold to another librarian, who is told by email (the librarian holding it, or an admin).");

        group.MapGet("/librarian/queue", Queue).WithName(nameof(Queue)).ProducesValidationProblem()
            .WithSummary("Accepted questions across the network waiting for evidence, most urgent and oldest first; mine=true: the questions you have taken.");
        return group;
    }

    internal static async Task<Ok<QuestionPapersResponse>> LinkPaper(
        Guid questionId, LinkPaperRequest request, EvidenceWork work, ImpacteDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.PaperId is not { } paperId || paperId == Guid.Empty) throw new DomainValidationException("paperId", "Choose the paper to attach.");
        await work.LinkAsync(questionId, [paperId], user.Id(), ct);
        return TypedResults.Ok(await PapersOfAsync(db, questionId, ct));
    }

    internal static async Task<NoContent> UnlinkPaper(Guid questionId, Guid paperId, EvidenceWork work, CancellationToken ct)
    {
        await work.UnlinkAsync(questionId, paperId, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<EvidenceSearchResponse>> SaveSearch(
        Guid questionId, EvidenceSearchInput request, EvidenceWork work, ClaimsPrincipal user, CancellationToken ct)
    {
        return TypedResults.Ok(ToResponse(await work.SaveSearchAsync(questionId, request, user.Id(), ct)));
    }

    internal static EvidenceSearchResponse ToResponse(EvidenceSearch s) => new(s.QuestionId, s.Sources, s.Strategy, s.SearchedOn, s.Found,
        s.Relevant, s.InsufficientQuality, s.Outcome(), s.Notes, s.UpdatedAt);

    internal static async Task<Ok<Paged<QueueItemResponse>>> Queue(
        EvidenceWork work, ClaimsPrincipal user, bool? mine, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var (items, total) = await work.QueueAsync(mine == true ? user.Id() : null, request, ct);
        return TypedResults.Ok(new Paged<QueueItemResponse>(items.Select(q => new QueueItemResponse(q.QuestionId, q.Title, q.ClubId, q.ClubName,
            q.Status.ToString().ToLowerInvariant(), q.Urgency.ToString().ToLowerInvariant(), q.Since, q.TakenById, q.TakenByName, q.Papers,
            q.SearchRecorded)).ToList(), total, request.Page, request.PageSize));
    }

    internal static async Task<QuestionPapersResponse> PapersOfAsync(ImpacteDbContext db, Guid questionId, CancellationToken ct)
    {
        return new QuestionPapersResponse(questionId, await db.QuestionPapers.Where(x => x.QuestionId == questionId).OrderBy(x => x.AddedAt)
            .Select(x => x.Paper).Select(PaperSummary.Of).ToListAsync(ct));
    }

    internal static async Task<Ok<IReadOnlyList<SearchEntryResponse>>> ListSearchEntries(Guid questionId, EvidenceWork work, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<SearchEntryResponse>>((await work.SearchEntriesAsync(questionId, ct)).Select(ToResponse).ToList());

    internal static async Task<Created<SearchEntryResponse>> AddSearchEntry(
        Guid questionId, SearchEntryInput request, EvidenceWork work, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var entry = await work.AddSearchEntryAsync(questionId, request, await actors.ForAsync(user, ct), ct);
        return TypedResults.Created($"/api/questions/{questionId}/search/entries", ToResponse(entry));
    }

    internal static async Task<NoContent> RemoveSearchEntry(
        Guid questionId, Guid entryId, EvidenceWork work, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        await work.RemoveSearchEntryAsync(questionId, entryId, await actors.ForAsync(user, ct), ct);
        return TypedResults.NoContent();
    }

    internal static SearchEntryResponse ToResponse(SearchEntry e) => new(e.Id, e.QuestionId, e.Database, e.SearchedOn, e.Strategy, e.Hits, e.RecordedAt);

    internal static async Task<Ok<HeldQuestionResponse>> ReleaseQuestion(
        Guid questionId, EvidenceWork work, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var question = await work.ReleaseAsync(questionId, await actors.ForAsync(user, ct), ct);
        return TypedResults.Ok(new HeldQuestionResponse(question.Id, question.Status.ToString().ToLowerInvariant(), null));
    }

    internal static async Task<Ok<HeldQuestionResponse>> HandOverQuestion(
        Guid questionId, HandOverRequest request, EvidenceWork work, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.ToUserId is not { } to || to == Guid.Empty) throw new DomainValidationException("toUserId", "Choose a librarian to hand the question to.");
        var question = await work.HandOverAsync(questionId, to, await actors.ForAsync(user, ct), ct);
        return TypedResults.Ok(new HeldQuestionResponse(question.Id, question.Status.ToString().ToLowerInvariant(), to));
    }
}
