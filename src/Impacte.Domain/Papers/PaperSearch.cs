using Impacte.Domain.Common;
using Impacte.Domain.Papers.Citations;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Papers;

/// <summary>
/// Finding papers: a DOI or PMID finds that paper; anything else is full text over title, keywords and abstract (the
/// GIN index on <see cref="Paper.SearchVector"/>), papers with the words in their title first, then by rank. The
/// API's list and the papers page both use it.
/// </summary>
public static class PaperSearch
{
    public const int MaxText = 500;

    /// <summary>ts_rank's weights are D, C, B, A: only the title's lexemes (A) count here.</summary>
    private static readonly float[] TitleOnly = [0f, 0f, 0f, 1f];

    /// <summary>Refuses what cannot be a search (too long; control characters): 400 on the field named.</summary>
    public static string? Check(string? text, string field = "search")
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > MaxText) throw new DomainValidationException(field, $"Keep this to {MaxText} characters or fewer.");
        UserText.Require(trimmed, field);
        return trimmed;
    }

    /// <summary>The papers matching <paramref name="text"/>, best first; all papers, newest first, without one.</summary>
    public static IQueryable<Paper> Apply(IQueryable<Paper> papers, string? text)
    {
        var search = Check(text);
        if (search is null) return papers.OrderByDescending(p => p.Year).ThenBy(p => p.Title).ThenBy(p => p.Id);
        if (CitationIdentifiers.NormaliseDoi(search) is { } doi) return papers.Where(p => p.Doi == doi).OrderBy(p => p.Id);
        if (CitationIdentifiers.NormalisePmid(search) is { } pmid) return papers.Where(p => p.Pmid == pmid).OrderBy(p => p.Id);
        return papers
            .Where(p => p.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("english", search)))
            .OrderByDescending(p => p.SearchVector.Rank(TitleOnly, EF.Functions.WebSearchToTsQuery("english", search)) > 0)
            .ThenByDescending(p => p.SearchVector.Rank(EF.Functions.WebSearchToTsQuery("english", search)))
            .ThenByDescending(p => p.Year).ThenBy(p => p.Id);
    }
}
