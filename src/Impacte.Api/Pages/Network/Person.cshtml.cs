using Impacte.Domain.Network;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Network;

/// <summary>What one person is on across the network; the same service as <c>GET /api/network/people/{id}</c>.</summary>
public sealed class PersonModel(NetworkView network) : PageModel
{
    public NetworkPerson Person { get; private set; } = null!;
    public Page<PersonWork> Work { get; private set; } = new([], 0);
    public Pager Pager { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Person = await network.PersonAsync(id, ct);
        }
        catch (Domain.Common.NotFoundException)
        {
            return NotFound();
        }
        var page = Pager.Requested(Request);
        Work = await network.WorkOfAsync(id, page, ct);
        Pager = Pager.For(Request, page.Page, Work.Total, []);
        return Page();
    }

    public static string Href(PersonWork w) => w.Kind switch
    {
        "question" => $"/questions/{w.Id}",
        "appraisal" => $"/appraisals/{w.Id}",
        _ => $"/changes/{w.Id}",
    };

    public static string Doing(PersonWork w) => (w.Kind, w.Role) switch
    {
        ("question", _) => "Asked",
        ("appraisal", _) => "Appraising",
        (_, "owner") => "Owns the change",
        _ => "On the team",
    };
}
