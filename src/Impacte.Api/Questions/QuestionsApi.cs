using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Api.Security;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Questions;

public static class QuestionsApi
{
    public static RouteGroupBuilder MapQuestionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/questions").WithTags("Questions").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/", Propose).WithName(nameof(Propose)).WithSummary("Propose a clinical question to one of your clubs.")
            .ProducesValidationProblem();
        group.MapGet("/", Search).WithName(nameof(Search))
            .WithSummary("Questions you may see (your clubs', and every answered one), filtered and paged. q: words across the PICO parts, forgiving " +
                "typing mistakes, abbreviations and brand names (as the similar-question look-up does); search: PostgreSQL web-search syntax as typed. " +
                $"The total is counted up to {QuestionQueries.MaxTotal:D}; by relevance, a search with more matches ranks its newest {QuestionQueries.MaxTotal:D}.")
            .ProducesValidationProblem();
        group.MapGet("/similar", Similar).WithName(nameof(Similar)).WithSummary("Up to 10 questions you may see that resemble the text, best first.")
            .ProducesValidationProblem().RequireRateLimiting(RateLimiting.PerUserPolicy).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{questionId:guid}", GetQuestion).WithName(nameof(GetQuestion)).RequireQuestion(QuestionPermission.View).WithSummary("One question, with its history and its ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{questionId:guid}", UpdateQuestion).WithName(nameof(UpdateQuestion)).RequireQuestion(QuestionPermission.Edit)
            .WithSummary("Change a proposed question (its proposer, the club lead, an admin); needs If-Match. The lead (or an admin) may correct the clinical area alone at any stage.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPost("/{questionId:guid}/transitions", Transition).WithName(nameof(Transition)).RequireQuestion(QuestionPermission.View)
            .WithSummary("Move a question through its lifecycle; 409 lists the moves you could make.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{questionId:guid}/duplicate-candidates", DuplicateCandidates).WithName(nameof(DuplicateCandidates)).RequireQuestion(QuestionPermission.View)
            .WithSummary("The questions this one may be marked a duplicate of (club lead): the club's others, the most similar first, then the newest.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{questionId:guid}/withdraw", WithdrawQuestion).WithName(nameof(WithdrawQuestion)).RequireQuestion(QuestionPermission.View)
            .WithSummary("Withdraw your own question while it is still proposed (its proposer); 409 once the club has taken it.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{questionId:guid}/vote", Vote).WithName(nameof(Vote)).RequireQuestion(QuestionPermission.Vote).WithSummary("Vote for the club to take a proposed question (club members, once each).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{questionId:guid}/vote", WithdrawVote).WithName(nameof(WithdrawVote)).RequireQuestion(QuestionPermission.View).WithSummary("Withdraw your vote.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{questionId:guid}/askers", Ask).WithName(nameof(Ask)).RequireQuestion(QuestionPermission.View).WithSummary("\"I have this question too\".")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal static async Task<Created<QuestionResponse>> Propose(
        ProposeQuestionRequest request, ClinicalQuestions questions, Actors actors, ImpacteDbContext db, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var input = new QuestionInput(request.Population, request.Intervention, request.Comparison, request.Outcome,
            request.Type, request.Trigger, request.Urgency, request.Area);
        var question = await questions.ProposeAsync(request.ClubId ?? Guid.Empty, input, request.ConfirmIdentifierWarnings, actor, ct);
        ETags.Set(response, question.Version);
        return TypedResults.Created($"/api/questions/{question.Id}", await QuestionResponses.LoadAsync(db, question, actor, ct));
    }

    internal static async Task<Ok<Paged<QuestionListItemResponse>>> Search(
        ClinicalQuestions questions, ClaimsPrincipal user, string? search, string? q, Guid? clubId, string? status, string? type,
        string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var errors = new Dictionary<string, string[]>();
        if (q is not null && search is not null) errors["q"] = ["Give q or search, not both."];
        else if (q?.Length > QuestionQueries.MaxSimilarText) errors["q"] = [$"Keep this to {QuestionQueries.MaxSimilarText} characters or fewer."];
        var filter = new QuestionFilter(
            q ?? search, clubId,
            string.IsNullOrEmpty(status) ? null : QuestionNames.Parse<QuestionStatus>(status, "status", "Unknown status.", errors),
            string.IsNullOrEmpty(type) ? null : QuestionNames.Parse<QuestionType>(type, "type", "Unknown type.", errors),
            string.IsNullOrEmpty(sort) ? QuestionSort.Relevance : QuestionNames.Parse<QuestionSort>(sort, "sort", "Unknown sort.", errors) ?? default,
            Forgiving: q is not null);
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var (items, total) = await questions.SearchAsync(filter, request, user.QuestionReader(), ct);
        return TypedResults.Ok(new Paged<QuestionListItemResponse>(
            items.Select(QuestionResponses.ToResponse).ToList(), total, request.Page, request.PageSize));
    }

    internal static async Task<Ok<IReadOnlyList<SimilarQuestionResponse>>> Similar(
        ClinicalQuestions questions, ClaimsPrincipal user, string? text, Guid? clubId, CancellationToken ct)
    {
        var found = await questions.SimilarAsync(text, clubId, user.QuestionReader(), ct);
        return TypedResults.Ok<IReadOnlyList<SimilarQuestionResponse>>(found.Select(QuestionResponses.ToResponse).ToList());
    }

    internal static async Task<Ok<IReadOnlyList<SimilarQuestionResponse>>> DuplicateCandidates(
        Guid questionId, ClinicalQuestions questions, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var found = await questions.DuplicateCandidatesAsync(questionId, await actors.ForAsync(user, ct), ct);
        return TypedResults.Ok<IReadOnlyList<SimilarQuestionResponse>>(found.Select(QuestionResponses.ToResponse).ToList());
    }

    internal static async Task<Ok<QuestionResponse>> GetQuestion(
        Guid questionId, ClinicalQuestions questions, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var question = await questions.FindAsync(questionId, actor, ct);
        ETags.Set(response, question.Version);
        return TypedResults.Ok(await QuestionResponses.LoadAsync(db, question, actor, ct));
    }

    internal static async Task<Ok<QuestionResponse>> UpdateQuestion(
        Guid questionId, UpdateQuestionRequest request, ClinicalQuestions questions, Actors actors, ImpacteDbContext db, ClaimsPrincipal user,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var changes = new QuestionInput(request.Population, request.Intervention, request.Comparison, request.Outcome,
            request.Type, request.Trigger, request.Urgency, request.Area);
        // If-Match is read once the person is known to be allowed, so a stranger hears 404/403, not 428.
        var question = await questions.EditAsync(questionId, () => ETags.Required(http), changes, request.ConfirmIdentifierWarnings, actor, ct);
        ETags.Set(response, question.Version);
        return TypedResults.Ok(await QuestionResponses.LoadAsync(db, question, actor, ct));
    }

    internal static async Task<Ok<QuestionResponse>> Transition(
        Guid questionId, TransitionRequest request, ClinicalQuestions questions, Actors actors, ImpacteDbContext db, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var question = await questions.TransitionAsync(questionId, request.To, request.BottomLine ?? request.Reason, request.DuplicateOfId, actor, ct);
        ETags.Set(response, question.Version);
        return TypedResults.Ok(await QuestionResponses.LoadAsync(db, question, actor, ct));
    }

    internal static async Task<Ok<QuestionResponse>> WithdrawQuestion(
        Guid questionId, ClinicalQuestions questions, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var question = await questions.WithdrawAsync(questionId, actor, ct);
        ETags.Set(response, question.Version);
        return TypedResults.Ok(await QuestionResponses.LoadAsync(db, question, actor, ct));
    }

    internal static async Task<Ok<QuestionSupportResponse>> Vote(
        Guid questionId, ClinicalQuestions questions, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await questions.VoteAsync(questionId, actor, ct);
        return TypedResults.Ok(await QuestionResponses.SupportAsync(db, questionId, actor.UserId, ct));
    }

    internal static async Task<Ok<QuestionSupportResponse>> WithdrawVote(
        Guid questionId, ClinicalQuestions questions, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await questions.WithdrawVoteAsync(questionId, actor, ct);
        return TypedResults.Ok(await QuestionResponses.SupportAsync(db, questionId, actor.UserId, ct));
    }

    internal static async Task<Ok<QuestionSupportResponse>> Ask(
        Guid questionId, ClinicalQuestions questions, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await questions.AskAsync(questionId, actor, ct);
        return TypedResults.Ok(await QuestionResponses.SupportAsync(db, questionId, actor.UserId, ct));
    }
}
