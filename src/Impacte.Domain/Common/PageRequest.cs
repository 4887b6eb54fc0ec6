namespace Impacte.Domain.Common;

/// <summary>Which page of a list to return; every list in the API is paged the same way.</summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    /// <summary>Far beyond any list here, and low enough that the offset (page − 1) × page size always fits an int.</summary>
    public const int MaxPage = 1_000_000;

    public int Skip => (Page - 1) * PageSize;

    public static PageRequest From(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > MaxPage) errors["page"] = [$"Page numbers go from 1 to {MaxPage:N0}."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"Page size must be between 1 and {MaxPageSize}."];
        if (errors.Count > 0) throw new DomainValidationException(errors);
        return new PageRequest(page ?? 1, pageSize ?? DefaultPageSize);
    }

    /// <summary>For pages, where the numbers come from links people may edit: out-of-range values are pulled into range.</summary>
    public static PageRequest Clamped(int page, int pageSize) =>
        new(Math.Clamp(page, 1, MaxPage), Math.Clamp(pageSize, 1, MaxPageSize));
}
