using Impacte.Api.Auth;
using Impacte.Api.Questions;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Questions;

/// <summary>Find questions: words across the PICO parts, filters for club, status and type, relevance or date, paged.</summary>
public sealed class IndexModel(ImpacteDbContext db, ClinicalQuestions questions, Actors actors) : PageModel
{
    /// <summary>Words, searched forgivingly (misspellings, abbreviations, brand names): what the form sends.</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    /// <summary>Words in web-search syntax, as typed (older links).</summary>
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? ClubId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>The "page" query value, read by hand: Razor Pages' own "page" route value (the page's name) shadows it in binding.</summary>
    public int PageNumber { get; set; } = 1;

    public const int PageSize = 20;
    public IReadOnlyList<QuestionListItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    /// <summary>A search by best match with more matches than a list counts: it ranks only the newest of them.</summary>
    public bool RanksNewestOnly { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<KeyValuePair<string, string>> Clubs { get; private set; } = [];

    public static IReadOnlyList<KeyValuePair<string, string>> Statuses { get; } =
        Enum.GetValues<QuestionStatus>().Select(s => KeyValuePair.Create(QuestionNames.Name(s), QuestionDisplay.Status(s))).ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> Types { get; } =
        Enum.GetValues<QuestionType>().Select(t => KeyValuePair.Create(QuestionNames.Name(t), QuestionDisplay.Type(t))).ToList();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await actors.ForAsync(User, ct);
        Clubs = await db.Clubs.Where(c => viewer.WorksAcrossClubs || viewer.ClubIds.Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => KeyValuePair.Create(c.Id.ToString(), c.Name)).ToListAsync(ct);

        // Unknown filter values are ignored rather than failing the page: they only come from edited URLs.
        var errors = new Dictionary<string, string[]>();
        var words = string.IsNullOrWhiteSpace(Q) ? Search : Q;
        var filter = new QuestionFilter(
            string.IsNullOrWhiteSpace(words) ? null : words[..Math.Min(words.Length, QuestionQueries.MaxSimilarText)],
            ClubId,
            string.IsNullOrEmpty(Status) ? null : QuestionNames.Parse<QuestionStatus>(Status, "status", "", errors),
            string.IsNullOrEmpty(Type) ? null : QuestionNames.Parse<QuestionType>(Type, "type", "", errors),
            Sort == "date" ? QuestionSort.Date : QuestionSort.Relevance,
            Forgiving: !string.IsNullOrWhiteSpace(Q));
        PageNumber = int.TryParse(Request.Query["page"], out var asked) ? asked : 1;
        var page = PageRequest.Clamped(PageNumber, PageSize); // an edited link past the end shows an empty page, not an error
        PageNumber = page.Page;
        (Items, Total) = await questions.SearchAsync(filter, page, viewer.Reader(), ct);
        RanksNewestOnly = filter.Search is not null && filter.Sort == QuestionSort.Relevance && Total >= QuestionQueries.MaxTotal;
    }

    /// <summary>This list at another page, filters kept (built by hand: a "page" route value would name the Razor page).</summary>
    public string LinkFor(int page) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Url.Page("Index")!,
        new Dictionary<string, string?>
        {
            ["q"] = Q, ["search"] = Search, ["clubId"] = ClubId?.ToString(), ["status"] = Status, ["type"] = Type, ["sort"] = Sort,
            ["page"] = page.ToString(),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
