using Impacte.Domain.Identity;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Cpd;

/// <summary>
/// What an attendee took from a meeting, as CPD evidence: what they learned and what they will change. It is
/// personal: only its author reads or edits it (not the club's lead, not admins), as a GP's appraisal reflections are.
/// </summary>
public sealed class MeetingReflection
{
    public const int MaxText = 2000;

    public Guid MeetingId { get; set; }
    public Guid UserId { get; set; }
    public string? WhatILearned { get; set; }
    public string? WhatIWillChange { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class MeetingReflectionConfiguration : IEntityTypeConfiguration<MeetingReflection>
{
    public void Configure(EntityTypeBuilder<MeetingReflection> b)
    {
        b.ToTable("meeting_reflections");
        // One reflection per person and meeting; editing replaces it.
        b.HasKey(x => new { x.MeetingId, x.UserId });
        b.Property(x => x.WhatILearned).HasMaxLength(MeetingReflection.MaxText);
        b.Property(x => x.WhatIWillChange).HasMaxLength(MeetingReflection.MaxText);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        // A person's reflections go with their account.
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        // "My CPD log" reads by person.
        b.HasIndex(x => x.UserId);
    }
}
