using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Api.Meetings;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Meetings;

/// <summary>A club's meetings: upcoming ones, and for its leads the cadence form and a one-off meeting.</summary>
public sealed class ClubMeetingsModel(ImpacteDbContext db, ClubAccess access, Actors actors, ClubMeetings meetings, TimeProvider clock) : PageModel
{
    /// <summary>The cadence as a person chooses it; the page turns it into the RRULE the API takes.</summary>
    public sealed record CadenceInput
    {
        public string? Frequency { get; init; } = "monthly";
        public string? Day { get; init; } = "WE";
        public string? Week { get; init; } = "2";
        public string? StartTime { get; init; } = "12:30";
        public int? DurationMinutes { get; init; } = 60;
        public int? LeadTimeDays { get; init; } = ClubCadence.DefaultLeadTimeDays;
    }

    public sealed record MeetingInput
    {
        public string? Date { get; init; }
        public string? StartTime { get; init; } = "12:30";
        public int? DurationMinutes { get; init; } = 60;
        public string? Location { get; init; }
        public string? OnlineUrl { get; init; }
    }

    [BindProperty] public CadenceInput Cadence { get; set; } = new();
    [BindProperty] public MeetingInput OneOff { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public string ClubName { get; private set; } = "";
    public string TimeZone { get; private set; } = "";
    public bool CanManage { get; private set; }
    public CadenceResponse? Current { get; private set; }
    public IReadOnlyList<MeetingStateRow> Upcoming { get; private set; } = [];
    /// <summary>The club's archive: held meetings and their minutes, newest first.</summary>
    public IReadOnlyList<MeetingStateRow> Past { get; private set; } = [];
    public int PastTotal { get; private set; }
    [BindProperty(SupportsGet = true, Name = "archive")] public int ArchivePage { get; set; } = 1;
    public const int ArchivePageSize = 10;

    public static IReadOnlyList<string> Frequencies { get; } = ["weekly", "fortnightly", "monthly"];
    public static IReadOnlyList<string> Days { get; } = ["MO", "TU", "WE", "TH", "FR"];
    public static IReadOnlyList<string> Weeks { get; } = ["1", "2", "3", "4", "-1"];

    public async Task<IActionResult> OnGetAsync(Guid clubId, CancellationToken ct)
    {
        if (!await LoadAsync(clubId, ct)) return NotFound();
        if (Current is not null)
        {
            var rule = Domain.Meetings.Cadence.Parse(Current.Rrule);
            Cadence = new CadenceInput
            {
                Frequency = rule.Frequency == CadenceFrequency.Monthly ? "monthly" : rule.Interval == 2 ? "fortnightly" : "weekly",
                Day = rule.Days.Count > 0 ? rule.Days[0].Day.ToString()[..2].ToUpperInvariant() : "WE",
                Week = rule.Days.Count > 0 && rule.Days[0].Ordinal != 0 ? rule.Days[0].Ordinal.ToString() : "2",
                StartTime = Current.StartTime, DurationMinutes = Current.DurationMinutes, LeadTimeDays = Current.LeadTimeDays,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCadenceAsync(Guid clubId, CancellationToken ct)
    {
        if (!await LoadAsync(clubId, ct)) return NotFound();
        if (!CanManage) return Forbid();
        var rrule = Cadence.Frequency switch
        {
            "weekly" => $"FREQ=WEEKLY;BYDAY={Cadence.Day}",
            "fortnightly" => $"FREQ=WEEKLY;INTERVAL=2;BYDAY={Cadence.Day}",
            _ => $"FREQ=MONTHLY;BYDAY={Cadence.Week}{Cadence.Day}",
        };
        return await TryAsync(async () =>
        {
            var saved = MeetingResponses.ToResponse(await meetings.SetCadenceAsync(await actors.ForAsync(User, ct), clubId,
                rrule, Cadence.StartTime, Cadence.DurationMinutes, Cadence.LeadTimeDays, null, ct));
            Message = $"Cadence saved: {saved.Description}, {saved.StartTime} for {saved.DurationMinutes} minutes.";
            return RedirectToPage(new { clubId });
        }, "Cadence");
    }

    public async Task<IActionResult> OnPostOneOffAsync(Guid clubId, CancellationToken ct)
    {
        if (!await LoadAsync(clubId, ct)) return NotFound();
        if (!CanManage) return Forbid();
        if (!DateOnly.TryParse(OneOff.Date, out var date) || !TimeOnly.TryParse(OneOff.StartTime, out var time))
        {
            ModelState.AddModelError("OneOff.Date", "Enter the date as YYYY-MM-DD and the time as HH:mm.");
            return Page();
        }
        var startsAt = MeetingTime.ToUtc(date, time, MeetingTime.FindZone(TimeZone));
        return await TryAsync(async () =>
        {
            var meeting = await meetings.CreateAsync(await actors.ForAsync(User, ct), clubId, startsAt, OneOff.DurationMinutes, OneOff.Location, OneOff.OnlineUrl, ct);
            return RedirectToPage("/Meetings/Meeting", new { meetingId = meeting.Id });
        }, "OneOff");
    }

    private async Task<IActionResult> TryAsync(Func<Task<IActionResult>> action, string prefix)
    {
        try
        {
            return await action();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, prefix);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid clubId, CancellationToken ct)
    {
        if (!await access.AllowsAsync(clubId, User, ClubPermission.View, ct)) return false;
        var club = await db.Clubs.Where(c => c.Id == clubId).Select(c => new { c.Name, c.TimeZone }).SingleAsync(ct);
        CanManage = await access.AllowsAsync(clubId, User, ClubPermission.Manage, ct);
        Current = await meetings.GetCadenceAsync(clubId, ct);
        (ClubName, TimeZone) = (club.Name, Current?.TimeZone ?? club.TimeZone);
        var now = clock.GetUtcNow();
        Upcoming = await MeetingOverview.UpcomingAsync(db, clubId, now, 12, ct);
        ArchivePage = Math.Max(1, ArchivePage);
        (Past, PastTotal) = await MeetingOverview.PastAsync(db, clubId, now, (ArchivePage - 1) * ArchivePageSize, ArchivePageSize, ct);
        return true;
    }

    public string Local(DateTimeOffset instant, string format) =>
        TimeZoneInfo.ConvertTime(instant, MeetingTime.FindZone(TimeZone)).ToString(format, System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>The minutes as safe HTML (Markdig with raw HTML off).</summary>
    public static string MinutesHtml(string markdown) => Impacte.Domain.Markdown.SafeMarkdown.ToHtml(markdown);

    public static string DayName(string code) => code switch
    {
        "MO" => "Monday", "TU" => "Tuesday", "WE" => "Wednesday", "TH" => "Thursday", _ => "Friday",
    };

    public static string WeekName(string code) => code switch { "1" => "first", "2" => "second", "3" => "third", "4" => "fourth", _ => "last" };
}
