using System.Globalization;
using System.Text;
using Impacte.Api.Auth;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Impact;
using Impacte.Domain.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Impact;

/// <summary>How impact pages write numbers and statuses.</summary>
public static class ImpactDisplay
{
    /// <summary>A proportion as a percentage ("87%"), a count as itself.</summary>
    public static string Value(decimal? value, bool proportion) => value is not { } v ? "–"
        : proportion ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Tag(ChangeStatus status) => status switch
    {
        ChangeStatus.Agreed => "nhsuk-tag--grey",
        ChangeStatus.InProgress => "nhsuk-tag--blue",
        ChangeStatus.Implemented => "nhsuk-tag--green",
        ChangeStatus.Sustained => "nhsuk-tag--aqua-green",
        _ => "nhsuk-tag--orange",
    };

    public static string Date(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}

/// <summary>A club's impact: its members and admins; anyone else is told it does not exist.</summary>
public sealed class ClubModel(ImpactReports impact) : PageModel
{
    public ImpactReport Report { get; private set; } = null!;
    public Guid ClubId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid clubId, CancellationToken ct) =>
        await LoadAsync(clubId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(Guid clubId, CancellationToken ct) =>
        await LoadAsync(clubId, ct) ? Csv(Report, "club-impact.csv") : NotFound();

    private async Task<bool> LoadAsync(Guid clubId, CancellationToken ct)
    {
        ClubId = clubId;
        try
        {
            Report = await impact.ClubAsync(clubId, await Actors.ForAsync(HttpContext), ct);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    internal static FileContentResult Csv(ImpactReport report, string name)
    {
        using var writer = new StringWriter();
        ImpactReports.WriteCsv(report, writer);
        return new FileContentResult(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8") { FileDownloadName = name };
    }
}

/// <summary>The network's impact: the changes each person may see (their clubs', and every implemented or sustained one).</summary>
public sealed class NetworkModel(ImpactReports impact) : PageModel
{
    public ImpactReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Report = await impact.NetworkAsync(await Actors.ForAsync(HttpContext), ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await OnGetAsync(ct);
        return ClubModel.Csv(Report, "network-impact.csv");
    }
}

/// <summary>A change's report, for whoever may see the change; printable on A4.</summary>
public sealed class ReportModel(ChangeReports reports) : PageModel
{
    public ChangeReport Report { get; private set; } = null!;
    /// <summary>Each measure's chart as inline SVG (title and description inside), drawn as the measure pages draw it.</summary>
    public Dictionary<Guid, string> Charts { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var actor = await Actors.ForAsync(HttpContext);
            Report = await reports.LoadAsync(id, actor, ct);
            var measures = ActivatorUtilities.CreateInstance<ChangeMeasures>(HttpContext.RequestServices);
            foreach (var (m, i) in Report.Measures.Select((m, i) => (m, i)))
                if (m.Chart.Points.Count > 0)
                    Charts[m.Id] = ChartDrawing.Svg(await measures.ChartAsync(m.Id, actor, ct), $"chart-{i + 1}");
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
