using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Cpd;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Cpd;

/// <summary>On a meeting's page, for someone recorded as attending it: their reflection for CPD, or a link to write one.</summary>
public sealed class MyReflectionViewComponent(ImpacteDbContext db) : ViewComponent
{
    public sealed record Model(Guid MeetingId, MeetingReflection? Reflection);

    public async Task<IViewComponentResult> InvokeAsync(Guid meetingId)
    {
        var userId = UserClaimsPrincipal.Id();
        if (!await db.Attendance.AnyAsync(a => a.MeetingId == meetingId && a.UserId == userId)) return Content("");
        var reflection = await db.Set<MeetingReflection>().AsNoTracking().SingleOrDefaultAsync(r => r.MeetingId == meetingId && r.UserId == userId);
        return View(new Model(meetingId, reflection));
    }
}
