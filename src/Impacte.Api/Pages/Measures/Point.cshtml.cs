using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Measures;

/// <summary>
/// One period's numbers: the form the Worker's chaser links to. Signing in is required (the link only brings the
/// owner here); the owner and the club's leads enter or correct, everyone who may see the change reads the history.
/// </summary>
public sealed class PointModel(ChangeMeasures measures, ImpacteDbContext db) : PageModel
{
    public sealed record Revision(MeasurementRevision Saved, string? By);

    public Measure Measure { get; private set; } = null!;
    public PracticeChange Change => Measure.Change;
    public string Period { get; private set; } = "";
    public Measurement? Existing { get; private set; }
    public IReadOnlyList<Revision> History { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public bool Frozen { get; private set; }

    [BindProperty] public string? Numerator { get; set; }
    [BindProperty] public string? Denominator { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid measureId, string period, CancellationToken ct)
    {
        if (!await LoadAsync(measureId, period, ct)) return NotFound();
        Numerator = Existing is null ? null : MeasureDisplay.Number(Existing.Numerator);
        Denominator = Existing?.Denominator is { } d ? MeasureDisplay.Number(d) : null;
        Note = Existing?.Note;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid measureId, string period, CancellationToken ct)
    {
        if (!await LoadAsync(measureId, period, ct)) return NotFound();
        var errors = new Dictionary<string, string[]>();
        var numerator = ParseNumber(Numerator, "numerator", errors);
        var denominator = Measure.IsProportion ? ParseNumber(Denominator, "denominator", errors) : null;
        try
        {
            if (errors.Count > 0) throw new DomainValidationException(errors);
            var actor = await Actors.ForAsync(HttpContext);
            var saved = await measures.SavePointAsync(measureId, Period, new PointInput(numerator, denominator, Note), actor, ct);
            TempData["Message"] = $"{(saved.Created ? "Entered" : "Saved")} {Period}: " +
                (Measure.IsProportion
                    ? $"{MeasureDisplay.Number(saved.Measurement.Numerator)} of {MeasureDisplay.Number(saved.Measurement.Denominator ?? 0)}"
                    : MeasureDisplay.Number(saved.Measurement.Numerator)) + ".";
            return Redirect($"/measures/{measureId}");
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors)
                foreach (var r in reasons)
                    ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], r);
        }
        catch (ForbiddenException e) { return StatusCode(StatusCodes.Status403Forbidden, e.Message); }
        catch (ConflictException e) { ModelState.AddModelError("", e.Message); }
        return Page();
    }

    /// <summary>Numbers as typed: blank is missing (the service says so), anything else must read as a number.</summary>
    private static decimal? ParseNumber(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = ["Enter a number, like 42."];
        return null;
    }

    private async Task<bool> LoadAsync(Guid measureId, string period, CancellationToken ct)
    {
        var actor = await Actors.ForAsync(HttpContext);
        try
        {
            var (measure, parsed, existing) = await measures.PointAsync(measureId, period, actor, ct);
            Measure = measure;
            Period = parsed.Label;
            Existing = existing;
            CanEdit = actor.CanEdit(measure.Change) && measure.Change.Status != ChangeStatus.Abandoned;
            Frozen = measure.Baselines.Any(b => b.FrozenThroughOrdinal is { } end && parsed.Ordinal <= end && parsed.Ordinal >= (b.FromOrdinal ?? int.MinValue));
            var revisions = existing?.Revisions ?? [];
            var ids = revisions.Where(r => r.ById is not null).Select(r => r.ById!.Value).Distinct().ToList();
            var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            History = revisions.Select(r => new Revision(r, r.ById is { } by && names.TryGetValue(by, out var name) ? name : null)).ToList();
            return true;
        }
        catch (Exception e) when (e is NotFoundException or DomainValidationException)
        {
            return false; // a stranger, or a period that is not one: nothing here
        }
    }
}
