using Impacte.Domain.Identity;
using Impacte.Domain.Papers;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Appraisals;

internal sealed class AppraisalConfiguration : IEntityTypeConfiguration<Appraisal>
{
    public void Configure(EntityTypeBuilder<Appraisal> b)
    {
        b.Property(x => x.StudyDesign).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Grade).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.BottomLine).HasMaxLength(Appraisal.MaxBottomLine);
        b.Property(x => x.Narrative).HasMaxLength(Appraisal.MaxNarrative);
        b.Property(x => x.ReturnComment).HasMaxLength(Appraisal.MaxComment);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
        b.HasOne<ClinicalQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.QuestionId);
        b.HasIndex(x => x.Status);
        // The Worker's evidence-drift job: published appraisals past their review-by date.
        b.HasIndex(x => new { x.Status, x.ReviewBy });
        // The CAT list is newest first: read in order and stopped at the page, not sorted whole (1 s at national size).
        b.HasIndex(x => x.UpdatedAt).IsDescending();
        b.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CheckedById).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Papers).WithOne().HasForeignKey(x => x.AppraisalId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(x => x.AppraisalId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Results).WithOne().HasForeignKey(x => x.AppraisalId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Editors).WithOne().HasForeignKey(x => x.AppraisalId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AppraisalEditorConfiguration : IEntityTypeConfiguration<AppraisalEditor>
{
    public void Configure(EntityTypeBuilder<AppraisalEditor> b)
    {
        b.ToTable("appraisal_editors");
        b.HasKey(x => new { x.AppraisalId, x.UserId });
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class AppraisalPaperConfiguration : IEntityTypeConfiguration<AppraisalPaper>
{
    public void Configure(EntityTypeBuilder<AppraisalPaper> b)
    {
        b.ToTable("appraisal_papers");
        b.HasKey(x => new { x.AppraisalId, x.PaperId });
        b.Property(x => x.StudyType).HasMaxLength(AppraisalRules.MaxCell);
        b.Property(x => x.Population).HasMaxLength(AppraisalRules.MaxCell);
        b.Property(x => x.Weaknesses).HasMaxLength(AppraisalRules.MaxCell);
        b.HasOne(x => x.Paper).WithMany().HasForeignKey(x => x.PaperId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.PaperId);
    }
}

internal sealed class AppraisalAnswerConfiguration : IEntityTypeConfiguration<AppraisalAnswer>
{
    public void Configure(EntityTypeBuilder<AppraisalAnswer> b)
    {
        b.ToTable("appraisal_answers");
        b.HasKey(x => new { x.AppraisalId, x.QuestionKey });
        b.Property(x => x.QuestionKey).HasMaxLength(64);
        b.Property(x => x.Answer).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Comment).HasMaxLength(AppraisalRules.MaxCell);
    }
}

internal sealed class AppraisalResultConfiguration : IEntityTypeConfiguration<AppraisalResult>
{
    public void Configure(EntityTypeBuilder<AppraisalResult> b)
    {
        b.ToTable("appraisal_results");
        b.HasKey(x => new { x.AppraisalId, x.Position });
        b.Property(x => x.Outcome).HasMaxLength(300);
        b.Property(x => x.Measure).HasMaxLength(64);
        b.Property(x => x.Value).HasPrecision(12, 4);
        b.Property(x => x.CiLower).HasPrecision(12, 4);
        b.Property(x => x.CiUpper).HasPrecision(12, 4);
        b.Property(x => x.Note).HasMaxLength(AppraisalRules.MaxCell);
        b.Property(x => x.ControlEventRate).HasPrecision(6, 5);
        b.Property(x => x.TimeHorizon).HasMaxLength(64);
        b.Ignore(x => x.Absolute);
    }
}

internal sealed class AppraisalDocumentConfiguration : IEntityTypeConfiguration<AppraisalDocument>
{
    public void Configure(EntityTypeBuilder<AppraisalDocument> b)
    {
        b.HasKey(x => x.AppraisalId);
        b.Property(x => x.FileName).HasMaxLength(AppraisalDocuments.MaxFileName);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.HasOne<Appraisal>().WithOne().HasForeignKey<AppraisalDocument>(x => x.AppraisalId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UploadedById).OnDelete(DeleteBehavior.SetNull);
    }
}
