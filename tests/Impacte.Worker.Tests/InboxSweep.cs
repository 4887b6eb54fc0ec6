using Impacte.Domain.Email;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Worker.Tests;

/// <summary>
/// The fault tests' last word. Waiting for each member's first copy proves nothing about copies sent later (a
/// recovered batch re-sent after a crash, a retry after an outage). So once the run has settled (nothing pending in
/// the outbox for a while, recovery time passed) every member's inbox is read once more and counted: no email lost,
/// at most one extra copy per fault, and every copy with the same Message-ID.
/// </summary>
internal static class InboxSweep
{
    /// <summary>Waits until the outbox has had nothing pending for <paramref name="quiet"/>, then sweeps and asserts.</summary>
    public static async Task AssertNoneLostAtMostOneExtraPerFaultAsync(
        TestDatabase database, IEnumerable<string> members, int faults, TimeSpan quiet, TimeSpan? timeout = null)
    {
        await SettleAsync(database, quiet, timeout ?? TimeSpan.FromSeconds(120));
        var inboxes = await MailDev.Local.InboxesAsync(members);
        var lost = inboxes.Where(i => i.Value.Count == 0).Select(i => i.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} member(s) never got their email, e.g. {lost.FirstOrDefault()}");
        foreach (var (member, emails) in inboxes)
        {
            Assert.True(emails.Count <= 1 + faults, $"{member} got {emails.Count} copies after {faults} fault(s)");
            Assert.True(emails.Select(e => e.MessageId).Distinct().Count() == 1,
                $"{member} got copies with different Message-IDs: {string.Join(", ", emails.Select(e => e.MessageId))}");
        }
    }

    private static async Task SettleAsync(TestDatabase database, TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow - quietSince < quiet)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The outbox never settled: emails are still pending.");
            await Task.Delay(250);
            await using var db = database.CreateContext();
            if (await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending)) quietSince = DateTime.UtcNow;
        }
    }
}
