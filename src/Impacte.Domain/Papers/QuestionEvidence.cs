using Impacte.Domain.Identity;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Papers;

/// <summary>A paper found for a clinical question.</summary>
public sealed class QuestionPaper
{
    public Guid QuestionId { get; set; }
    public Guid PaperId { get; set; }
    public Guid? AddedById { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public Paper Paper { get; set; } = null!;
}

/// <summary>
/// The librarian's record of how the evidence for a question was searched, shown with the appraisal so a reader can
/// judge how thorough it was: where, with what strategy, when, and what came of it.
/// </summary>
public sealed class EvidenceSearch
{
    public const int MaxStrategy = 10_000, MaxSources = 20, MaxSource = 100, MaxNotes = 2000;

    public Guid QuestionId { get; set; }
    /// <summary>NICE CKS, Cochrane Library, PubMed, TRIP…</summary>
    public List<string> Sources { get; set; } = [];
    /// <summary>The search terms or full strategy, as run.</summary>
    public required string Strategy { get; set; }
    public DateOnly SearchedOn { get; set; }
    public int? Found { get; set; }
    public int? Relevant { get; set; }
    public int? InsufficientQuality { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }

    /// <summary>"40 found, 6 relevant, 2 of insufficient quality".</summary>
    public string Outcome() => string.Join(", ", new[]
    {
        Found is { } f ? $"{f} found" : null,
        Relevant is { } r ? $"{r} relevant" : null,
        InsufficientQuality is { } q ? $"{q} of insufficient quality" : null,
    }.OfType<string>());
}

/// <summary>
/// One database searched for a question, as the librarian records it: the database, the day, the strategy run there
/// and how many hits it gave. A question's search is the list of these.
/// </summary>
public sealed class SearchEntry
{
    public const int MaxDatabase = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid QuestionId { get; set; }
    public required string Database { get; set; }
    public DateOnly SearchedOn { get; set; }
    public required string Strategy { get; set; }
    public int? Hits { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid? RecordedById { get; set; }
}

internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public void Configure(EntityTypeBuilder<SearchEntry> b)
    {
        b.ToTable("question_search_entries");
        b.Property(x => x.Database).HasMaxLength(SearchEntry.MaxDatabase);
        b.Property(x => x.Strategy).HasMaxLength(EvidenceSearch.MaxStrategy);
        b.HasOne<ClinicalQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.RecordedById).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.QuestionId, x.SearchedOn });
    }
}

internal sealed class QuestionPaperConfiguration : IEntityTypeConfiguration<QuestionPaper>
{
    public void Configure(EntityTypeBuilder<QuestionPaper> b)
    {
        b.ToTable("question_papers");
        b.HasKey(x => new { x.QuestionId, x.PaperId });
        b.HasOne<ClinicalQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Paper).WithMany().HasForeignKey(x => x.PaperId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.AddedById).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.PaperId);
    }
}

internal sealed class EvidenceSearchConfiguration : IEntityTypeConfiguration<EvidenceSearch>
{
    public void Configure(EntityTypeBuilder<EvidenceSearch> b)
    {
        b.ToTable("question_searches");
        b.HasKey(x => x.QuestionId);
        b.Property(x => x.Strategy).HasMaxLength(EvidenceSearch.MaxStrategy);
        b.Property(x => x.Notes).HasMaxLength(EvidenceSearch.MaxNotes);
        b.HasOne<ClinicalQuestion>().WithOne().HasForeignKey<EvidenceSearch>(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UpdatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
