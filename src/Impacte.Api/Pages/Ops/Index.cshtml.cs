using Impacte.Api.Auth;
using Impacte.Api.Ops;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Ops;

/// <summary>The operations view for admins: the Worker's jobs and the email outbox.</summary>
[Authorize(Roles = NetworkRoles.Admin)]
public sealed class IndexModel(ImpacteDbContext db, TimeProvider clock) : PageModel
{
    [TempData] public string? Message { get; set; }
    public IReadOnlyList<JobResponse> Jobs { get; private set; } = [];
    public IReadOnlyList<OutboxItem> Outbox { get; private set; } = [];
    public string? Status { get; private set; }
    public Dictionary<string, int> Counts { get; private set; } = [];

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        Jobs = await OpsApi.JobsAsync(db, ct);
        Counts = await db.Outbox.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key.ToString().ToLowerInvariant(), g => g.Count, ct);
        Status = Enum.TryParse<OutboxStatus>(status, true, out var s) ? s.ToString().ToLowerInvariant() : null;
        var wanted = Status is null ? (OutboxStatus?)null : s;
        Outbox = await db.Outbox.Where(o => wanted == null || o.Status == wanted).OrderByDescending(o => o.CreatedAt).Take(50)
            .Select(o => new OutboxItem(o.Id, o.Kind, o.ToAddress, o.Subject, o.Status.ToString().ToLower(), o.Attempts, o.CreatedAt, o.NextAttemptAt, o.SentAt, o.LastError))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostTriggerAsync(string name, CancellationToken ct)
    {
        if ((await OpsApi.JobsAsync(db, ct)).All(j => j.Name != name)) return NotFound();
        db.JobRequests.Add(new Domain.Operations.JobRequest { JobName = name, RequestedBy = User.Id(), RequestedAt = clock.UtcNowForDb() });
        await db.SaveChangesAsync(ct);
        Message = $"Asked the Worker to run {name} now.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        var email = await db.Outbox.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (email is null) return NotFound();
        if (email.Status == OutboxStatus.Failed)
        {
            (email.Status, email.Attempts, email.NextAttemptAt) = (OutboxStatus.Pending, 0, clock.UtcNowForDb());
            await db.SaveChangesAsync(ct);
            Message = $"Email to {email.ToAddress} will be sent again.";
        }
        return RedirectToPage(new { status = "failed" });
    }
}
