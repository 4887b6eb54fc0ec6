using System.IO.Compression;
using System.Text.RegularExpressions;
using Impacte.Domain.Clubs;
using Impacte.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// The admin's day, end to end at desktop and phone widths: home says what needs attention (a failed email, an
/// invitation not emailed); People: search, open a person, grant a network role, deactivate and reactivate, each act in the audit trail (filtered by
/// that person); Operations: the failed email (in UK time, its retry named), the jobs and the Hangfire dashboard
/// link; and the person's data exported. axe on every page passed; screenshots in .run/screenshots.
/// </summary>
public sealed class AdminDayTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Theory]
    [InlineData(1280, 900, "registrar.mk@example.org", "Dr Chloe Bennett", "Bennett")]
    [InlineData(390, 844, "anp.luton@example.org", "Samuel Osei", "osei")]
    public async Task AnAdminSeesWhatNeedsAttentionLooksAfterAPersonAndChecksOperations(int width, int height, string email, string name, string search)
    {
        var subject = $"Reading pack that bounced {Guid.NewGuid():N}"[..36];
        Guid personId, invitationClub;
        await using (var db = Site.Api.Database.CreateContext())
        {
            personId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            // A failed email, as the dispatcher leaves one after its last attempt: something for the admin to see.
            var key = Guid.NewGuid().ToString("N");
            db.Outbox.Add(new OutboxEmail
            {
                IdempotencyKey = $"admin-day-{key}", MessageId = $"<admin-day-{key}@impacte>", Kind = "reading-pack", ToAddress = email, ToName = name,
                Subject = subject, TextBody = "The pack.", Status = OutboxStatus.Failed, Attempts = 8, CreatedAt = DateTimeOffset.UtcNow.AddHours(-3),
                NextAttemptAt = DateTimeOffset.UtcNow.AddHours(-1), LastError = "550 5.1.1 mailbox unavailable",
            });
            // An open invitation whose email was never written (its address's account was deactivated then).
            var club = await db.Clubs.OrderBy(c => c.Name).FirstAsync();
            invitationClub = club.Id;
            db.Invitations.Add(new Invitation
            {
                ClubId = club.Id, Email = email, Name = name, TokenHash = Invitation.Hash(Invitation.NewToken()), InvitedById = personId,
                CreatedAt = DateTimeOffset.UtcNow.AddHours(-2), ExpiresAt = DateTimeOffset.UtcNow.AddDays(5),
            });
            await db.SaveChangesAsync();
        }

        await using var walk = await PageWalk.StartAsync(Chromium, Site.BaseUrl, "admin-day", width, height);
        var page = walk.Page;

        await SignInOnAsync(page, "admin@example.org");

        // Home: what needs attention.
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("tasks-admin").Locator("a[href='/ops']")).ToContainTextAsync("failed to send");
        await Assertions.Expect(page.GetByTestId("tasks-admin").Locator($"a[href='/clubs/{invitationClub}#invitations']").Filter(new() { HasText = email }))
            .ToContainTextAsync("Not emailed");
        await walk.LookAsync("home");

        // People: search, open the person.
        await NavigateOnAsync(page, "nav-people");
        await page.GetByLabel("Search by name or email").FillAsync(search);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("person-row")).ToHaveCountAsync(1);
        await walk.LookAsync("people");
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("memberships")).ToContainTextAsync("member since");
        await walk.LookAsync("person");

        // A network role, then deactivate and reactivate: each confirmed, each in the person's history in UK time.
        await page.GetByTestId("roles-form").GetByLabel("Librarian").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Network roles saved");
        await Assertions.Expect(page.GetByTestId("roles-form").GetByLabel("Librarian")).ToBeCheckedAsync();
        await page.GetByTestId("deactivate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Account deactivated");
        await Assertions.Expect(page.GetByTestId("account-state")).ToContainTextAsync(new Regex("Deactivated .* (GMT|BST)"));
        await walk.LookAsync("person-deactivated");
        await page.GetByTestId("reactivate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Account reactivated");
        await Assertions.Expect(page.GetByTestId("account-state")).ToHaveTextAsync("Active");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("Reactivated");

        // The audit trail, from the person's page: exactly their acts, by the admin, in UK time.
        await page.GetByTestId("person-audit").ClickAsync();
        var rows = page.GetByTestId("audit-row");
        foreach (var act in new[] { "Role granted", "Deactivated", "Reactivated" })
            await Assertions.Expect(rows.Filter(new() { HasText = act }).Filter(new() { HasText = "Alex Morgan" }).First).ToBeVisibleAsync();
        Assert.All(await rows.AllInnerTextsAsync(), r => Assert.Contains(name, r));
        Assert.All(await rows.AllInnerTextsAsync(), r => Assert.Matches("(GMT|BST)", r));
        // The filter names the person by their email address, as its label asks, not by an id.
        await Assertions.Expect(page.GetByLabel("Person (email address)")).ToHaveValueAsync(email);
        await walk.LookAsync("audit");
        // Filtered again by email address, from the form: the same acts.
        var count = await rows.CountAsync();
        await page.GetByLabel("Person (email address)").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(count);

        // Operations: the failed email in UK time with a retry that names it; the jobs and their dashboard.
        await NavigateOnAsync(page, "nav-ops");
        await page.GotoAsync("/ops?status=failed");
        var failed = page.GetByTestId("outbox-row").Filter(new() { HasText = subject });
        await Assertions.Expect(failed).ToContainTextAsync("550 5.1.1");
        await Assertions.Expect(failed).ToContainTextAsync(new Regex("(GMT|BST)"));
        await Assertions.Expect(failed).Not.ToContainTextAsync(new Regex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ"));
        await Assertions.Expect(failed.GetByRole(AriaRole.Button, new() { Name = $"Retry {subject}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("jobs")).ToContainTextAsync("reading-packs");
        await walk.LookAsync("ops");
        await page.GetByTestId("dashboard").ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("IMPACTE jobs"));

        // Export the person's data: a zip naming them, and the export recorded in the trail.
        await page.GotoAsync($"/admin/people/{personId}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename);
        using (var zip = ZipFile.OpenRead((await download.PathAsync())!))
        {
            var json = zip.Entries.Single(e => e.FullName.EndsWith(".json", StringComparison.Ordinal));
            using var reader = new StreamReader(json.Open());
            Assert.Contains(email, await reader.ReadToEndAsync());
        }
        await page.GotoAsync($"/admin/audit?person={Uri.EscapeDataString(email)}");
        await Assertions.Expect(rows.Filter(new() { HasText = "Personal data exported" }).First).ToBeVisibleAsync();
        walk.AssertAccessible();
    }
}
