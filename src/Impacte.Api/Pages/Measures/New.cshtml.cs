using Impacte.Api.Auth;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Measures;

/// <summary>Adding a measure to a change (its owner, the club's leads, admins).</summary>
public sealed class NewModel(ChangeMeasures measures) : PageModel
{
    public sealed record MeasureForm
    {
        public string? Name { get; init; }
        public string? NumeratorDefinition { get; init; }
        public string? DenominatorDefinition { get; init; }
        public string? StandardPercent { get; init; }
        public string? DataSource { get; init; }
        public string? Period { get; init; } = "month";
        public string? Direction { get; init; } = "up";
        public string? BaselinePoints { get; init; } = Measure.DefaultBaselinePoints.ToString();
        public string? ChartPreference { get; init; } = "auto";
    }

    public static readonly IReadOnlyList<KeyValuePair<string, string>> Periods = [new("month", "Monthly"), new("week", "Weekly")];
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Directions = [new("up", "Higher is better"), new("down", "Lower is better")];
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Preferences =
        [new("auto", "Let the data choose (run chart until the baseline has 12 points)"), new("run", "Always a run chart")];

    [BindProperty]
    public MeasureForm Input { get; set; } = new();

    public string ChangeTitle { get; private set; } = "";
    public Guid ChangeId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid changeId, CancellationToken ct) => await LoadAsync(changeId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid changeId, CancellationToken ct)
    {
        if (await LoadAsync(changeId, ct) is { } refused) return refused;
        var errors = new Dictionary<string, string[]>();
        var standard = Number(Input.StandardPercent, "standardPercent", errors);
        var points = Number(Input.BaselinePoints, "baselinePoints", errors);
        try
        {
            if (errors.Count > 0) throw new DomainValidationException(errors);
            var actor = await Actors.ForAsync(HttpContext);
            var measure = await measures.CreateAsync(changeId, new MeasureInput(Input.Name, Input.NumeratorDefinition, Input.DenominatorDefinition,
                standard, Input.DataSource, Input.Direction, points is null ? null : (int)points, Input.Period, Input.ChartPreference), actor, ct);
            TempData["Message"] = "The measure is added. Enter its baseline: the first " + measure.BaselinePoints + " periods.";
            return Redirect($"/measures/{measure.Id}");
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors)
                foreach (var r in reasons)
                    ModelState.AddModelError($"Input.{char.ToUpperInvariant(field[0])}{field[1..]}", r);
        }
        catch (ConflictException e) { ModelState.AddModelError("", e.Message); }
        return Page();
    }

    private static decimal? Number(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && (field != "baselinePoints" || value == decimal.Truncate(value))) return value;
        errors[field] = [field == "baselinePoints" ? "Enter a whole number, like 6." : "Enter a number, like 90."];
        return null;
    }

    /// <summary>Null when the person may add a measure here; otherwise the answer (404 or 403).</summary>
    private async Task<IActionResult?> LoadAsync(Guid changeId, CancellationToken ct)
    {
        var actor = await Actors.ForAsync(HttpContext);
        try
        {
            var change = await measures.FindChangeAsync(changeId, actor, ct);
            ChangeId = change.Id;
            ChangeTitle = change.Title;
            return actor.CanEdit(change) ? null : StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException) { return NotFound(); }
    }
}
