using System.Linq.Expressions;
using Impacte.Domain.Papers;

namespace Impacte.Api.Papers;

public sealed record PaperResponse(Guid Id, string Title, IReadOnlyList<string> Authors, string? Journal, int? Year,
    string? Volume, string? Issue, string? Pages, string? Doi, string? Pmid, string? Abstract, string? Url,
    string? PublicationType, string Citation, DateTimeOffset CreatedAt, IReadOnlyList<string> Keywords);

/// <summary>A list row: the abstract is left out, it is what makes papers large.</summary>
public sealed record PaperSummary(Guid Id, string Title, string Citation, int? Year, string? Doi, string? Pmid, string? PublicationType)
{
    /// <summary>One projection for every list of papers: EF reads the columns, the citation is composed in memory.</summary>
    public static readonly Expression<Func<Paper, PaperSummary>> Of = p => new PaperSummary(p.Id, p.Title,
        Paper.Cite(p.Title, p.Authors, p.Journal, p.Year, p.Volume, p.Issue, p.Pages), p.Year, p.Doi, p.Pmid, p.PublicationType);
}

public sealed record CreatePaperRequest(string? Title, IReadOnlyList<string>? Authors, string? Journal, int? Year, string? Volume,
    string? Issue, string? Pages, string? Doi, string? Pmid, string? Abstract, string? Url, string? PublicationType);

public sealed record RejectedRecordResponse(int Record, int? Line, string Reason);

public sealed record PaperImportResponse(string Format, int Created, int Duplicates, IReadOnlyList<RejectedRecordResponse> Rejected,
    IReadOnlyList<Guid> PaperIds);
