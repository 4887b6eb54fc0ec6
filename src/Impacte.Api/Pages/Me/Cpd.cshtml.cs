using Impacte.Api.Cpd;
using Impacte.Domain.Cpd;
using Microsoft.AspNetCore.Mvc;

namespace Impacte.Api.Pages.Me;

/// <summary>My CPD log: meetings attended with hours and reflections, and my quality-improvement activity.</summary>
public sealed class CpdModel(CpdEvidence cpd) : CpdPage(cpd)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The same CSV as the API's, on the page's cookie session (the API takes bearer tokens only).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var (content, fileName) = Log.ToCsv();
        return File(content, "text/csv; charset=utf-8", fileName);
    }
}
