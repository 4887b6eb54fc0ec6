using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Operations;

/// <summary>
/// An admin's "run this job now", written by the Api and carried out by the Worker: the Api never runs or schedules
/// jobs itself, so it leaves the request here and a Worker asks its Quartz cluster to fire the job (see JobRequestsJob).
/// </summary>
public sealed class JobRequest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The job's Quartz name, e.g. "reading-packs".</summary>
    public required string JobName { get; set; }
    public Guid RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? HandledAt { get; set; }
}

internal sealed class JobRequestConfiguration : IEntityTypeConfiguration<JobRequest>
{
    public void Configure(EntityTypeBuilder<JobRequest> b)
    {
        b.ToTable("job_requests");
        b.Property(x => x.JobName).HasMaxLength(80);
        b.HasIndex(x => x.HandledAt);
    }
}
