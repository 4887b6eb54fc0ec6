using Impacte.Domain.Appraisals;
using Impacte.Domain.Identity;
using Impacte.Domain.Meetings;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Changes;

internal sealed class PracticeChangeConfiguration : IEntityTypeConfiguration<PracticeChange>
{
    public void Configure(EntityTypeBuilder<PracticeChange> b)
    {
        b.ToTable("practice_changes");
        b.Property(x => x.Title).HasMaxLength(PracticeChange.MaxTitle);
        b.Property(x => x.Description).HasMaxLength(PracticeChange.MaxDescription);
        b.Property(x => x.AbandonReason).HasMaxLength(PracticeChange.MaxReason);
        b.Property(x => x.WhatDidNotWork).HasMaxLength(PracticeChange.MaxLearning);
        b.Property(x => x.HowItMadeADifference).HasMaxLength(PracticeChange.MaxLearning);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();

        b.HasOne(x => x.Club).WithMany().HasForeignKey(x => x.ClubId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<ClinicalQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Appraisal>().WithMany().HasForeignKey(x => x.AppraisalId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Team).WithOne().HasForeignKey(x => x.ChangeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.History).WithOne().HasForeignKey(x => x.ChangeId).OnDelete(DeleteBehavior.Cascade);

        // A club's list by status; the network's view of implemented changes; "my changes".
        b.HasIndex(x => new { x.ClubId, x.Status });
        b.HasIndex(x => new { x.Status, x.UpdatedAt });
        b.HasIndex(x => x.OwnerId);
        b.HasIndex(x => x.QuestionId);
        b.HasIndex(x => x.AppraisalId);
        b.HasIndex(x => x.MeetingId);
        b.HasIndex(x => x.CreatedById);
        // The Worker's chasers: open changes by due date.
        b.HasIndex(x => new { x.Status, x.DueOn });
        // The network view (Domain/Network): newest first without sorting every change, and words in the title and
        // description by full text (the expression NetworkView and SimilarChanges query: to_tsvector('english', title || ' ' || description)).
        b.HasIndex(x => new { x.UpdatedAt, x.Id }).IsDescending(true, false);
        b.HasIndex(x => new { x.Title, x.Description }).HasMethod("GIN").IsTsVectorExpressionIndex("english");
        // The learning library (Domain/Network/LearningLibrary.cs) searches what changes taught, by this indexed vector.
        b.Property(x => x.LearningVector).HasComputedColumnSql(LearningVectorSql, stored: true);
        b.HasIndex(x => x.LearningVector).HasMethod("gin");
    }

    public const string LearningVectorSql =
        "to_tsvector('english', title || ' ' || description || ' ' || coalesce(what_did_not_work, '') || ' ' || " +
        "coalesce(how_it_made_a_difference, '') || ' ' || coalesce(abandon_reason, ''))";
}

internal sealed class PracticeChangeTeamMemberConfiguration : IEntityTypeConfiguration<PracticeChangeTeamMember>
{
    public void Configure(EntityTypeBuilder<PracticeChangeTeamMember> b)
    {
        b.ToTable("practice_change_team");
        b.HasKey(x => new { x.ChangeId, x.UserId });
        b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PracticeChangeEventConfiguration : IEntityTypeConfiguration<PracticeChangeEvent>
{
    public void Configure(EntityTypeBuilder<PracticeChangeEvent> b)
    {
        b.ToTable("practice_change_history");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(PracticeChangeEvent.MaxNote);
        // History outlives the account that made it.
        b.HasOne(x => x.By).WithMany().HasForeignKey(x => x.ById).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.ChangeId, x.At });
        b.HasIndex(x => x.ById);
    }
}
