namespace Impacte.Domain.Operations;

/// <summary>
/// The Worker's recurring jobs by id: the Worker registers them (Hangfire, in one place), the Api triggers them and
/// shows them. Hangfire stores each as a call on the interface below, which lives here so that both processes can load
/// it: the Api triggers a job without knowing the Worker's classes, and the Worker never references the Api.
/// </summary>
public static class RecurringJobIds
{
    public const string MeetingHorizon = "meeting-horizon";
    public const string ReadingPacks = "reading-packs";
    public const string MeetingChanges = "meeting-changes";
    public const string MeetingReminders = "meeting-reminders";
    public const string Chasers = "chasers";
    public const string Digests = "digests";
    public const string EvidenceReview = "evidence-review";
    public const string Retention = "retention";

    public static readonly IReadOnlyList<string> All = [MeetingHorizon, ReadingPacks, MeetingChanges, MeetingReminders, Chasers, Digests, EvidenceReview, Retention];
}

/// <summary>Keeps every club's cadence generated three months ahead.</summary>
public interface IMeetingHorizonJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Sends reading packs at start minus the club's lead time.</summary>
public interface IReadingPackJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Sends updates and cancellations of meetings members heard of.</summary>
public interface IMeetingChangesJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Sends the day-before reminders to those who answered yes or maybe.</summary>
public interface IMeetingReminderJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Chases what is due on practice changes: reminders to owners, escalation to club leads.</summary>
public interface IChaseJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Writes the members' digests that are due (hourly: 07:00 on their day, in their zone).</summary>
public interface IDigestJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Tells the librarians of published appraisals whose review-by date has come (evidence drift), once each.</summary>
public interface IEvidenceReviewJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Runs a recurring job now, once, on whichever Worker takes it (Hangfire's trigger in the Api).</summary>
public interface IRecurringJobTrigger
{
    /// <summary>False when no Worker has registered a recurring job with this id.</summary>
    bool Trigger(string jobId);
}

/// <summary>Applies the retention periods (README "Retention"): daily, and safe to run twice.</summary>
public interface IRetentionJob
{
    Task RunAsync(CancellationToken ct);
}
