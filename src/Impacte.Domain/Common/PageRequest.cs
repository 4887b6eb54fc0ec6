namespace Impacte.Domain.Common;

/// <summary>Which page of a list to return; every list in the API is paged the same way.</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    public static PageRequest From(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1) errors["page"] = ["Page numbers start at 1."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"Page size must be between 1 and {MaxPageSize}."];
        if (errors.Count > 0) throw new DomainValidationException(errors);
        return new PageRequest(page ?? 1, pageSize ?? DefaultPageSize);
    }
}
