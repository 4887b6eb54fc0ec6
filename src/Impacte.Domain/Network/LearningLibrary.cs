using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Network;

/// <summary>A change that has run its course or been stopped, with what others can learn from it.</summary>
public sealed record LibraryEntry(
    Guid Id, string Title, string Description, Guid ClubId, string ClubName, Guid OwnerId, string OwnerName, ChangeStatus Status,
    ClinicalArea? Area, string? WhatDidNotWork, string? HowItMadeADifference, string? AbandonReason, DateTimeOffset UpdatedAt);

/// <summary>
/// The learning library: every implemented, sustained and abandoned change in the network with its "what did not
/// work" and "what made a difference", so successes and failures are both shared. Open to every signed-in member, as
/// the network view is. Words are matched by full text over the title, description, both learning texts and the
/// reason for stopping (the indexed <see cref="PracticeChange.LearningVector"/>).
/// </summary>
public sealed class LearningLibrary(ImpacteDbContext db)
{
    public static readonly IReadOnlyList<ChangeStatus> Statuses = [ChangeStatus.Implemented, ChangeStatus.Sustained, ChangeStatus.Abandoned];

    public async Task<Page<LibraryEntry>> SearchAsync(string? q, PageRequest page, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var search = NetworkFilter.CheckSearch(q, errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var statuses = Statuses.ToList();
        var query = db.Set<PracticeChange>().AsNoTracking().Where(c => statuses.Contains(c.Status));
        if (search is not null)
            query = query.Where(c => c.LearningVector.Matches(EF.Functions.WebSearchToTsQuery("english", search)));
        var total = await query.CountAsync(ct);
        var items = await query
            // Those with learning written first: they are what the library is for.
            .OrderByDescending(c => c.WhatDidNotWork != null || c.HowItMadeADifference != null).ThenByDescending(c => c.UpdatedAt).ThenBy(c => c.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(c => new LibraryEntry(c.Id, c.Title, c.Description, c.ClubId, c.Club.Name, c.OwnerId, c.Owner.Name, c.Status,
                db.Questions.Where(x => x.Id == c.QuestionId).Select(x => x.Area).FirstOrDefault(),
                c.WhatDidNotWork, c.HowItMadeADifference, c.AbandonReason, c.UpdatedAt))
            .ToListAsync(ct);
        return new Page<LibraryEntry>(items, total);
    }
}
