using Impacte.Api.Auth;
using Impacte.Api.People;
using Impacte.Domain.Common;
using Impacte.Domain.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Admin;

/// <summary>One person, for admins: roles, memberships, the trail of changes to their account; change roles, deactivate.</summary>
public sealed class PersonModel(Actors actors, NetworkPeople people) : PageModel
{
    public PersonDetail Person { get; private set; } = null!;
    [TempData] public string? Message { get; set; }
    [BindProperty] public bool Admin { get; set; }
    [BindProperty] public bool Librarian { get; set; }

    public Task<IActionResult> OnGetAsync(Guid userId, CancellationToken ct) => ShowAsync(userId, ct);

    public Task<IActionResult> OnPostRolesAsync(Guid userId, CancellationToken ct) =>
        ActAsync(userId, (actor, ip) => people.SetRolesAsync(actor, userId, Admin, Librarian, ip, ct), "Network roles saved.", ct);

    public Task<IActionResult> OnPostDeactivateAsync(Guid userId, CancellationToken ct) =>
        ActAsync(userId, (actor, ip) => people.DeactivateAsync(actor, userId, ip, ct), "Account deactivated: it cannot sign in, and its sessions have ended.", ct);

    public Task<IActionResult> OnPostReactivateAsync(Guid userId, CancellationToken ct) =>
        ActAsync(userId, (actor, ip) => people.ReactivateAsync(actor, userId, ip, ct), "Account reactivated: they can sign in again.", ct);

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
        _ => action,
    };
}
