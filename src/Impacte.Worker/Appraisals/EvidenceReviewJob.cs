using Hangfire;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Operations;
using Impacte.Worker.Jobs;

namespace Impacte.Worker.Appraisals;

/// <summary>
/// Evidence drift: tells the author and checker of each published appraisal whose review-by date has come
/// (<see cref="EvidenceDrift.RunReviewAlertsAsync"/>). Safe to run twice, or on two Workers at once: each email's
/// idempotency key (appraisal, review-by date, librarian) lets it in once. The attributes are read from this class
/// (see JobClassFilterProvider).
/// </summary>
[RunExclusively]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 30, 60, 300])]
public sealed class EvidenceReviewJob(EvidenceDrift drift) : IEvidenceReviewJob
{
    public Task RunAsync(CancellationToken ct) => drift.RunReviewAlertsAsync(ct);
}
