using System.Linq.Expressions;
using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Papers;
using Impacte.Domain.Papers.Citations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Papers;

public static class PapersApi
{
    /// <summary>A 4,000-record PubMed export with abstracts is about 15 MB; this leaves room without inviting abuse.</summary>
    public const long MaxImportBytes = 64L * 1024 * 1024;

    public static RouteGroupBuilder MapPapersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/papers").WithTags("Papers").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", ListPapers).WithName(nameof(ListPapers)).ProducesValidationProblem()
            .WithSummary("Papers held in IMPACTE: q (or search) is a DOI, a PMID, or words found in the title, keywords or abstract (title hits first).");
        group.MapPost("/", CreatePaper).WithName(nameof(CreatePaper)).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(AuthSetup.LibrarianPolicy)
            .WithSummary("Add a paper by hand (librarian). 201 when new; 200 with the paper already held when it is a duplicate.");
        group.MapGet("/{id:guid}", GetPaper).WithName(nameof(GetPaper)).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One paper.");
        group.MapPost("/import", ImportPapers).WithName(nameof(ImportPapers)).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(AuthSetup.LibrarianPolicy)
            .DisableAntiforgery() // bearer-token API: no cookie, hence no cross-site request to forge
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxImportBytes))
            .WithSummary("Import a citation export, and put its papers on questionId's screening list when given (MEDLINE/PubMed, RIS, Ovid, Web of Science, EndNote, BibTeX, CSV; recognised from its content). " +
                "Duplicates (DOI, PMID, then title and year) are linked, not created again; damaged records are reported and the rest imported.");
        return group;
    }

    internal static async Task<Ok<Paged<PaperSummary>>> ListPapers(
        ImpacteDbContext db, string? search, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        if (q is not null && search is not null) throw new DomainValidationException("q", "Give q or search, not both.");
        var text = q is not null ? PaperSearch.Check(q, "q") : PaperSearch.Check(search);
        return TypedResults.Ok(await PaperSearch.Apply(db.Papers, text).Select(PaperSummary.Of).ToPagedAsync(request, ct));
    }

    internal static async Task<Results<Created<PaperResponse>, Ok<PaperResponse>>> CreatePaper(
        CreatePaperRequest request, PaperImporter importer, ImpacteDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["Enter the paper's title."];
        if (!string.IsNullOrWhiteSpace(request.Doi) && CitationIdentifiers.NormaliseDoi(request.Doi) is null) errors["doi"] = ["This is not a DOI (they start with 10.)."];
        if (!string.IsNullOrWhiteSpace(request.Pmid) && CitationIdentifiers.NormalisePmid(request.Pmid) is null) errors["pmid"] = ["A PMID is a number."];
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var record = new CitationRecord
        {
            RecordNumber = 1, Title = request.Title!.Trim(),
            Authors = request.Authors?.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList() ?? [],
            Journal = Blank(request.Journal), Year = request.Year, Volume = Blank(request.Volume), Issue = Blank(request.Issue),
            Pages = Blank(request.Pages), Doi = request.Doi, Pmid = request.Pmid, Abstract = Blank(request.Abstract),
            Url = Blank(request.Url), PublicationType = Blank(request.PublicationType),
        };
        var (id, created) = await importer.AddAsync(record, user.Id(), ct);
        var paper = await LoadAsync(db, id, ct);
        return created ? TypedResults.Created($"/api/papers/{id}", paper) : TypedResults.Ok(paper);
    }

    internal static async Task<Ok<PaperResponse>> GetPaper(Guid id, ImpacteDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await LoadAsync(db, id, ct));

    internal static async Task<Ok<PaperImportResponse>> ImportPapers(
        IFormFile file, [Microsoft.AspNetCore.Mvc.FromForm] Guid? questionId, PaperImporter importer, EvidenceWork work, Screening screening, Actors actors,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (file.Length > MaxImportBytes) throw new DomainValidationException("file", "The file must be 64 MB or smaller.");
        // Checked first, so a file meant for a question that cannot take evidence is not imported half-way to nowhere.
        if (questionId is { } q) await work.EvidenceQuestionAsync(q, ct);
        await using var stream = file.OpenReadStream();
        var report = await importer.ImportAsync(stream, user.Id(), ct);
        // For a question, the papers wait to be screened; only those the librarian includes are attached.
        if (questionId is { } question) await screening.AddImportAsync(question, report, await actors.ForAsync(user, ct), ct);
        return TypedResults.Ok(ToResponse(report));
    }

    internal static PaperImportResponse ToResponse(PaperImportReport report) => new(
        report.Format.ToString(), report.Created, report.Duplicates,
        report.Rejected.Select(r => new RejectedRecordResponse(r.Record, r.Line, r.Reason)).ToList(), report.PaperIds);

    internal static async Task<PaperResponse> LoadAsync(ImpacteDbContext db, Guid id, CancellationToken ct)
    {
        var p = await db.Papers.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("The paper");
        return new PaperResponse(p.Id, p.Title, p.Authors, p.Journal, p.Year, p.Volume, p.Issue, p.Pages, p.Doi, p.Pmid, p.Abstract,
            p.Url, p.PublicationType, Paper.Cite(p.Title, p.Authors, p.Journal, p.Year, p.Volume, p.Issue, p.Pages), p.CreatedAt, p.KeywordList);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
