using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Home;
using Impacte.Domain.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages;

/// <summary>
/// Home: my things first (next meetings with my RSVP, my questions, my tasks by role, all from <see cref="HomeTasks"/>,
/// as GET /api/me/home), then the clubs a person belongs to (admins and librarians see every club).
/// </summary>
public sealed class IndexModel(ImpacteDbContext db, Actors actors, HomeTasks home, ResourceAccess access, ClubMeetings meetings) : PageModel
{
    public sealed record ClubRow(Guid Id, string Name, string OdsCode, int Members, string? MyRole);

    public IReadOnlyList<ClubRow> Clubs { get; private set; } = [];
    public bool SeesEveryClub { get; private set; }
    public HomeView Home { get; private set; } = new([], [], []);
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await actors.ForAsync(User, ct);
        Home = await home.ForAsync(actor, ct);
        var userId = actor.UserId;
        SeesEveryClub = actor.WorksAcrossClubs;
        Clubs = await db.Clubs
            .Where(c => SeesEveryClub || c.Members.Any(m => m.UserId == userId))
            .OrderBy(c => c.Name)
            .Select(c => new ClubRow(c.Id, c.Name, c.OdsCode, c.Members.Count,
                c.Members.Where(m => m.UserId == userId).Select(m => m.Role == ClubRole.Lead ? "Lead" : "Member").FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>One click changes my answer for a meeting, and brings me back here.</summary>
    public async Task<IActionResult> OnPostRsvpAsync(Guid meetingId, string? response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(User, ct);
        try
        {
            await access.EnsureMeetingAsync(actor, meetingId, ClubPermission.ViewMembers, ct);
            var answer = MeetingRules.ValidResponse(response);
            await meetings.SetRsvpAsync(actor, await meetings.FindAsync(meetingId, ct), answer, ct);
            Message = $"Thank you: your answer is {answer.ToString().ToLowerInvariant()}.";
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (DomainException e)
        {
            Message = e is DomainValidationException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : e.Message;
        }
        return RedirectToPage();
    }

    /// <summary>A meeting's time as its club reads it: "Wed 10 Dec 2026, 12:30".</summary>
    public static string Local(DateTimeOffset instant, string zone, string format = "ddd d MMM yyyy, HH:mm") =>
        TimeZoneInfo.ConvertTime(instant, MeetingTime.FindZone(zone)).ToString(format, System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    public static string RoleHeading(HomeRole role) => role switch
    {
        HomeRole.Lead => "As a club lead",
        HomeRole.Librarian => "As a librarian",
        _ => "As a network admin",
    };
}
