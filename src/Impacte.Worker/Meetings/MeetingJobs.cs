using Quartz;

namespace Impacte.Worker.Meetings;

// One firing of each job fans out to outbox rows (never a trigger per email). Every job reads what is due from the
// database, so a firing that was missed or ran twice changes nothing: the next one finds the same work, and the
// idempotency keys drop what is already written. Hence the misfire policy of the polling jobs: skip the missed firings
// and wait for the next (NextWithRemainingCount), since catching up would only repeat the same query.
// DisallowConcurrentExecution: two runs of one fan-out would contend for the same meetings' rows.
// RequestRecovery: a node killed mid-fan-out rolled its transaction back; the recovering node redoes the run at once
// instead of waiting for the next firing.

/// <summary>Keeps every club's cadence generated three months ahead. Hourly; a missed hour fires once on recovery
/// (cron misfire: FireAndProceed), because an hour is long enough to matter for a meeting added near the horizon.</summary>
[DisallowConcurrentExecution]
public sealed class MeetingHorizonJob(MeetingMail mail) : IJob
{
    public static readonly JobKey Key = new("meeting-horizon", "meetings");
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await mail.GenerateAsync(ct);
}

/// <summary>Sends reading packs at start minus the club's lead time, and at once for a meeting added inside it.</summary>
[DisallowConcurrentExecution]
public sealed class ReadingPackJob(MeetingMail mail) : IJob
{
    public static readonly JobKey Key = new("reading-packs", "meetings");
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await mail.SendDuePacksAsync(ct);
}

/// <summary>Sends updates (same UID, higher SEQUENCE) and cancellations (METHOD:CANCEL) after members heard of a meeting.</summary>
[DisallowConcurrentExecution]
public sealed class MeetingChangesJob(MeetingMail mail) : IJob
{
    public static readonly JobKey Key = new("meeting-changes", "meetings");
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await mail.SendChangesAsync(ct);
}

/// <summary>Sends the day-before reminder to those who answered yes or maybe.</summary>
[DisallowConcurrentExecution]
public sealed class MeetingReminderJob(MeetingMail mail) : IJob
{
    public static readonly JobKey Key = new("meeting-reminders", "meetings");
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await mail.SendRemindersAsync(ct);
}
