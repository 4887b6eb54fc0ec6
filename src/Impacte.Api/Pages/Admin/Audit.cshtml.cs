using System.Text;
using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Audit;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Admin;

/// <summary>The audit trail for admins (anyone else hears 404): by person and date range, newest first, paged, and as CSV.</summary>
public sealed class AuditModel(Actors actors, AuditLog log, ImpacteDbContext db) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The person's email address, or their id (from a person's page).</summary>
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    /// <summary>The "page" query value, read by hand: Razor Pages' own "page" route value (the page's name) shadows it in binding.</summary>
    public int PageNumber { get; private set; } = 1;
    public IReadOnlyList<AuditRow> Events { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = int.TryParse(Request.Query["page"], out var asked) && asked > 0 ? asked : 1;
        var actor = await actors.ForAsync(User, ct);
        if (!actor.IsAdmin) return NotFound();
        try
        {
            if (await FilterAsync(ct) is { } filter)
                (Events, Total) = await log.ListAsync(actor, filter, PageRequest.Clamped(PageNumber, PageSize), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var actor = await actors.ForAsync(User, ct);
        if (!actor.IsAdmin) return NotFound();
        try
        {
            // An unknown person matches no one: an empty file rather than everyone's acts.
            var filter = await FilterAsync(ct) ?? new AuditFilter(Guid.Empty, From, To);
            await using var writer = new StringWriter();
            await log.WriteCsvAsync(actor, filter, writer, ct);
            return File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", "audit-trail.csv");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e);
            return Page();
        }
    }

    /// <summary>The filter asked for; null when the person named has no account (the page says so).</summary>
    private async Task<AuditFilter?> FilterAsync(CancellationToken ct)
    {
        Guid? personId = null;
        var person = Person?.Trim();
        if (!string.IsNullOrEmpty(person))
        {
            if (Guid.TryParse(person, out var id))
            {
                // From a person's page: the field shows their email address, as its label says, not the id.
                personId = id;
                Person = await db.Users.Where(u => u.Id == id).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? person;
                ModelState.Remove(nameof(Person)); // else the field shows the value posted (the id) over the email
            }
            else
                personId = await db.Users.Where(u => u.NormalizedEmail == person.ToUpperInvariant()).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            if (personId is null)
            {
                ModelState.AddModelError(nameof(Person), "No one has an account with this email address.");
                return null;
            }
        }
        return new AuditFilter(personId, From, To);
    }

    public string Query(int? page = null, string? handler = null)
    {
        var parts = new List<string>();
        if (handler is not null) parts.Add($"handler={handler}");
        if (!string.IsNullOrWhiteSpace(Person)) parts.Add($"person={Uri.EscapeDataString(Person)}");
        if (From is { } f) parts.Add($"from={f:yyyy-MM-dd}");
        if (To is { } t) parts.Add($"to={t:yyyy-MM-dd}");
        if (page is > 1) parts.Add($"page={page}");
        return "/admin/audit" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}
