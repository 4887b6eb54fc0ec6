using Impacte.Api.Meetings;
using Impacte.Domain;
using Impacte.Domain.Meetings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Meetings;

/// <summary>
/// The RSVP link from a reading pack: signed for one member, meeting and answer, so it works without signing in.
/// Opening it only shows a button (mail scanners follow links); the answer is recorded by pressing it.
/// </summary>
[AllowAnonymous]
public sealed class RsvpModel(ImpacteDbContext db, ClubMeetings meetings) : PageModel
{
    public string? Answer { get; private set; }
    public string ClubName { get; private set; } = "";
    public bool Recorded { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid meetingId, Guid user, string response, string sig, CancellationToken ct) =>
        await CheckAsync(meetingId, user, response, sig, ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(Guid meetingId, Guid user, string response, string sig, CancellationToken ct)
    {
        if (await CheckAsync(meetingId, user, response, sig, ct) is not { } meeting) return NotFound();
        if (meeting.Status == MeetingStatus.Cancelled) return Page();
        // The signed link stands for the member it was made for.
        var actor = await Actor.LoadAsync(db, user, isAdmin: false, isLibrarian: false, ct);
        await meetings.SetRsvpAsync(actor, meeting, Enum.Parse<RsvpResponse>(response, ignoreCase: true), ct);
        Recorded = true;
        return Page();
    }

    private async Task<Meeting?> CheckAsync(Guid meetingId, Guid user, string? response, string? sig, CancellationToken ct)
    {
        if (!Enum.TryParse<RsvpResponse>(response, ignoreCase: true, out var answer) || !Enum.IsDefined(answer)) return null;
        var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null || !meeting.IsValidRsvpSignature(user, answer, sig)) return null;
        if (!await db.Memberships.AnyAsync(m => m.ClubId == meeting.ClubId && m.UserId == user, ct)) return null;
        Answer = answer.ToString().ToLowerInvariant();
        ClubName = await db.Clubs.Where(c => c.Id == meeting.ClubId).Select(c => c.Name).SingleAsync(ct);
        return meeting;
    }
}
