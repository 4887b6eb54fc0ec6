using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Api.Papers;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Appraisals;

public static class AppraisalsApi
{
    public static RouteGroupBuilder MapAppraisalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        var group = api.MapGroup("/appraisals").WithTags("Appraisals");
        group.MapGet("/", ListAppraisals).WithName(nameof(ListAppraisals)).ProducesValidationProblem()
            .WithSummary("Appraisals the caller may read: published ones for everyone, drafts for librarians. Filter by questionId and status.");
        group.MapPost("/", CreateAppraisal).WithName(nameof(CreateAppraisal)).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(AuthSetup.LibrarianPolicy).WithSummary("Start an appraisal of a question's evidence (librarian), with the checklist of its study design.");
        group.MapGet("/{id:guid}", GetAppraisal).WithName(nameof(GetAppraisal)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One appraisal with its ETag, and its narrative rendered as safe HTML.");
        group.MapPatch("/{id:guid}", UpdateAppraisal).WithName(nameof(UpdateAppraisal)).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireAuthorization(AuthSetup.LibrarianPolicy)
            .WithSummary("Change a draft or returned appraisal (its author); needs If-Match. Lists, when sent, replace the whole list.");
        group.MapPost("/{id:guid}/submit", SubmitAppraisal).WithName(nameof(SubmitAppraisal)).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthSetup.LibrarianPolicy).WithSummary("Submit for checking (its author): needs papers, level, GRADE, bottom line and review date.");
        group.MapPost("/{id:guid}/publish", PublishAppraisal).WithName(nameof(PublishAppraisal))
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthSetup.LibrarianPolicy).WithSummary("Publish a submitted appraisal (a second librarian, never its author).");
        group.MapPut("/{id:guid}/review-by", SetReviewBy).WithName(nameof(SetReviewBy)).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthSetup.LibrarianPolicy)
            .WithSummary("Set a new review-by date on a published appraisal (a librarian, once the evidence has been looked at again); it is then no longer due for review.");
        group.MapPost("/{id:guid}/return", ReturnAppraisal).WithName(nameof(ReturnAppraisal)).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthSetup.LibrarianPolicy).WithSummary("Send a submitted appraisal back to its author with a comment (a second librarian).");
        group.MapPut("/{id:guid}/document", UploadDocument).WithName(nameof(UploadDocument)).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AuthSetup.LibrarianPolicy)
            .DisableAntiforgery() // bearer-token API: no cookie, hence no cross-site request to forge
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(AppraisalDocuments.MaxBytes + 256 * 1024))
            .WithSummary("Upload the appraisal document (PDF, DOCX or Markdown, at most 20 MB, recognised from its bytes).");
        group.MapGet("/{id:guid}/document", DownloadDocument).WithName(nameof(DownloadDocument)).ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), AppraisalDocuments.Pdf.ContentType, AppraisalDocuments.Docx.ContentType, "text/markdown")
            .WithSummary("The appraisal document, always as a download.");

        api.MapGet("/checklists", ListChecklists).WithTags("Checklists").WithName(nameof(ListChecklists))
            .WithSummary("The appraisal checklists, one per study design, in three sections; answers are yes, no or cant-tell.");
        return api;
    }

    internal static async Task<Ok<Paged<AppraisalSummary>>> ListAppraisals(
        CriticalAppraisals critical, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, Guid? questionId, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var viewer = await actors.ForAsync(user, ct);
        var appraisals = critical.Visible(viewer);
        if (questionId is { } q) appraisals = appraisals.Where(a => a.QuestionId == q);
        if (status is not null)
        {
            if (!AppraisalRules.TryParseStatus(status, out var s))
                throw new DomainValidationException("status", $"Status is one of: {string.Join(", ", AppraisalRules.StatusNames)}.");
            appraisals = appraisals.Where(a => a.Status == s);
        }
        // Counted without the join below, which adds no row (every appraisal has its question) but made the count a join
        // of every CAT in the network.
        var total = await appraisals.CountAsync(ct);
        var rows = await appraisals.OrderByDescending(a => a.UpdatedAt)
            .Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => new
            {
                a.Id, a.QuestionId, a.StudyDesign, a.Status, a.AuthorId, AuthorName = a.Author.Name, a.BottomLine, a.EvidenceLevel, a.Grade,
                a.UpdatedAt, a.PublishedAt, a.ReviewBy, q.ClubId, QuestionStatus = q.Status, q.Title,
            })
            .Skip(request.Skip).Take(request.PageSize).ToListAsync(ct);
        var today = critical.Today;
        return TypedResults.Ok(new Paged<AppraisalSummary>(rows.Select(a => new AppraisalSummary(a.Id, a.QuestionId,
            AppraisalTopics.TopicTitle(viewer, a.ClubId, a.QuestionStatus, a.Title, a.BottomLine), a.StudyDesign.Code(),
            a.Status.Name(), new PersonResponse(a.AuthorId, a.AuthorName), a.BottomLine, a.EvidenceLevel, a.Grade?.Name(), a.UpdatedAt, a.PublishedAt,
            a.ReviewBy, AppraisalReview.IsDue(a.Status, a.ReviewBy, today))).ToList(),
            total, request.Page, request.PageSize));
    }

    internal static async Task<Created<AppraisalResponse>> CreateAppraisal(
        CreateAppraisalRequest request, CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var created = await appraisals.CreateAsync(request.QuestionId ?? Guid.Empty, request.StudyDesign, actor, ct);
        var appraisal = await appraisals.LoadAsync(created.Id, ct);
        ETags.Set(response, appraisal.Version);
        return TypedResults.Created($"/api/appraisals/{appraisal.Id}", await RespondAsync(db, appraisals, actor, appraisal, ct));
    }

    internal static async Task<Ok<AppraisalResponse>> GetAppraisal(
        Guid id, CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var appraisal = await appraisals.LoadVisibleAsync(id, actor, ct);
        ETags.Set(response, appraisal.Version);
        return TypedResults.Ok(await RespondAsync(db, appraisals, actor, appraisal, ct));
    }

    internal static async Task<Ok<AppraisalResponse>> UpdateAppraisal(
        Guid id, AppraisalEdit request, CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db, ClaimsPrincipal user,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var appraisal = await appraisals.LoadVisibleAsync(id, actor, ct);
        var expected = ETags.Required(http);
        await appraisals.UpdateAsync(appraisal, expected, request, actor, ct);
        return await ReloadAsync(id, appraisals, actor, db, response, ct);
    }

    internal static async Task<Ok<AppraisalResponse>> SubmitAppraisal(
        Guid id, CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await appraisals.SubmitAsync(await appraisals.LoadVisibleAsync(id, actor, ct), actor, ct);
        return await ReloadAsync(id, appraisals, actor, db, response, ct);
    }

    internal static async Task<Ok<AppraisalResponse>> PublishAppraisal(
        Guid id, CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await appraisals.PublishAsync(await appraisals.LoadVisibleAsync(id, actor, ct), actor, ct);
        return await ReloadAsync(id, appraisals, actor, db, response, ct);
    }

    internal static async Task<Ok<AppraisalResponse>> SetReviewBy(
        Guid id, ReviewByRequest request, CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await appraisals.SetReviewByAsync(await appraisals.LoadVisibleAsync(id, actor, ct), request.ReviewBy, actor, ct);
        return await ReloadAsync(id, appraisals, actor, db, response, ct);
    }

    internal static async Task<Ok<AppraisalResponse>> ReturnAppraisal(
        Guid id, ReturnAppraisalRequest request, CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await appraisals.ReturnAsync(await appraisals.LoadVisibleAsync(id, actor, ct), actor, request.Comment, ct);
        return await ReloadAsync(id, appraisals, actor, db, response, ct);
    }

    internal static async Task<Ok<DocumentResponse>> UploadDocument(
        Guid id, IFormFile file, CriticalAppraisals appraisals, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var appraisal = await appraisals.LoadVisibleAsync(id, actor, ct);
        if (file.Length > AppraisalDocuments.MaxBytes)
            throw new BadHttpRequestException("The document must be 20 MB or smaller.", StatusCodes.Status413PayloadTooLarge);
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(content, ct);
        var document = await appraisals.SetDocumentAsync(appraisal, file.FileName, content, actor, ct);
        return TypedResults.Ok(new DocumentResponse(document.FileName, document.ContentType, document.Length, document.UploadedAt, $"/api/appraisals/{id}/document"));
    }

    internal static async Task<FileContentHttpResult> DownloadDocument(
        Guid id, CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var appraisal = await appraisals.LoadVisibleAsync(id, actor, ct);
        // The document restates the question: it goes with the question's visibility, not the topic's.
        if (await appraisals.QuestionAsync(appraisal.QuestionId, actor, ct) is null) throw new NotFoundException("The document");
        var document = await db.AppraisalDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.AppraisalId == id, ct)
            ?? throw new NotFoundException("The document");
        // A file name makes the result an attachment: the browser saves it and never renders it in our origin.
        return TypedResults.File(document.Content, document.ContentType, document.FileName);
    }

    internal static Ok<IReadOnlyList<ChecklistResponse>> ListChecklists() =>
        TypedResults.Ok<IReadOnlyList<ChecklistResponse>>(Checklists.All.Select(c => new ChecklistResponse(c.Design.Code(), c.Name,
            c.Questions.GroupBy(q => q.Section).Select(g => new ChecklistSectionResponse(SectionKey(g.Key), Checklists.SectionTitle(g.Key),
                g.Select(q => new ChecklistQuestionResponse(q.Key, SectionKey(q.Section), q.Text)).ToList())).ToList(),
            AppraisalRules.AnswerNames)).ToList());

    private static string SectionKey(ChecklistSection s) => s switch
    {
        ChecklistSection.Validity => "valid",
        ChecklistSection.Results => "results",
        _ => "local",
    };

    private static async Task<Ok<AppraisalResponse>> ReloadAsync(
        Guid id, CriticalAppraisals appraisals, Actor actor, ImpacteDbContext db, HttpResponse response, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var appraisal = await appraisals.LoadAsync(id, ct);
        ETags.Set(response, appraisal.Version);
        return TypedResults.Ok(await RespondAsync(db, appraisals, actor, appraisal, ct));
    }

    /// <summary>The appraisal as this reader may see it: without the question's private parts when they may not see it.</summary>
    internal static async Task<AppraisalResponse> RespondAsync(ImpacteDbContext db, CriticalAppraisals appraisals, Actor actor, Appraisal a, CancellationToken ct)
    {
        var checker = a.CheckedById is { } c ? await db.Users.Where(u => u.Id == c).Select(u => u.Name).SingleOrDefaultAsync(ct) : null;
        var question = await appraisals.QuestionAsync(a.QuestionId, actor, ct);
        if (question is null) return AppraisalResponse.From(a, null, null, checker, null, appraisals.Today);
        var document = await db.AppraisalDocuments.Where(d => d.AppraisalId == a.Id)
            .Select(d => new AppraisalDocumentInfo(d.FileName, d.ContentType, d.Length, d.UploadedAt)).SingleOrDefaultAsync(ct);
        var search = await db.EvidenceSearches.AsNoTracking().FirstOrDefaultAsync(s => s.QuestionId == a.QuestionId, ct);
        // Where it led (meetings, decisions) speaks of the question: it goes with it, as on the page.
        var links = new AppraisalLinks(db);
        var discussions = (await links.DiscussionsAsync(a, actor, ct))
            .Select(d => new AppraisalDiscussionResponse(d.MeetingId, d.On, d.ClubName, d.Cancelled, d.Outcome, $"/meetings/{d.MeetingId}")).ToList();
        var decisions = (await links.DecisionsAsync(a, actor, ct))
            .Select(c => new AppraisalDecisionResponse(c.ChangeId, c.Title, c.ClubName, c.Status.Name(), c.DueOn, $"/changes/{c.ChangeId}")).ToList();
        return AppraisalResponse.From(a, question, search is null ? null : EvidenceApi.ToResponse(search), checker, document, appraisals.Today)
            with { Discussions = discussions, Decisions = decisions };
    }
}
