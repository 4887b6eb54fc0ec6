using Impacte.Api.Auth;
using Impacte.Domain.Changes;
using Impacte.Domain.Network;
using Microsoft.AspNetCore.Mvc;

namespace Impacte.Api.Network;

/// <summary>
/// On the form that opens a change: changes other clubs have on the same question or appraisal, or in similar words,
/// so the lead can join or learn from them before starting the same work.
/// </summary>
public sealed class SimilarChangesViewComponent(SimilarChanges similar) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid clubId, Guid? questionId, Guid? appraisalId, string? text)
    {
        var actor = await Actors.ForAsync(HttpContext);
        var found = await similar.ForAsync(clubId, questionId, appraisalId, text, actor, HttpContext.RequestAborted);
        return found.Count == 0 ? Content("") : View(found);
    }

    public static string Why(SimilarReason reason) => reason switch
    {
        SimilarReason.SameAppraisal => "same appraisal",
        SimilarReason.SameQuestion => "same question",
        _ => "similar words",
    };
}
