using System.Diagnostics.Metrics;

namespace Impacte.Domain.Telemetry;

/// <summary>
/// IMPACTE's own measurements, on one meter named <see cref="MeterName"/>. Made through the host's IMeterFactory, so
/// each host (the tests run several in one process) has its own instruments, gone with it. Prometheus shows the names
/// with dots as underscores and counters with <c>_total</c> (impacte_emails_sent_total).
/// </summary>
public sealed class ImpacteMetrics
{
    public const string MeterName = "Impacte";

    private readonly Counter<long> emailsSent, emailsRetried, emailsFailed, chasesSent, digestsSent;
    private readonly Histogram<double> jobDuration;

    public ImpacteMetrics(IMeterFactory meters, OutboxBacklog backlog)
    {
        Meter = meters.Create(MeterName);
        emailsSent = Meter.CreateCounter<long>("impacte.emails.sent", "{email}", "Emails the SMTP relay accepted, by kind.");
        emailsRetried = Meter.CreateCounter<long>("impacte.emails.retried", "{email}", "Sending attempts that failed for now and were scheduled again, by kind.");
        emailsFailed = Meter.CreateCounter<long>("impacte.emails.failed", "{email}", "Emails given up on (a permanent refusal, or every attempt spent), by kind.");
        chasesSent = Meter.CreateCounter<long>("impacte.chases.sent", "{email}", "Chaser emails written to the outbox for practice changes and audits.");
        digestsSent = Meter.CreateCounter<long>("impacte.digests.sent", "{email}", "Digest emails written to the outbox.");
        jobDuration = Meter.CreateHistogram<double>("impacte.job.duration", "s", "Background job runs and how long they took, by job and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900] });
        Meter.CreateObservableGauge("impacte.outbox.pending", backlog.ObservePending, "{email}",
            "Emails in the outbox not yet sent nor given up on.");
        Meter.CreateObservableGauge("impacte.outbox.oldest_pending_age", backlog.ObserveOldestPendingAge, "s",
            "How long the oldest pending email has waited since it was written.");
    }

    public Meter Meter { get; }

    public void EmailSent(string kind) => emailsSent.Add(1, new KeyValuePair<string, object?>("kind", kind));
    public void EmailRetried(string kind) => emailsRetried.Add(1, new KeyValuePair<string, object?>("kind", kind));
    public void EmailFailed(string kind) => emailsFailed.Add(1, new KeyValuePair<string, object?>("kind", kind));
    public void ChasesSent(int count) => chasesSent.Add(count);
    public void DigestsSent(int count) => digestsSent.Add(count);

    public void JobRan(string job, bool succeeded, TimeSpan duration) => jobDuration.Record(duration.TotalSeconds,
        new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));
}
