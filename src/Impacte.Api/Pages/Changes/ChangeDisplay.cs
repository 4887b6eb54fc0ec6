using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Impacte.Api.Pages.Changes;

/// <summary>How the change pages show statuses and report the Domain's field errors.</summary>
public static class ChangeDisplay
{
    /// <summary>Abandoned is grey, not red: stopping a stalled change is normal, and shown without blame.</summary>
    public static string TagClass(ChangeStatus status) => status switch
    {
        ChangeStatus.Agreed => "nhsuk-tag nhsuk-tag--white",
        ChangeStatus.InProgress => "nhsuk-tag nhsuk-tag--blue",
        ChangeStatus.Implemented => "nhsuk-tag nhsuk-tag--green",
        ChangeStatus.Sustained => "nhsuk-tag nhsuk-tag--aqua-green",
        _ => "nhsuk-tag nhsuk-tag--grey",
    };

    public static string Capitalised(ChangeStatus status)
    {
        var label = status.Label();
        return char.ToUpperInvariant(label[0]) + label[1..];
    }

    /// <summary>The button that moves a change to <paramref name="to"/>.</summary>
    public static string MoveLabel(ChangeStatus to) => to switch
    {
        ChangeStatus.InProgress => "Start the change",
        ChangeStatus.Implemented => "Mark as implemented",
        ChangeStatus.Sustained => "Mark as sustained",
        _ => "Stop the change",
    };

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>A moment in the club's own time zone (history lines), short enough for a phone's table.</summary>
    public static string Date(DateTimeOffset instant, string timeZone)
    {
        var zone = Club.ZoneOf(timeZone);
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
    }

    /// <summary>"yyyy-MM-dd" for a date input, or the text typed; a date that does not parse is a field error.</summary>
    public static DateOnly? ParseDate(string? text, string key, ModelStateDictionary state)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", out var date)) return date;
        state.AddModelError(key, "Enter a real date, for example 2026-12-31.");
        return null;
    }

    /// <summary>The Domain's errors (JSON names, like "dueOn") on the page's fields ("{prefix}.DueOn").</summary>
    public static void AddErrors(ModelStateDictionary state, IDictionary<string, string[]> errors, string prefix)
    {
        foreach (var (field, reasons) in errors)
            foreach (var reason in reasons)
                state.AddModelError($"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}", reason);
    }
}
