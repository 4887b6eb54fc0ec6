using Impacte.Api.Auth;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Measures;
using Microsoft.AspNetCore.Mvc;

namespace Impacte.Api.Pages.Measures;

/// <summary>
/// A change's measures with their charts, for the change's page:
/// <c>@await Component.InvokeAsync("ChangeMeasures", new { changeId = … })</c>. Renders nothing for someone who may
/// not see the change (the page around it has already said 404).
/// </summary>
public sealed class ChangeMeasuresViewComponent(ChangeMeasures measures) : ViewComponent
{
    public sealed record Model(Guid ChangeId, bool CanEdit, IReadOnlyList<MeasureCard> Cards, DateOnly Today);

    public async Task<IViewComponentResult> InvokeAsync(Guid changeId)
    {
        var ct = HttpContext.RequestAborted;
        var actor = await Actors.ForAsync(HttpContext);
        IReadOnlyList<Measure> list;
        try { list = await measures.ListAsync(changeId, actor, ct); }
        catch (NotFoundException) { return Content(""); }

        var cards = new List<MeasureCard>();
        var annotations = list.Count == 0 ? [] : await measures.AnnotationsAsync(list[0].Change, ct);
        foreach (var measure in list)
        {
            var view = await measures.ChartAsync(measure, annotations, ct);
            cards.Add(new MeasureCard(measure, view, ChartDrawing.Svg(view, $"chart-{measure.Id:N}"), actor.CanEdit(measure.Change), Compact: true));
        }
        var change = list.FirstOrDefault()?.Change;
        var canEdit = change is not null ? actor.CanEdit(change) : await CanEditAsync(changeId, actor, ct);
        return View(new Model(changeId, canEdit, cards, change is null ? DateOnly.FromDateTime(DateTime.UtcNow) : measures.TodayFor(change)));
    }

    private async Task<bool> CanEditAsync(Guid changeId, Actor actor, CancellationToken ct) =>
        await measures.FindChangeAsync(changeId, actor, ct) is var change && actor.CanEdit(change);
}
