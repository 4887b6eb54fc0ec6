using Impacte.Api.Auth;
using Impacte.Api.Cpd;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Cpd;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Me;

/// <summary>The CPD log pages (on screen and for print): the signed-in person's own log over the chosen period.</summary>
public abstract class CpdPage(CpdEvidence cpd) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public CpdLog Log { get; private set; } = null!;

    /// <summary>Loads the log; dates that are not dates are reported and the last 12 months shown instead.</summary>
    protected async Task LoadAsync(CancellationToken ct)
    {
        CpdPeriod period;
        try
        {
            period = cpd.Period(From, To);
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors)
                foreach (var reason in reasons)
                    ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], reason);
            period = cpd.Period(null, null);
        }
        Log = await cpd.LogAsync(await Actors.ForAsync(HttpContext), period, ct);
        From = period.From.ToString("yyyy-MM-dd");
        To = period.To.ToString("yyyy-MM-dd");
    }

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy");

    public static string Hours(decimal hours) => hours.ToString("0.##") + (hours == 1 ? " hour" : " hours");

    /// <summary>"1 meeting", "2 meetings".</summary>
    public static string Count(int n, string thing) => $"{n} {thing}{(n == 1 ? "" : "s")}";

    public static string When(LearningEvent e)
    {
        var zone = Club.ZoneOf(e.TimeZone);
        return $"{TimeZoneInfo.ConvertTime(e.StartsAt, zone):d MMMM yyyy, HH:mm}–{TimeZoneInfo.ConvertTime(e.EndsAt, zone):HH:mm}";
    }
}
