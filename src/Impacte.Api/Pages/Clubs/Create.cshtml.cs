using System.ComponentModel.DataAnnotations;
using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Clubs;

[Authorize(Roles = NetworkRoles.Admin)]
public sealed class CreateModel(ClubAdministration clubs) : PageModel
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
        try
        {
            var club = await clubs.CreateAsync(Input.Name, Input.OdsCode, Input.TimeZone, User.Id(), ct);
            return RedirectToPage("/Clubs/Details", new { clubId = club.Id });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, prefix: "Input");
            return Page();
        }
    }
}
