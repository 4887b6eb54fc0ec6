using Hangfire;
using Impacte.Domain.Operations;
using Impacte.Worker.Jobs;

namespace Impacte.Worker.Meetings;

// One run of each job fans out to outbox rows (never a job per email). Every job reads what is due from the database,
// so a run that was missed or ran twice changes nothing: the next one finds the same work, and the idempotency keys
// drop what is already written. A Worker killed mid-run rolled its transaction back; another Worker takes the job up
// again (Hangfire's sliding invisibility timeout) and redoes it.
// RunExclusively: two runs of one fan-out would contend for the same meetings' rows, so a second run waits for the first
// (across all Workers: a session advisory lock in PostgreSQL, see RunLocks; it is released the moment a killed holder's
// connection closes, where Hangfire's DisableConcurrentExecution lock row outlived a killed Worker by 30 s).
// AutomaticRetry: a failed run (the database away for a moment) is retried after 10 s, 30 s, 1 min, then 5 min; the
// recurring schedule carries on meanwhile.
// The attributes are read from these classes, not from the Domain interfaces (see JobClassFilterProvider).

/// <summary>Keeps every club's cadence generated three months ahead.</summary>
[RunExclusively]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 30, 60, 300])]
public sealed class MeetingHorizonJob(MeetingMail mail) : IMeetingHorizonJob
{
    public Task RunAsync(CancellationToken ct) => mail.GenerateAsync(ct);
}

/// <summary>Sends reading packs at start minus the club's lead time, and at once for a meeting added inside it.</summary>
[RunExclusively]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 30, 60, 300])]
public sealed class ReadingPackJob(MeetingMail mail) : IReadingPackJob
{
    public Task RunAsync(CancellationToken ct) => mail.SendDuePacksAsync(ct);
}

/// <summary>Sends updates (same UID, higher SEQUENCE) and cancellations (METHOD:CANCEL) after members heard of a meeting.</summary>
[RunExclusively]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 30, 60, 300])]
public sealed class MeetingChangesJob(MeetingMail mail) : IMeetingChangesJob
{
    public Task RunAsync(CancellationToken ct) => mail.SendChangesAsync(ct);
}

/// <summary>Sends the day-before reminder to those who answered yes or maybe.</summary>
[RunExclusively]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 30, 60, 300])]
public sealed class MeetingReminderJob(MeetingMail mail) : IMeetingReminderJob
{
    public Task RunAsync(CancellationToken ct) => mail.SendRemindersAsync(ct);
}
