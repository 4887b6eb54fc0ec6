using Impacte.Domain.Access;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Papers;

public enum ScreeningDecision { Pending, Included, Excluded }

/// <summary>Why a record was excluded at title and abstract screening: a short fixed list, plus free text.</summary>
public enum ExclusionReason { WrongPopulation, WrongIntervention, WrongComparison, WrongOutcome, WrongStudyDesign, NotPrimaryCareRelevant, Other }

public static class ExclusionReasons
{
    public static IReadOnlyList<ExclusionReason> All { get; } = Enum.GetValues<ExclusionReason>();

    public static string Label(this ExclusionReason reason) => reason switch
    {
        ExclusionReason.WrongPopulation => "Wrong population",
        ExclusionReason.WrongIntervention => "Wrong intervention",
        ExclusionReason.WrongComparison => "Wrong comparison",
        ExclusionReason.WrongOutcome => "Wrong outcome",
        ExclusionReason.WrongStudyDesign => "Wrong study design",
        ExclusionReason.NotPrimaryCareRelevant => "Not relevant to primary care",
        _ => "Other",
    };

    /// <summary>"wrong-population", as the API writes it.</summary>
    public static string Slug(this ExclusionReason reason) => string.Concat(reason.ToString().Select((c, i) =>
        char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static ExclusionReason? TryParse(string? slug) => All.Cast<ExclusionReason?>().FirstOrDefault(r => r!.Value.Slug() == slug?.Trim().ToLowerInvariant());
}

/// <summary>One record an import brought in for a question, waiting for (or with) the librarian's screening decision.</summary>
public sealed class ScreeningRecord
{
    public const int MaxNote = 500;

    public Guid QuestionId { get; set; }
    public Guid PaperId { get; set; }
    public ScreeningDecision Decision { get; set; }
    public ExclusionReason? Reason { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Paper Paper { get; set; } = null!;
}

/// <summary>One import for a question: how many records it held, so PRISMA's "found" and "duplicates removed" add up.</summary>
public sealed class ScreeningImport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid QuestionId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ById { get; set; }
    /// <summary>Records read from the file that name a paper (rejected records excluded), duplicates included.</summary>
    public int Records { get; set; }
}

/// <summary>PRISMA-style counts of a question's screening.</summary>
public sealed record ScreeningCounts(int Found, int DuplicatesRemoved, int Screened, int Pending, int Included, int Excluded,
    IReadOnlyList<(ExclusionReason Reason, int Count)> ExcludedBy);

public sealed record ScreeningItem(Guid PaperId, string Title, string Citation, string? Abstract, string? Doi, string? Pmid,
    ScreeningDecision Decision, ExclusionReason? Reason, string? Note);

/// <summary>
/// Title and abstract screening: an import for a question puts its records here, pending; the librarian includes or
/// excludes each (excluding with a reason). Only included papers are attached to the question's evidence, and so
/// offered to its appraisal.
/// </summary>
public sealed class Screening(ImpacteDbContext db, EvidenceWork work, TimeProvider clock)
{
    /// <summary>Puts an import's papers on the question's screening list (a paper already screened keeps its decision).</summary>
    public async Task AddImportAsync(Guid questionId, PaperImportReport report, Actor actor, CancellationToken ct = default)
    {
        Require(actor);
        await work.EvidenceQuestionAsync(questionId, ct);
        var now = clock.UtcNowForDb();
        db.ScreeningImports.Add(new ScreeningImport { QuestionId = questionId, At = now, ById = actor.UserId, Records = report.Created + report.Duplicates });
        var ids = report.PaperIds.Distinct().ToList();
        var known = await db.ScreeningRecords.Where(r => r.QuestionId == questionId && ids.Contains(r.PaperId)).Select(r => r.PaperId).ToListAsync(ct);
        // Papers attached before screening existed (or by hand) count as included already.
        var attached = await db.QuestionPapers.Where(x => x.QuestionId == questionId && ids.Contains(x.PaperId)).Select(x => x.PaperId).ToListAsync(ct);
        db.ScreeningRecords.AddRange(ids.Except(known).Select(id => new ScreeningRecord
        {
            QuestionId = questionId, PaperId = id, AddedAt = now,
            Decision = attached.Contains(id) ? ScreeningDecision.Included : ScreeningDecision.Pending,
        }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The question's records, pending first (in import order), then those decided.</summary>
    public async Task<(IReadOnlyList<ScreeningItem> Items, int Total)> ListAsync(Guid questionId, bool pendingOnly, PageRequest page, Actor actor, CancellationToken ct = default)
    {
        Require(actor);
        await work.EvidenceQuestionAsync(questionId, ct);
        var query = db.ScreeningRecords.AsNoTracking().Where(r => r.QuestionId == questionId);
        if (pendingOnly) query = query.Where(r => r.Decision == ScreeningDecision.Pending);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.Decision != ScreeningDecision.Pending).ThenBy(r => r.AddedAt).ThenBy(r => r.PaperId)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(r => new { r.PaperId, r.Paper.Title, r.Paper.Authors, r.Paper.Journal, r.Paper.Year, r.Paper.Volume, r.Paper.Issue, r.Paper.Pages,
                r.Paper.Abstract, r.Paper.Doi, r.Paper.Pmid, r.Decision, r.Reason, r.Note })
            .ToListAsync(ct);
        return (rows.Select(r => new ScreeningItem(r.PaperId, r.Title, Paper.Cite(r.Title, r.Authors, r.Journal, r.Year, r.Volume, r.Issue, r.Pages),
            r.Abstract, r.Doi, r.Pmid, r.Decision, r.Reason, r.Note)).ToList(), total);
    }

    public async Task<ScreeningCounts> CountsAsync(Guid questionId, Actor actor, CancellationToken ct = default)
    {
        Require(actor);
        await work.EvidenceQuestionAsync(questionId, ct);
        var found = await db.ScreeningImports.Where(i => i.QuestionId == questionId).SumAsync(i => i.Records, ct);
        var byDecision = await db.ScreeningRecords.Where(r => r.QuestionId == questionId).GroupBy(r => r.Decision)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var byReason = await db.ScreeningRecords.Where(r => r.QuestionId == questionId && r.Decision == ScreeningDecision.Excluded)
            .GroupBy(r => r.Reason).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(ScreeningDecision d) => byDecision.GetValueOrDefault(d);
        var unique = byDecision.Values.Sum();
        return new ScreeningCounts(found, Math.Max(0, found - unique), Of(ScreeningDecision.Included) + Of(ScreeningDecision.Excluded),
            Of(ScreeningDecision.Pending), Of(ScreeningDecision.Included), Of(ScreeningDecision.Excluded),
            byReason.Select(r => (r.Key ?? ExclusionReason.Other, r.Count)).OrderByDescending(r => r.Count).ToList());
    }

    /// <summary>
    /// Includes or excludes one record. Including attaches the paper to the question; excluding needs a reason (and
    /// words, when the reason is "other") and detaches it.
    /// </summary>
    public async Task<ScreeningRecord> DecideAsync(Guid questionId, Guid paperId, bool include, ExclusionReason? reason, string? note, Actor actor, CancellationToken ct = default)
    {
        Require(actor);
        await work.EvidenceQuestionAsync(questionId, ct);
        var record = await db.ScreeningRecords.FirstOrDefaultAsync(r => r.QuestionId == questionId && r.PaperId == paperId, ct)
            ?? throw new NotFoundException("The record to screen");
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var errors = new Dictionary<string, string[]>();
        if (!include && reason is null) errors["reason"] = ["Choose why the record is excluded."];
        if (!include && reason == ExclusionReason.Other && note is null) errors["note"] = ["Say why the record is excluded."];
        if (note?.Length > ScreeningRecord.MaxNote) errors["note"] = [$"Keep the note to {ScreeningRecord.MaxNote} characters."];
        UserText.Check(note, "note", errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);

        record.Decision = include ? ScreeningDecision.Included : ScreeningDecision.Excluded;
        record.Reason = include ? null : reason;
        record.Note = note;
        record.DecidedById = actor.UserId;
        record.DecidedAt = clock.UtcNowForDb();
        var link = await db.QuestionPapers.FindAsync([questionId, paperId], ct);
        if (include && link is null)
            db.QuestionPapers.Add(new QuestionPaper { QuestionId = questionId, PaperId = paperId, AddedById = actor.UserId, AddedAt = record.DecidedAt.Value });
        else if (!include && link is not null)
            db.QuestionPapers.Remove(link);
        await db.SaveChangesAsync(ct);
        return record;
    }

    private static void Require(Actor actor)
    {
        if (!actor.WorksAcrossClubs) throw new ForbiddenException("Only librarians screen the records of a search.");
    }
}

internal sealed class ScreeningRecordConfiguration : IEntityTypeConfiguration<ScreeningRecord>
{
    public void Configure(EntityTypeBuilder<ScreeningRecord> b)
    {
        b.ToTable("screening_records");
        b.HasKey(x => new { x.QuestionId, x.PaperId });
        b.Property(x => x.Decision).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Note).HasMaxLength(ScreeningRecord.MaxNote);
        b.HasOne<ClinicalQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Paper).WithMany().HasForeignKey(x => x.PaperId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.DecidedById).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.PaperId);
    }
}

internal sealed class ScreeningImportConfiguration : IEntityTypeConfiguration<ScreeningImport>
{
    public void Configure(EntityTypeBuilder<ScreeningImport> b)
    {
        b.ToTable("screening_imports");
        b.HasOne<ClinicalQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ById).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.QuestionId);
    }
}
