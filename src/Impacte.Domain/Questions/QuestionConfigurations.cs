using Impacte.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Questions;

internal sealed class ClinicalQuestionConfiguration : IEntityTypeConfiguration<ClinicalQuestion>
{
    /// <summary>The words search looks at: a stored generated column, kept up to date by PostgreSQL itself.</summary>
    public const string SearchVectorSql =
        "to_tsvector('english', population || ' ' || intervention || ' ' || coalesce(comparison, '') || ' ' || " +
        "outcome || ' ' || coalesce(trigger, ''))";

    public void Configure(EntityTypeBuilder<ClinicalQuestion> b)
    {
        b.ToTable("questions");
        b.Property(x => x.Population).HasMaxLength(QuestionText.MaxPart);
        b.Property(x => x.Intervention).HasMaxLength(QuestionText.MaxPart);
        b.Property(x => x.Comparison).HasMaxLength(QuestionText.MaxPart);
        b.Property(x => x.Outcome).HasMaxLength(QuestionText.MaxPart);
        b.Property(x => x.Trigger).HasMaxLength(QuestionPico.MaxTrigger);
        b.Property(x => x.Title).HasMaxLength(QuestionText.MaxTitle);
        b.Property(x => x.Sentence).HasMaxLength(QuestionPico.MaxSentence);
        b.Property(x => x.BottomLine).HasMaxLength(QuestionPico.MaxBottomLine);
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Urgency).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Area).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
        // Left unset (a question made outside ClinicalQuestions), it is the moment of the insert.
        b.Property(x => x.StatusChangedAt).HasDefaultValueSql("now()");
        b.Property(x => x.SearchVector).HasComputedColumnSql(SearchVectorSql, stored: true);

        b.HasOne(x => x.Club).WithMany().HasForeignKey(x => x.ClubId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Proposer).WithMany().HasForeignKey(x => x.ProposerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ClinicalQuestion>().WithMany().HasForeignKey(x => x.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Votes).WithOne().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Askers).WithOne().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.History).WithOne().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);

        // A club's list by status, and the network-wide lists by status and date.
        b.HasIndex(x => new { x.ClubId, x.Status });
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        // The digest's and the network view's "in the areas I follow".
        b.HasIndex(x => new { x.Area, x.Status });
        // Search and similar-question lookup (QuestionQueries).
        b.HasIndex(x => x.SearchVector).HasMethod("gin");
        // The list newest first (QuestionQueries.SearchByDateSql): read in order and stop at the page, not sort a million.
        b.HasIndex(x => new { x.CreatedAt, x.Id }).IsDescending(true, false);
        // The librarian queue, most urgent and longest waiting first (EvidenceWork.QueueAsync), read in order.
        b.HasIndex(x => new { x.Status, x.Urgency, x.StatusChangedAt, x.Id }).IsDescending(false, true, false, false);
    }
}

internal sealed class QuestionVoteConfiguration : IEntityTypeConfiguration<QuestionVote>
{
    public void Configure(EntityTypeBuilder<QuestionVote> b)
    {
        b.ToTable("question_votes");
        b.HasKey(x => new { x.QuestionId, x.UserId });
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuestionAskerConfiguration : IEntityTypeConfiguration<QuestionAsker>
{
    public void Configure(EntityTypeBuilder<QuestionAsker> b)
    {
        b.ToTable("question_askers");
        b.HasKey(x => new { x.QuestionId, x.UserId });
        b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuestionTransitionRecordConfiguration : IEntityTypeConfiguration<QuestionTransitionRecord>
{
    public void Configure(EntityTypeBuilder<QuestionTransitionRecord> b)
    {
        b.ToTable("question_transitions");
        b.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(QuestionPico.MaxBottomLine);
        // History outlives the account that made it: the person shows as "a former member".
        b.HasOne(x => x.By).WithMany().HasForeignKey(x => x.ById).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.QuestionId, x.At });
    }
}
