using Impacte.Domain.Email;
using Impacte.Testing;
using MimeKit;

namespace Impacte.Worker.Tests;

/// <summary>
/// The fault tests' final sweep must be able to fail: a late second copy with another identity, a third copy, or an
/// email that never came are each seen, even when every member's first copy arrived.
/// </summary>
public sealed class InboxSweepTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task TheSweepSeesASecondIdentityAThirdCopyAndALostEmail()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        string Member(string who) => $"sweep-{run}-{who}@example.org";
        await SendAsync(Member("fine"), "<fine@impacte.local>");
        await SendAsync(Member("twice"), "<twice@impacte.local>", "<twice@impacte.local>");
        await SendAsync(Member("renamed"), "<first@impacte.local>", "<second@impacte.local>");
        await SendAsync(Member("thrice"), "<thrice@impacte.local>", "<thrice@impacte.local>", "<thrice@impacte.local>");
        await MailDev.Local.WaitForAsync(Member("thrice"), 3);
        await MailDev.Local.WaitForAsync(Member("renamed"), 2);
        var quiet = TimeSpan.FromMilliseconds(500);

        // One crash allows one extra copy of the same message, and nothing else.
        await InboxSweep.AssertNoneLostAtMostOneExtraPerFaultAsync(database, [Member("fine"), Member("twice")], faults: 1, quiet);
        await Assert.ThrowsAnyAsync<Exception>(() => InboxSweep.AssertNoneLostAtMostOneExtraPerFaultAsync(database, [Member("twice")], faults: 0, quiet));
        await Assert.ThrowsAnyAsync<Exception>(() => InboxSweep.AssertNoneLostAtMostOneExtraPerFaultAsync(database, [Member("renamed")], faults: 1, quiet));
        await Assert.ThrowsAnyAsync<Exception>(() => InboxSweep.AssertNoneLostAtMostOneExtraPerFaultAsync(database, [Member("thrice")], faults: 1, quiet));
        await Assert.ThrowsAnyAsync<Exception>(() => InboxSweep.AssertNoneLostAtMostOneExtraPerFaultAsync(database, [Member("fine"), Member("never")], faults: 1, quiet));
    }

    private static async Task SendAsync(string to, params string[] messageIds)
    {
        using var client = await SmtpConnection.OpenAsync(new SmtpOptions(), CancellationToken.None);
        foreach (var id in messageIds)
        {
            var message = new MimeMessage { Subject = "Sweep", MessageId = id.Trim('<', '>'), Body = new TextPart("plain") { Text = "Hello" } };
            message.From.Add(MailboxAddress.Parse("impacte@example.org"));
            message.To.Add(MailboxAddress.Parse(to));
            await client.SendAsync(message);
        }
        await client.DisconnectAsync(true);
    }
}
