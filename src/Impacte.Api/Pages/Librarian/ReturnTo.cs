using Microsoft.AspNetCore.Mvc;

namespace Impacte.Api.Pages.Librarian;

/// <summary>Where a librarian's page sends them after saving: back where they came from, if that is on this site.</summary>
public static class ReturnTo
{
    /// <summary>The returnUrl when it is local (a path on this site, never another host), or the fallback.</summary>
    public static string Local(IUrlHelper url, string? returnUrl, string fallback) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : fallback;
}

/// <summary>The desk's page numbers as route values, so a form posted from the desk returns to the same pages.</summary>
public static class DeskRoutes
{
    public static Dictionary<string, string> Of(IndexModel desk, Guid questionId)
    {
        // asp-all-route-data replaces asp-route-*: the question goes in here too.
        var values = new Dictionary<string, string> { ["questionId"] = questionId.ToString() };
        if (desk.CheckPage > 1) values["check"] = desk.CheckPage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (desk.WorkPage > 1) values["work"] = desk.WorkPage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (desk.QueuePage > 1) values["queue"] = desk.QueuePage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return values;
    }
}
