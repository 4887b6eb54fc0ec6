using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Network;

public enum SimilarReason
{
    SameAppraisal,
    SameQuestion,
    SimilarWords,
}

/// <summary>A change another club agreed that looks like the one about to be opened, and why it was picked.</summary>
public sealed record SimilarChange(
    Guid Id, string Title, string ClubName, Guid OwnerId, string OwnerName, ChangeStatus Status, SimilarReason Reason, bool CanOpen);

/// <summary>
/// Before a lead opens a change: changes elsewhere in the network on the same question (or a duplicate of it, or
/// through an appraisal of it), on the same appraisal, or with similar words in their title and description, so the
/// club can join or learn from them instead of doing the same work twice. Words are matched by full text (stemmed,
/// so "statin" finds "statins"), needing two of the text's longest words as <see cref="QuestionQueries"/> does.
/// </summary>
public sealed class SimilarChanges(ImpacteDbContext db)
{
    public const int Max = 10;
    private const int MaxTerms = 6;

    /// <summary>Words that say nothing about what changes in practice.</summary>
    private static readonly HashSet<string> Scaffolding = new(StringComparer.Ordinal)
    {
        "with", "from", "that", "this", "their", "they", "them", "into", "over", "more", "than", "each", "every", "offer",
        "offered", "review", "people", "adults", "patients", "practice", "change", "changes", "should", "would", "about",
    };

    public async Task<IReadOnlyList<SimilarChange>> ForAsync(
        Guid clubId, Guid? questionId, Guid? appraisalId, string? text, Actor reader, CancellationToken ct = default)
    {
        var found = new List<SimilarChange>();
        var elsewhere = db.Set<PracticeChange>().AsNoTracking().Where(c => c.ClubId != clubId);

        if (appraisalId is { } a)
            found.AddRange(await ReadAsync(elsewhere.Where(c => c.AppraisalId == a).OrderByDescending(c => c.UpdatedAt), SimilarReason.SameAppraisal, reader, ct));

        if (questionId is { } q)
        {
            // The question, the one it duplicates, and those that duplicate it: the same question asked twice.
            var original = await db.Questions.Where(x => x.Id == q).Select(x => x.DuplicateOfId).FirstOrDefaultAsync(ct);
            var related = await db.Questions.Where(x => x.Id == q || x.Id == original || x.DuplicateOfId == q || original != null && x.DuplicateOfId == original)
                .Select(x => x.Id).ToListAsync(ct);
            var seen = found.Select(f => f.Id).ToList();
            found.AddRange(await ReadAsync(elsewhere.Where(c => !seen.Contains(c.Id) &&
                    (c.QuestionId != null && related.Contains(c.QuestionId.Value) || db.Appraisals.Any(x => x.Id == c.AppraisalId && related.Contains(x.QuestionId))))
                    .OrderByDescending(c => c.UpdatedAt),
                SimilarReason.SameQuestion, reader, ct));
        }

        if (found.Count < Max && WordsQuery(text) is var (all, any) && all.Length > 0)
        {
            var seen = found.Select(f => f.Id).ToList();
            var byWords = elsewhere.Where(c => !seen.Contains(c.Id) &&
                    EF.Functions.ToTsVector("english", c.Title + " " + c.Description).Matches(EF.Functions.ToTsQuery("english", all)))
                .OrderByDescending(c => EF.Functions.ToTsVector("english", c.Title + " " + c.Description).Rank(EF.Functions.ToTsQuery("english", any)))
                .ThenByDescending(c => c.UpdatedAt);
            found.AddRange(await ReadAsync(byWords, SimilarReason.SimilarWords, reader, ct, Max - found.Count));
        }
        return found.Take(Max).ToList();
    }

    /// <summary>
    /// The text's longest telling words as a tsquery needing both of one or two words, or any two of more (an OR of
    /// pairs), and the OR of all of them for ranking; empty when the text has no telling word. The words are letters
    /// and digits only (<see cref="ClinicalTerms.Words"/>), so they cannot break the tsquery syntax.
    /// </summary>
    public static (string All, string Any) WordsQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return ("", "");
        var words = ClinicalTerms.Words(text).Where(w => w.Length >= 4 && !Scaffolding.Contains(w)).Distinct()
            .OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Take(MaxTerms).ToList();
        if (words.Count == 0) return ("", "");
        var all = words.Count <= 2
            ? string.Join(" & ", words)
            : string.Join(" | ", from x in words.Select((w, i) => (w, i)) from y in words.Select((w, i) => (w, i)) where x.i < y.i select $"({x.w} & {y.w})");
        return (all, string.Join(" | ", words));
    }

    private static async Task<IReadOnlyList<SimilarChange>> ReadAsync(
        IQueryable<PracticeChange> query, SimilarReason reason, Actor reader, CancellationToken ct, int take = Max)
    {
        var rows = await query.Take(take)
            .Select(c => new { c.Id, c.Title, Club = c.Club.Name, c.ClubId, c.OwnerId, Owner = c.Owner.Name, c.Status }).ToListAsync(ct);
        return rows.Select(r => new SimilarChange(r.Id, r.Title, r.Club, r.OwnerId, r.Owner, r.Status, reason,
            reader.IsAdmin || reader.IsMemberOf(r.ClubId) || ChangeWorkflow.IsNetworkVisible(r.Status))).ToList();
    }
}
