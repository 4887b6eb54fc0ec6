using Impacte.Api.Auth;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Measures;

/// <summary>
/// One measure: its chart (inline SVG), the chart in words, the data table, the signals, the baselines and the audit
/// cycle; the owner and lead enter numbers and re-baseline here, the lead dates the audits.
/// </summary>
public sealed class DetailsModel(ChangeMeasures measures) : PageModel
{
    public MeasureCard Card { get; private set; } = null!;
    public Measure Measure => Card.Measure;
    public PracticeChange Change => Card.Measure.Change;
    public bool CanEdit { get; private set; }
    public bool CanSchedule { get; private set; }
    public DateOnly Today { get; private set; }
    /// <summary>The period the "enter" form suggests: the last one that has ended.</summary>
    public string SuggestedPeriod { get; private set; } = "";

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid measureId, CancellationToken ct) =>
        await LoadAsync(measureId, ct) ? Page() : NotFound();

    /// <summary>"Enter a measurement": on to the form for that period.</summary>
    public async Task<IActionResult> OnPostEnterAsync(Guid measureId, string? period, CancellationToken ct)
    {
        if (!await LoadAsync(measureId, ct)) return NotFound();
        if (!MeasurePeriod.TryParse(Measure.Period, period?.Trim(), out var parsed))
        {
            ModelState.AddModelError("period", $"Give the {Measure.Period.ToString().ToLowerInvariant()} like {MeasurePeriod.Example(Measure.Period)}.");
            return Page();
        }
        return Redirect($"/measures/{measureId}/points/{parsed.Label}");
    }

    public Task<IActionResult> OnPostRebaselineAsync(Guid measureId, string? fromPeriod, int? points, string? reason, CancellationToken ct) =>
        ActAsync(measureId, (actor) => measures.RebaselineAsync(measureId, fromPeriod, points, reason, actor, ct),
            $"Re-baselined from {fromPeriod}.", field => field, ct);

    public Task<IActionResult> OnPostScheduleAsync(Guid measureId, Guid auditId, DateOnly? dueOn, CancellationToken ct) =>
        ActAsync(measureId, (actor) => measures.ScheduleAuditAsync(auditId, dueOn, null, actor, ct),
            $"The audit is due on {MeasureDisplay.Date(dueOn)}.", field => $"{field}-{auditId:N}", ct);

    public Task<IActionResult> OnPostAddAuditAsync(Guid measureId, DateOnly? dueOn, CancellationToken ct) =>
        ActAsync(measureId, (actor) => measures.AddAuditAsync(measureId, dueOn, null, actor, ct),
            $"A re-audit is due on {MeasureDisplay.Date(dueOn)}.", field => $"new-{field}", ct);

    public Task<IActionResult> OnPostRecordAsync(Guid measureId, Guid auditId, string? note, CancellationToken ct) =>
        ActAsync(measureId, (actor) => measures.RecordAuditAsync(auditId, note, actor, ct),
            "The audit's result is recorded.", field => $"{field}-{auditId:N}", ct);

    private async Task<IActionResult> ActAsync(Guid measureId, Func<Actor, Task> act, string done, Func<string, string> fieldId, CancellationToken ct)
    {
        var actor = await Actors.ForAsync(HttpContext);
        try
        {
            await act(actor);
            Message = done;
            return Redirect($"/measures/{measureId}");
        }
        catch (NotFoundException) { return NotFound(); }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors)
                foreach (var r in reasons)
                    ModelState.AddModelError(fieldId(field), r);
        }
        catch (ForbiddenException e)
        {
            // Reached only by a hand-made request: the page offers the form to those allowed.
            return StatusCode(StatusCodes.Status403Forbidden, e.Message);
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        return await LoadAsync(measureId, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid measureId, CancellationToken ct)
    {
        var actor = await Actors.ForAsync(HttpContext);
        Measure measure;
        try { measure = await measures.FindAsync(measureId, actor, ct); }
        catch (NotFoundException) { return false; }
        var view = await measures.ChartAsync(measure, ct: ct);
        CanEdit = actor.CanEdit(measure.Change);
        CanSchedule = ChangeMeasures.CanSchedule(actor, measure.Change);
        Card = new MeasureCard(measure, view, ChartDrawing.Svg(view, $"chart-{measure.Id:N}"), CanEdit, Compact: false);
        Today = measures.TodayFor(measure.Change);
        SuggestedPeriod = MeasurePeriod.Containing(measure.Period, Today).Previous.Label;
        return true;
    }
}
