using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Api.People;
using Impacte.Domain.Common;
using Impacte.Domain.People;
using Impacte.Domain.PersonalData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Admin;

/// <summary>
/// One person, for admins: roles, memberships, the trail of changes to their account; change roles, deactivate, export
/// their personal data, erase them (after typing their email).
/// </summary>
public sealed class PersonModel(Actors actors, NetworkPeople people, PersonalDataExport export, PersonErasure erasure) : PageModel
{
    public PersonDetail Person { get; private set; } = null!;
    [TempData] public string? Message { get; set; }
    [BindProperty] public bool Admin { get; set; }
    [BindProperty] public bool Librarian { get; set; }
    [BindProperty] public string? ConfirmEmail { get; set; }

    public Task<IActionResult> OnGetAsync(Guid userId, CancellationToken ct) => ShowAsync(userId, ct);

    public Task<IActionResult> OnPostRolesAsync(Guid userId, CancellationToken ct) =>
        ActAsync(userId, (actor, ip) => people.SetRolesAsync(actor, userId, Admin, Librarian, ip, ct), "Network roles saved.", ct);

    public Task<IActionResult> OnPostDeactivateAsync(Guid userId, CancellationToken ct) =>
        ActAsync(userId, (actor, ip) => people.DeactivateAsync(actor, userId, ip, ct), "Account deactivated: it cannot sign in, and its sessions have ended.", ct);

    public Task<IActionResult> OnPostReactivateAsync(Guid userId, CancellationToken ct) =>
        ActAsync(userId, (actor, ip) => people.ReactivateAsync(actor, userId, ip, ct), "Account reactivated: they can sign in again.", ct);

    public async Task<IActionResult> OnPostExportAsync(Guid userId, CancellationToken ct)
    {
        try
        {
            var (zip, name) = await export.ForAdminAsync(await actors.ForAsync(User, ct), userId, PeopleApi.Ip(HttpContext), ct);
            return File(zip, "application/zip", name);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostEraseAsync(Guid userId, CancellationToken ct)
    {
        try
        {
            await erasure.EraseAsync(await actors.ForAsync(User, ct), userId, ConfirmEmail, PeopleApi.Ip(HttpContext), ct);
            Message = "Erased: they cannot sign in, their name, email and reflections are gone, and what they did stays as a former member's.";
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e);
            return await ShowAsync(userId, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { userId });
    }

    private async Task<IActionResult> ActAsync(Guid userId, Func<Domain.Access.Actor, string?, Task> act, string done, CancellationToken ct)
    {
        try
        {
            await act(await actors.ForAsync(User, ct), PeopleApi.Ip(HttpContext));
            Message = done;
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { userId });
    }

    private async Task<IActionResult> ShowAsync(Guid userId, CancellationToken ct)
    {
        try
        {
            Person = await people.GetAsync(await actors.ForAsync(User, ct), userId, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        (Admin, Librarian) = (Person.Person.IsAdmin, Person.Person.IsLibrarian);
        return Page();
    }

    public static string ActionLabel(string action) => action switch
    {
        "person.deactivated" => "Deactivated",
        "person.reactivated" => "Reactivated",
        "person.role-granted" => "Role granted",
        "person.role-removed" => "Role removed",
        "person.exported" => "Personal data exported",
        "person.erased" => "Erased",
        "membership.removed" => "Removed from a club",
        "membership.joined" => "Joined a club",
        "admin.signed-in" => "Signed in (admin)",
        _ => action,
    };
}
