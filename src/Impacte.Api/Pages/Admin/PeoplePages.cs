using System.Globalization;
using Impacte.Domain.Clubs;

namespace Impacte.Api.Pages.Admin;

/// <summary>Admin pages show times in the network's time zone (the clubs' default, Europe/London), never UTC.</summary>
public static class NetworkTime
{
    public static readonly TimeZoneInfo Zone = Club.ZoneOf(Club.DefaultTimeZone);

    public static string Local(DateTimeOffset instant, string format = "d MMM yyyy, HH:mm") =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString(format, CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>"GMT" or "BST" as the date falls, so nobody wonders which clock it is.</summary>
    public static string Label(DateTimeOffset instant) => Zone.IsDaylightSavingTime(instant) ? "BST" : "GMT";
}
