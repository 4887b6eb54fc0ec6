using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.PersonalData;

/// <summary>How long IMPACTE keeps what it no longer needs (README "Retention"); each period in days, from config.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Bodies of sent emails (subject, date and status stay, for the person's export and the ops view).</summary>
    public int SentEmailBodyDays { get; set; } = 30;
    /// <summary>Sign-in attempts: long enough to investigate a break-in.</summary>
    public int SignInAttemptDays { get; set; } = 90;
    /// <summary>Invitations that expired or were revoked without being accepted, counted from expiry.</summary>
    public int ExpiredInvitationDays { get; set; } = 30;
    /// <summary>
    /// What an erased person leaves that the clinical record does not need (memberships, RSVPs, attendance, votes),
    /// counted from the erasure; kept a while so the numbers of recent meetings and votes do not shift at once.
    /// </summary>
    public int ErasedPersonTraceDays { get; set; } = 90;
    /// <summary>Finished Hangfire jobs (succeeded or deleted); Hangfire expires them itself (the Worker sets it).</summary>
    public int JobHistoryDays { get; set; } = 7;
}

public sealed record RetentionResult(int EmailBodies, int SignInAttempts, int Invitations, int ErasedTraces);

/// <summary>
/// Applies the retention periods: the daily Worker job calls it. Each step is a set-based UPDATE or DELETE of rows past
/// their date, so running it twice (two Workers, a retried job) removes nothing more the second time.
/// </summary>
public sealed class RetentionSweep(ImpacteDbContext db, TimeProvider clock, RetentionOptions options)
{
    /// <summary>What a sent email's body becomes once its period is over.</summary>
    public const string RemovedBody = "(removed after the retention period)";

    public async Task<RetentionResult> RunAsync(CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        var bodiesBefore = now.AddDays(-options.SentEmailBodyDays);
        var bodies = await db.Outbox
            .Where(o => o.Status == OutboxStatus.Sent && o.SentAt < bodiesBefore && o.TextBody != RemovedBody)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.TextBody, RemovedBody).SetProperty(o => o.HtmlBody, (string?)null), ct);

        var attemptsBefore = now.AddDays(-options.SignInAttemptDays);
        var attempts = await db.SignInAttempts.Where(a => a.At < attemptsBefore).ExecuteDeleteAsync(ct);

        var invitationsBefore = now.AddDays(-options.ExpiredInvitationDays);
        var invitations = await db.Invitations.Where(i => i.AcceptedAt == null && i.ExpiresAt < invitationsBefore).ExecuteDeleteAsync(ct);

        var erasedBefore = now.AddDays(-options.ErasedPersonTraceDays);
        var erased = db.Users.Where(u => u.ErasedAt != null && u.ErasedAt < erasedBefore).Select(u => u.Id);
        var traces = await db.Memberships.Where(m => erased.Contains(m.UserId)).ExecuteDeleteAsync(ct)
            + await db.Set<MeetingRsvp>().Where(r => erased.Contains(r.UserId)).ExecuteDeleteAsync(ct)
            + await db.Set<MeetingAttendance>().Where(a => erased.Contains(a.UserId)).ExecuteDeleteAsync(ct)
            + await db.Set<QuestionVote>().Where(v => erased.Contains(v.UserId)).ExecuteDeleteAsync(ct);
        return new RetentionResult(bodies, attempts, invitations, traces);
    }
}
