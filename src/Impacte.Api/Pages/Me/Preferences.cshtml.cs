using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain.Common;
using Impacte.Domain.Preferences;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Me;

/// <summary>
/// My email preferences: the digest's rhythm, day, time zone and clinical areas, and how reading packs, reminders
/// and chasers reach me. A list left by one-click unsubscribe shows here as off, and is turned back on here. The
/// hidden version plays If-Match, so two tabs never silently overwrite each other.
/// </summary>
public sealed class PreferencesModel(MemberPreferencesService preferences, Domain.PersonalData.PersonalDataExport export, Auth.Actors actors) : PageModel
{
    public sealed record PreferencesForm
    {
        public string? Frequency { get; init; }
        public string? DayOfWeek { get; init; }
        public List<string> Areas { get; init; } = [];
        public string? TimeZone { get; init; }
        public string? ReadingPacks { get; init; }
        public string? Reminders { get; init; }
        public string? Chasers { get; init; }
        public string? Updates { get; init; }
        public uint Version { get; init; }
    }

    [BindProperty]
    public PreferencesForm Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public bool ChasersMayBeOff { get; private set; } = true;

    public static IReadOnlyList<KeyValuePair<string, string>> Frequencies { get; } =
    [
        KeyValuePair.Create("weekly", "Weekly"), KeyValuePair.Create("fortnightly", "Every two weeks"),
        KeyValuePair.Create("monthly", "Monthly"), KeyValuePair.Create("off", "Off: no digest"),
    ];

    public static IReadOnlyList<KeyValuePair<string, string>> Days { get; } =
        PreferenceNames.Days.Select(d => KeyValuePair.Create(PreferenceNames.Name(d), d.ToString())).ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> Deliveries { get; } =
    [
        KeyValuePair.Create("immediately", "As they happen"), KeyValuePair.Create("in-digest", "In my digest"),
        KeyValuePair.Create("off", "Off"),
    ];

    /// <summary>Every IANA zone this server knows, for the digest's 07:00.</summary>
    public static IReadOnlyList<string> TimeZones { get; } =
        TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> Areas { get; } =
        ClinicalAreas.All.Select(a => KeyValuePair.Create(a.Slug(), a.Label())).ToList();

    /// <summary>Subject access from the account page: the same zip as GET /api/me/export.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var (zip, name) = await export.ForSelfAsync(await actors.ForAsync(User, ct), ct);
        return File(zip, "application/zip", name);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var mine = await preferences.GetAsync(User.Id(), ct);
        Input = new PreferencesForm
        {
            Frequency = PreferenceNames.Name(mine.DigestFrequency), DayOfWeek = PreferenceNames.Name(mine.DigestDay),
            Areas = mine.Areas.Select(a => a.Slug()).ToList(), TimeZone = mine.TimeZone,
            ReadingPacks = PreferenceNames.Name(mine.ReadingPacks), Reminders = PreferenceNames.Name(mine.Reminders),
            Chasers = PreferenceNames.Name(mine.Chasers), Updates = PreferenceNames.Name(mine.Updates), Version = mine.Version,
        };
        ChasersMayBeOff = !await preferences.HasOverdueAuditAsync(User.Id(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new PreferencesInput(Input.Frequency, Input.DayOfWeek, Input.Areas, Input.TimeZone, Input.ReadingPacks, Input.Reminders, Input.Chasers, Input.Updates);
        try
        {
            await preferences.UpdateAsync(User.Id(), input, () => Input.Version, ct);
            Message = "Your email preferences are saved.";
            return RedirectToPage();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: FieldOf);
        }
        catch (StaleVersionException)
        {
            ModelState.AddModelError("", "Your preferences were changed elsewhere (another tab, or an unsubscribe link) since this page was opened. Check them below and save again.");
            var current = await preferences.GetAsync(User.Id(), ct);
            Input = Input with { Version = current.Version };
        }
        ChasersMayBeOff = !await preferences.HasOverdueAuditAsync(User.Id(), ct);
        return Page();
    }

    /// <summary>The API's field names ("digest.frequency") as this form's ("Input.Frequency").</summary>
    private static string FieldOf(string field) => "Input." + field switch
    {
        "digest.frequency" => nameof(PreferencesForm.Frequency),
        "digest.dayOfWeek" => nameof(PreferencesForm.DayOfWeek),
        "digest.areas" => nameof(PreferencesForm.Areas),
        "timeZone" => nameof(PreferencesForm.TimeZone),
        "emails.readingPacks" => nameof(PreferencesForm.ReadingPacks),
        "emails.reminders" => nameof(PreferencesForm.Reminders),
        "emails.chasers" => nameof(PreferencesForm.Chasers),
        "emails.updates" => nameof(PreferencesForm.Updates),
        _ => field,
    };
}
