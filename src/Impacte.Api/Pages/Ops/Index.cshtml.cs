using Impacte.Api.Auth;
using Impacte.Api.Ops;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Ops;

/// <summary>The operations view for admins: run a recurring job now (the Dashboard shows every job), and the email outbox.</summary>
[Authorize(Roles = NetworkRoles.Admin)]
public sealed class IndexModel(ImpacteDbContext db, OperationsActions operations, Actors actors) : PageModel
{
    [TempData] public string? Message { get; set; }
    public IReadOnlyList<string> Jobs => RecurringJobIds.All;
    public IReadOnlyList<OutboxItem> Outbox { get; private set; } = [];
    public string? Status { get; private set; }
    public Dictionary<string, int> Counts { get; private set; } = [];

    public Task OnGetAsync(string? status, CancellationToken ct) => LoadAsync(status, ct);

    public async Task<IActionResult> OnPostTriggerAsync(string name, CancellationToken ct)
    {
        if (!RecurringJobIds.All.Contains(name)) return NotFound();
        try
        {
            operations.RunNow(name, await actors.ForAsync(User, ct));
        }
        catch (NotFoundException)
        {
            return await ErrorAsync($"No Worker has registered {name} yet: start a Worker against this database.", null, ct);
        }
        Message = $"{name} will run now on one of the Workers.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var email = await operations.RetryEmailAsync(id, await actors.ForAsync(User, ct), ct);
            Message = $"Email to {email.ToAddress} will be sent again.";
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException e)
        {
            return await ErrorAsync(e.Message, "failed", ct);
        }
        return RedirectToPage(new { status = "failed" });
    }

    private async Task<IActionResult> ErrorAsync(string error, string? status, CancellationToken ct)
    {
        ModelState.AddModelError("", error);
        await LoadAsync(status, ct);
        return Page();
    }

    private async Task LoadAsync(string? status, CancellationToken ct)
    {
        Counts = await db.Outbox.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key.ToString().ToLowerInvariant(), g => g.Count, ct);
        Status = Enum.TryParse<OutboxStatus>(status, true, out var s) ? s.ToString().ToLowerInvariant() : null;
        var wanted = Status is null ? (OutboxStatus?)null : s;
        Outbox = await db.Outbox.Where(o => wanted == null || o.Status == wanted).OrderByDescending(o => o.CreatedAt).Take(50)
            .Select(o => new OutboxItem(o.Id, o.Kind, o.ToAddress, o.Subject, o.Status.ToString().ToLower(), o.Attempts, o.CreatedAt, o.NextAttemptAt, o.SentAt, o.LastError))
            .ToListAsync(ct);
    }
}
