using System.Net;
using System.Text.RegularExpressions;
using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Domain.Preferences;
using Impacte.Testing;
using Impacte.Worker.Email;
using Impacte.Worker.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Worker.Tests;

/// <summary>
/// RFC 8058 one-click unsubscribe from a real reading pack in MailDev to the Api, the fan-outs honouring preferences,
/// and permanent refusals counted towards an undeliverable address, through the real dispatcher.
/// </summary>
public sealed class UnsubscribeAndBounceTests : IAsyncLifetime
{
    private const string PublicBase = "https://impacte.test";
    private readonly ApiFactory api = new();

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    private TestDatabase Database => api.Database;

    private async Task DispatchAsync(int smtpPort = 1025)
    {
        using var host = WorkerHost.Build([.. Worker.Args(Database, smtpPort), $"--Email:PublicBaseUrl={PublicBase}"]);
        await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
    }

    private async Task<OutboxEmail> EnqueuePackAsync(MeetingRecipient to, Guid clubId)
    {
        var meeting = new Meeting { ClubId = clubId, StartsAt = DateTimeOffset.UtcNow.AddDays(3), EndsAt = DateTimeOffset.UtcNow.AddDays(3).AddHours(1) };
        var brief = new MeetingBrief(meeting, "Unsubscribe test club", "Europe/London", []);
        var row = new MeetingEmails(new EmailOptions { PublicBaseUrl = PublicBase }, TimeProvider.System).ReadingPack(brief, to);
        await using var db = Database.CreateContext();
        await OutboxWriter.InsertNewAsync(db, [row], CancellationToken.None);
        return row;
    }

    [Fact]
    public async Task AReadingPackCarriesOneClickUnsubscribeHeadersWhosePostTurnsOffReadingPacksOnly()
    {
        var club = await ClubFixture.CreateAsync(Database, 2, "unsub");
        var member = club.Members[1];
        var pack = await EnqueuePackAsync(member, club.Id);
        var invitation = new Emails(new EmailOptions(), TimeProvider.System)
            .Invitation(Guid.NewGuid(), $"unsub-invite-{Guid.NewGuid():N}@example.org", "Someone", "Test club", "Dr Lead", "token-" + Guid.NewGuid().ToString("N"));
        await using (var db = Database.CreateContext())
        {
            db.Outbox.Add(invitation);
            await db.SaveChangesAsync();
        }

        await DispatchAsync();

        var email = Assert.Single(await MailDev.Local.WaitForAsync(member.Email));
        Assert.Equal(pack.MessageId, email.MessageId);
        var headers = Unfolded(await MailDev.Local.SourceAsync(email));
        var link = Regex.Match(headers, @"^List-Unsubscribe: <(https://impacte\.test/unsubscribe/([A-Za-z0-9_-]+))>\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase);
        Assert.True(link.Success, headers);
        Assert.Matches(new Regex(@"^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase), headers);

        // Transactional mail has neither header.
        var invited = Unfolded(await MailDev.Local.SourceAsync(Assert.Single(await MailDev.Local.WaitForAsync(invitation.ToAddress))));
        Assert.DoesNotContain("List-Unsubscribe", invited, StringComparison.OrdinalIgnoreCase);

        // What a mail provider does with it: POST the form body to the link, no cookie, no antiforgery token.
        var provider = api.CreateClient(new() { AllowAutoRedirect = false });
        var path = new Uri(link.Groups[1].Value).AbsolutePath;
        var response = await provider.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var check = Database.CreateContext();
        var saved = await check.Preferences.SingleAsync(p => p.UserId == member.UserId);
        Assert.Equal((EmailDelivery.Off, EmailDelivery.Immediately, DigestFrequency.Weekly),
            (saved.ReadingPacks, saved.Reminders, saved.DigestFrequency));
        Assert.False(await check.Preferences.AnyAsync(p => p.UserId == club.Members[0].UserId));
    }

    [Fact]
    public async Task AReadingPackFanOutLeavesOutMembersWhoTurnedPacksOffOrIntoTheDigest()
    {
        var club = await ClubFixture.CreateAsync(Database, 3, "packprefs");
        await ClubFixture.AddMeetingAsync(Database, club.Id, TimeSpan.FromDays(2));
        await using (var db = Database.CreateContext())
        {
            (await db.Preferences.ForAsync(club.Members[1].UserId)).ReadingPacks = EmailDelivery.Off;
            (await db.Preferences.ForAsync(club.Members[2].UserId)).ReadingPacks = EmailDelivery.InDigest;
            await db.SaveChangesAsync();
        }

        using var host = WorkerHost.Build(Worker.Args(Database));
        using (var scope = host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendDuePacksAsync(CancellationToken.None);

        await using var check = Database.CreateContext();
        var ids = club.Members.Select(m => m.UserId).ToList();
        var rows = await check.Outbox.Where(o => o.RecipientId != null && ids.Contains(o.RecipientId.Value)).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal((club.Members[0].UserId, EmailList.ReadingPacks, "reading-pack"), (row.RecipientId!.Value, row.List!.Value, row.Kind));
    }

    [Fact]
    public async Task ThreePermanentRefusalsInARowMakeAnAddressUndeliverableAndASuccessResetsTheCount()
    {
        var club = await ClubFixture.CreateAsync(Database, 3, "bounce");
        var (flaky, dead) = (club.Members[1], club.Members[2]);
        using var refusing = new RefusingSmtpServer();

        async Task<EmailBounce?> BounceAsync(string address)
        {
            await using var db = Database.CreateContext();
            return await db.EmailBounces.AsNoTracking().SingleOrDefaultAsync(b => b.Address == address);
        }

        // Two refusals, then a delivery: the count starts again.
        for (var i = 0; i < 2; i++)
        {
            await EnqueuePackAsync(flaky, club.Id);
            await DispatchAsync(refusing.Port);
        }
        Assert.Equal((2, null), ((await BounceAsync(flaky.Email))!.ConsecutiveFailures, (await BounceAsync(flaky.Email))!.UndeliverableSince));
        await EnqueuePackAsync(flaky, club.Id);
        await DispatchAsync();
        Assert.Null(await BounceAsync(flaky.Email));

        // Three in a row: undeliverable.
        for (var i = 0; i < 3; i++)
        {
            await EnqueuePackAsync(dead, club.Id);
            await DispatchAsync(refusing.Port);
            Assert.Equal(i == 2, (await BounceAsync(dead.Email))!.UndeliverableSince is not null);
        }
        Assert.Contains("550", (await BounceAsync(dead.Email))!.LastError);

        // From now on it gets transactional mail only, even though the relay (MailDev) would take anything.
        var since = DateTimeOffset.UtcNow;
        var pack = await EnqueuePackAsync(dead, club.Id);
        var reset = new Emails(new EmailOptions(), TimeProvider.System).PasswordReset(dead.UserId, dead.Email, dead.Name, "token-" + Guid.NewGuid().ToString("N"));
        await using (var db = Database.CreateContext())
        {
            db.Outbox.Add(reset);
            await db.SaveChangesAsync();
        }
        await DispatchAsync();
        var received = await MailDev.Local.WaitForAsync(dead.Email, since: since);
        Assert.Equal([reset.MessageId], received.Select(e => e.MessageId));
        await using var check = Database.CreateContext();
        var held = await check.Outbox.SingleAsync(o => o.Id == pack.Id);
        Assert.Equal(OutboxStatus.Failed, held.Status);
        Assert.Contains("undeliverable", held.LastError);
    }

    /// <summary>The message's header block with folded lines joined, as RFC 5322 reads it.</summary>
    private static string Unfolded(string source)
    {
        var end = source.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = end < 0 ? source : source[..end];
        return Regex.Replace(headers, @"\r?\n[ \t]+", " ");
    }
}
