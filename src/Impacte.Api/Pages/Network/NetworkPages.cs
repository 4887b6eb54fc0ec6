using Impacte.Domain.Common;
using Impacte.Domain.Network;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Impacte.Api.Pages.Network;

/// <summary>Paging links for the network and library pages: this list at another page, its filters kept.</summary>
public sealed record Pager(int Page, int Pages, Func<int, string> LinkFor)
{
    public const int PageSize = 20;

    public static Pager For(HttpRequest request, int page, int total, IEnumerable<KeyValuePair<string, string?>> filters)
    {
        var kept = filters.Where(f => !string.IsNullOrEmpty(f.Value)).ToList();
        return new Pager(page, Math.Max(1, (total + PageSize - 1) / PageSize),
            p => QueryHelpers.AddQueryString(request.Path, kept.Append(KeyValuePair.Create("page", (string?)p.ToString()))));
    }

    /// <summary>The "page" query value, read by hand (Razor Pages' own "page" route value shadows it), pulled into range.</summary>
    public static PageRequest Requested(HttpRequest request) =>
        PageRequest.Clamped(int.TryParse(request.Query["page"], out var asked) ? asked : 1, PageSize);

    /// <summary>Search words as a page takes them: control characters are already gone (the binder), over-long text is cut.</summary>
    public static string? Search(string? q) =>
        string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, NetworkFilter.MaxSearch)];
}
