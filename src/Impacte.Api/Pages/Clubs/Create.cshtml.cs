using System.ComponentModel.DataAnnotations;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Clubs;

[Authorize(Roles = NetworkRoles.Admin)]
public sealed class CreateModel(ImpacteDbContext db, TimeProvider clock) : PageModel
{
    public sealed record InputModel
    {
        [Required(ErrorMessage = "Enter the club's name")]
        public string? Name { get; init; }

        [Required(ErrorMessage = "Enter the practice's ODS code")]
        public string? OdsCode { get; init; }

        public string? TimeZone { get; init; } = Club.DefaultTimeZone;
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var errors = new Dictionary<string, string[]>();
        var club = new Club
        {
            Name = ClubRules.ValidName(Input.Name, errors, "Input.Name"),
            OdsCode = ClubRules.ValidOdsCode(Input.OdsCode, errors, "Input.OdsCode"),
            TimeZone = ClubRules.ValidTimeZone(Input.TimeZone, errors, "Input.TimeZone"),
            CreatedAt = clock.UtcNowForDb(),
        };
        if (errors.Count == 0 && await db.Clubs.AnyAsync(c => c.OdsCode == club.OdsCode, ct))
            errors["Input.OdsCode"] = [$"Another club already has the ODS code {club.OdsCode}"];
        foreach (var (field, reasons) in errors) ModelState.AddModelError(field, reasons[0]);
        if (!ModelState.IsValid) return Page();

        db.Clubs.Add(club);
        await db.SaveChangesAsync(ct);
        return RedirectToPage("/Clubs/Details", new { clubId = club.Id });
    }
}
