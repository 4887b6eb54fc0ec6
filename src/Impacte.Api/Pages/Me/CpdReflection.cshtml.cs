using Impacte.Api.Auth;
using Impacte.Api.Cpd;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Cpd;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Me;

/// <summary>An attendee's reflection on a meeting: what they learned, what they will change. Theirs alone.</summary>
public sealed class CpdReflectionModel(CpdEvidence cpd, ImpacteDbContext db) : PageModel
{
    [BindProperty] public string? WhatILearned { get; set; }
    [BindProperty] public string? WhatIWillChange { get; set; }

    public string ClubName { get; private set; } = "";
    public string When { get; private set; } = "";
    public IReadOnlyList<string> Topics { get; private set; } = [];
    public bool Exists { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid meetingId, CancellationToken ct)
    {
        if (await LoadAsync(meetingId, ct) is { } refused) return refused;
        var mine = await cpd.FindReflectionAsync(meetingId, await Actors.ForAsync(HttpContext), ct);
        Exists = mine is not null;
        (WhatILearned, WhatIWillChange) = (mine?.WhatILearned, mine?.WhatIWillChange);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid meetingId, CancellationToken ct)
    {
        if (await LoadAsync(meetingId, ct) is { } refused) return refused;
        try
        {
            await cpd.SaveReflectionAsync(meetingId, new ReflectionInput(WhatILearned, WhatIWillChange), await Actors.ForAsync(HttpContext), ct);
            TempData["Message"] = "Your reflection is saved in your CPD log.";
            return RedirectToPage("/Me/Cpd");
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors)
                foreach (var reason in reasons)
                    ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], reason);
        }
        return Page();
    }

    /// <summary>The meeting, if the person attended it; otherwise 403 (they may see it) or 404.</summary>
    private async Task<IActionResult?> LoadAsync(Guid meetingId, CancellationToken ct)
    {
        Domain.Meetings.Meeting meeting;
        try
        {
            meeting = await cpd.AttendedMeetingAsync(meetingId, await Actors.ForAsync(HttpContext), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        var club = await db.Clubs.Where(c => c.Id == meeting.ClubId).Select(c => new { c.Name, c.TimeZone }).SingleAsync(ct);
        var zone = Club.ZoneOf(club.TimeZone);
        ClubName = club.Name;
        When = $"{TimeZoneInfo.ConvertTime(meeting.StartsAt, zone):dddd d MMMM yyyy, HH:mm}–{TimeZoneInfo.ConvertTime(meeting.EndsAt, zone):HH:mm}";
        Topics = await (from i in db.AgendaItems
                        join q in db.Questions on i.QuestionId equals q.Id
                        where i.MeetingId == meetingId
                        orderby i.Position
                        select q.Title).ToListAsync(ct);
        return null;
    }
}
