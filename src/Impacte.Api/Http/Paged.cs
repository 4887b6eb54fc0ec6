using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Http;

/// <summary>One page of a list, as every list endpoint answers.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

public static class PagedExtensions
{
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> query, PageRequest page, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new Paged<T>(items, total, page.Page, page.PageSize);
    }
}
