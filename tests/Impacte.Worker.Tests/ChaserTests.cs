using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Email;
using Impacte.Domain.Measures;
using Impacte.Domain.Preferences;
using Impacte.Testing;
using Impacte.Worker.Chasers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Worker.Tests;

/// <summary>
/// The chasers over simulated time: a FakeTimeProvider in the Worker's services walks a change through its steps
/// (Europe/London; the due date Friday 30 October 2026 falls the week after the clocks go back).
/// </summary>
public sealed class ChaserTests : IAsyncLifetime
{
    private static readonly DateOnly Due = new(2026, 10, 30);
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private IHost Host(FakeTimeProvider clock) =>
        WorkerHost.Build([.. Worker.Args(database), "--Email:PublicBaseUrl=https://impacte.example"], s => s.AddSingleton<TimeProvider>(clock));

    private static async Task<int> RunAsync(IHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ChangeChasers>().RunAsync(CancellationToken.None);
    }

    /// <summary>A change in progress, owned by the club's second member (the first is its lead).</summary>
    private async Task<(PracticeChange Change, ClubFixture.Club Club)> ChangeAsync(string tag, DateTimeOffset createdAt)
    {
        var club = await ClubFixture.CreateAsync(database, 2, tag);
        await using var db = database.CreateContext();
        var change = new PracticeChange
        {
            ClubId = club.Id, Title = "Offer anticoagulation to AF patients", Description = "Adults with AF and CHA2DS2-VASc of 2 or more.",
            OwnerId = club.Members[1].UserId, DueOn = Due, Status = ChangeStatus.InProgress, CreatedAt = createdAt, UpdatedAt = createdAt,
        };
        db.Add(change);
        await db.SaveChangesAsync();
        return (change, club);
    }

    private async Task<List<OutboxEmail>> ChasersAsync(Guid changeId)
    {
        await using var db = database.CreateContext();
        var prefix = $"chase:{changeId}:";
        return await db.Outbox.Where(e => e.IdempotencyKey.StartsWith(prefix)).OrderBy(e => e.CreatedAt).ToListAsync();
    }

    private async Task<List<PracticeChangeEvent>> ChasesInHistoryAsync(Guid changeId)
    {
        await using var db = database.CreateContext();
        return await db.Set<PracticeChangeEvent>().Where(e => e.ChangeId == changeId && e.Kind == ChangeEventKind.Chased)
            .OrderBy(e => e.At).ToListAsync();
    }

    [Fact]
    public async Task TheOwnerIsChasedAWeekAheadOnTheDayAndAWeekOverdueThenTheLeadIsToldEachStepOnce()
    {
        var clock = new FakeTimeProvider(Utc(10, 22, 10)); // Thursday, eight days ahead
        var (change, club) = await ChangeAsync("walk", clock.GetUtcNow());
        var (lead, owner) = (club.Members[0], club.Members[1]);
        using var host = Host(clock);

        Assert.Equal(0, await RunAsync(host));                          // day -8: nothing yet
        clock.SetUtcNow(Utc(10, 23, 7, 30));                            // day -7, 08:30 BST: before working hours
        Assert.Equal(0, await RunAsync(host));
        clock.Advance(TimeSpan.FromMinutes(30));                        // 09:00 BST
        Assert.Equal(1, await RunAsync(host));
        Assert.Equal(0, await RunAsync(host));                          // run twice: nothing twice
        clock.Advance(TimeSpan.FromDays(6));                            // Thursday, the day before
        Assert.Equal(0, await RunAsync(host));
        clock.SetUtcNow(Utc(10, 30, 8, 30));                            // on the day, 08:30 GMT (the clocks went back)
        Assert.Equal(0, await RunAsync(host));
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await RunAsync(host));
        clock.Advance(TimeSpan.FromDays(7));                            // +7
        Assert.Equal(1, await RunAsync(host));
        Assert.Equal(0, await RunAsync(host));
        clock.Advance(TimeSpan.FromDays(7));                            // +14: the lead is told
        Assert.Equal(1, await RunAsync(host));
        clock.Advance(TimeSpan.FromDays(10));                           // long after: nothing more
        Assert.Equal(0, await RunAsync(host));

        // Counted once the system has settled, and again after two more runs.
        for (var settle = 0; settle < 2; settle++)
        {
            var emails = await ChasersAsync(change.Id);
            Assert.Equal(
                [(owner.Email, "Due in 7 days: Offer anticoagulation to AF patients", change.Id.ToString(), Utc(10, 23, 8)),
                 (owner.Email, "Due today: Offer anticoagulation to AF patients", change.Id.ToString(), Utc(10, 30, 9)),
                 (owner.Email, "Overdue: Offer anticoagulation to AF patients", change.Id.ToString(), Utc(11, 6, 9)),
                 (lead.Email, $"Two weeks overdue: Offer anticoagulation to AF patients ({owner.Name})", change.Id.ToString(), Utc(11, 13, 9))],
                emails.Select(e => (e.ToAddress, e.Subject, change.Id.ToString(), e.CreatedAt)));
            Assert.All(emails.Take(3), e => Assert.Contains($"/changes/{change.Id}?for={owner.UserId}&sig=", e.TextBody));
            Assert.Contains($"/changes/{change.Id}?for={lead.UserId}&sig=", emails[3].TextBody);

            var history = await ChasesInHistoryAsync(change.Id);
            Assert.Equal(4, history.Count);
            Assert.All(history, h => Assert.Null(h.ById));
            Assert.StartsWith($"Reminder sent to {owner.Name}: the change is due in a week", history[0].Note);
            Assert.StartsWith($"Escalated to the club's lead {lead.Name}", history[3].Note);
            Assert.Equal(0, await RunAsync(host));
            Assert.Equal(0, await RunAsync(host));
        }
    }

    [Theory]
    [InlineData(EmailDelivery.InDigest, new[] { "escalation" })]
    [InlineData(EmailDelivery.Off, new[] { "overdue", "escalation" })]
    [InlineData(EmailDelivery.Immediately, new[] { "ahead", "due", "overdue", "escalation" })]
    public async Task TheOwnersChaserPreferenceDecidesTheirRemindersButNeitherSilencesAnOverdueItemNorTheLeads(EmailDelivery chasers, string[] expected)
    {
        var clock = new FakeTimeProvider(Utc(10, 23, 10)); // a week ahead
        var (change, club) = await ChangeAsync("prefs-" + chasers, clock.GetUtcNow());
        await using (var db = database.CreateContext())
        {
            var preferences = await db.Preferences.ForAsync(club.Members[1].UserId);
            preferences.Chasers = chasers;
            await db.SaveChangesAsync();
        }
        using var host = Host(clock);
        foreach (var day in new[] { Utc(10, 23, 10), Utc(10, 30, 10), Utc(11, 6, 10), Utc(11, 13, 10), Utc(11, 20, 10) })
        {
            clock.SetUtcNow(day);
            await RunAsync(host);
        }
        var steps = (await ChasersAsync(change.Id)).Select(e => e.IdempotencyKey.Split(':')[4]).ToArray();
        Assert.Equal(expected, steps);
    }

    [Fact]
    public async Task AbandoningTheChangeStopsTheChase()
    {
        var clock = new FakeTimeProvider(Utc(10, 23, 10));
        var (change, club) = await ChangeAsync("stop", clock.GetUtcNow());
        using var host = Host(clock);
        Assert.Equal(1, await RunAsync(host)); // a week ahead

        clock.Advance(TimeSpan.FromDays(3));
        await using (var db = database.CreateContext())
        {
            var changes = new PracticeChanges(db, clock);
            var owner = await Actor.LoadAsync(db, club.Members[1].UserId, false, false);
            await changes.TransitionAsync(change.Id, "abandoned", "The search could not be run in our system.", owner);
        }
        foreach (var day in new[] { Utc(10, 30, 10), Utc(11, 6, 10), Utc(11, 13, 10), Utc(11, 20, 10) })
        {
            clock.SetUtcNow(day);
            Assert.Equal(0, await RunAsync(host));
        }
        Assert.Single(await ChasersAsync(change.Id));
        Assert.Single(await ChasesInHistoryAsync(change.Id));
    }

    [Fact]
    public async Task ImplementedChangesAreNotChasedAndAMovedDueDateStartsItsOwnSteps()
    {
        var clock = new FakeTimeProvider(Utc(10, 30, 10)); // the due day
        var (change, _) = await ChangeAsync("moved", clock.GetUtcNow());
        var (implemented, _) = await ChangeAsync("done", clock.GetUtcNow());
        await using (var db = database.CreateContext())
            await db.Set<PracticeChange>().Where(c => c.Id == implemented.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatus.Implemented));
        using var host = Host(clock);
        Assert.Equal(1, await RunAsync(host)); // only the open one

        // The lead gives it four more weeks: the new date is chased from its own week ahead.
        await using (var db = database.CreateContext())
            await db.Set<PracticeChange>().Where(c => c.Id == change.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DueOn, Due.AddDays(28)));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0, await RunAsync(host)); // the old +7 is not sent for the new date
        clock.Advance(TimeSpan.FromDays(14));  // a week before the new date
        Assert.Equal(1, await RunAsync(host));
        Assert.Equal(2, (await ChasersAsync(change.Id)).Count);
        Assert.Empty(await ChasersAsync(implemented.Id));
    }

    [Fact]
    public async Task AReauditIsChasedWithALinkToItsFormUntilTheFiguresAreEntered()
    {
        var clock = new FakeTimeProvider(Utc(10, 23, 10)); // a week before the re-audit
        var (change, club) = await ChangeAsync("reaudit", clock.GetUtcNow());
        var owner = club.Members[1];
        var period = MeasurePeriod.Containing(MeasurePeriodKind.Month, Due).Previous; // September, read by the re-audit due 30 October
        var measure = new Measure
        {
            ChangeId = change.Id, Name = "AF patients anticoagulated", NumeratorDefinition = "on an anticoagulant",
            DenominatorDefinition = "AF with CHA2DS2-VASc of 2 or more", CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
        };
        await using (var db = database.CreateContext())
        {
            // Implemented: the change's own due date is no longer chased, its re-audits are.
            await db.Set<PracticeChange>().Where(c => c.Id == change.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatus.Implemented));
            db.Add(measure);
            db.Add(new MeasureAudit
            {
                MeasureId = measure.Id, Kind = AuditKind.ReAudit, DueOn = Due, Period = period.Label, Ordinal = period.Ordinal, CreatedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        using var host = Host(clock);

        Assert.Equal(1, await RunAsync(host));
        Assert.Equal(0, await RunAsync(host));
        var reminder = Assert.Single(await ChasersAsync(change.Id));
        Assert.Equal($"chase:{change.Id}:{measure.Id}:2026-10-30:ahead", reminder.IdempotencyKey);
        Assert.Equal("Due in 7 days: AF patients anticoagulated, 2026-09 figures", reminder.Subject);
        Assert.Contains($"https://impacte.example/measures/{measure.Id}/points/2026-09?for={owner.UserId}&sig=", reminder.TextBody);
        Assert.StartsWith($"Reminder sent to {owner.Name}: the 2026-09 figures for \"AF patients anticoagulated\" are due in a week",
            Assert.Single(await ChasesInHistoryAsync(change.Id)).Note);

        // The owner enters September's figures: nothing more, on the day, overdue or for the lead.
        clock.Advance(TimeSpan.FromDays(2));
        await using (var db = database.CreateContext())
        {
            db.Add(new Measurement
            {
                MeasureId = measure.Id, Period = period.Label, Ordinal = period.Ordinal, Numerator = 41, Denominator = 50,
                EnteredById = owner.UserId, EnteredAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        foreach (var day in new[] { Utc(10, 30, 10), Utc(11, 6, 10), Utc(11, 13, 10) })
        {
            clock.SetUtcNow(day);
            Assert.Equal(0, await RunAsync(host));
        }
        Assert.Single(await ChasersAsync(change.Id));
    }

    [Fact]
    public async Task AReauditChaserCarriesTheMeasuresChartAsAnInlinePngTheHtmlNamesByCidWithTheLatestFiguresInWords()
    {
        var clock = new FakeTimeProvider(Utc(10, 30, 11)); // the re-audit's due day, 11:00 GMT
        var (change, club) = await ChangeAsync("chart", clock.GetUtcNow().AddDays(-300));
        var owner = club.Members[1];
        var due = MeasurePeriod.Containing(MeasurePeriodKind.Month, Due).Previous; // September's figures are due
        var measure = new Measure
        {
            ChangeId = change.Id, Name = "AF patients anticoagulated", NumeratorDefinition = "on an anticoagulant", StandardPercent = 90,
            DenominatorDefinition = "AF with CHA2DS2-VASc of 2 or more", CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
        };
        await using (var db = database.CreateContext())
        {
            await db.Set<PracticeChange>().Where(c => c.Id == change.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChangeStatus.Implemented));
            db.Add(measure);
            measure.Baselines.Add(new MeasureBaseline { MeasureId = measure.Id, Points = 6, ById = owner.UserId, At = clock.GetUtcNow() });
            // Eight months up to August: the baseline, then two better months.
            int[] numerators = [30, 32, 29, 31, 30, 33, 40, 43];
            for (var i = 0; i < numerators.Length; i++)
            {
                var period = new MeasurePeriod(MeasurePeriodKind.Month, due.Ordinal - numerators.Length + i);
                db.Add(new Measurement
                {
                    MeasureId = measure.Id, Period = period.Label, Ordinal = period.Ordinal, Numerator = numerators[i], Denominator = 50,
                    EnteredById = owner.UserId, EnteredAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
                });
            }
            db.Add(new MeasureAudit
            {
                MeasureId = measure.Id, Kind = AuditKind.ReAudit, DueOn = Due, Period = due.Label, Ordinal = due.Ordinal, CreatedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        using var host = Host(clock);
        await host.StartAsync();
        try
        {
            await RunAsync(host);
            var email = Assert.Single(await MailDev.Local.WaitForAsync(owner.Email));
            Assert.Contains("Latest figures: 2026-08: 43 of 50 (86%), against a standard of 90%.", email.Text);

            // The message as sent: multipart/related holds the HTML and the PNG whose Content-ID the <img> names.
            using var source = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await MailDev.Local.SourceAsync(email)));
            var message = await MimeKit.MimeMessage.LoadAsync(source);
            var png = Assert.Single(message.BodyParts.OfType<MimeKit.MimePart>(), p => p.ContentType.IsMimeType("image", "png"));
            Assert.False(string.IsNullOrEmpty(png.ContentId));
            using var bytes = new MemoryStream();
            await png.Content!.DecodeToAsync(bytes);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.ToArray().Take(4));
            var img = Assert.Single(System.Text.RegularExpressions.Regex.Matches(message.HtmlBody ?? "", "<img [^>]*>"));
            Assert.Contains($"src=\"cid:{png.ContentId}\"", img.Value);
            var alt = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(img.Value, "alt=\"([^\"]*)\"").Groups[1].Value);
            Assert.StartsWith("AF patients anticoagulated (% of AF with CHA2DS2-VASc of 2 or more, by month).", alt);
            Assert.Contains("Latest value", alt);
            Assert.NotNull(FindRelated(message.Body!));
        }
        finally
        {
            await host.StopAsync();
        }

        static MimeKit.MultipartRelated? FindRelated(MimeKit.MimeEntity? entity) => entity switch
        {
            MimeKit.MultipartRelated related => related,
            MimeKit.Multipart multipart => multipart.Select(FindRelated).FirstOrDefault(r => r is not null),
            _ => null,
        };
    }

    [Fact]
    public async Task AChaserArrivesInMailDevWithTextAndHtmlAndTheSignedLink()
    {
        var clock = new FakeTimeProvider(Utc(10, 30, 11)); // the due day, 11:00 GMT
        var (change, club) = await ChangeAsync("mail", clock.GetUtcNow());
        var owner = club.Members[1];
        using var host = Host(clock);
        await host.StartAsync();
        try
        {
            await RunAsync(host); // the Worker's own start-up run may have written it already: either way, once
            var email = Assert.Single(await MailDev.Local.WaitForAsync(owner.Email));
            Assert.Equal("Due today: Offer anticoagulation to AF patients", email.Subject);
            byte[] key;
            await using (var db = database.CreateContext())
                key = await db.Set<PracticeChange>().Where(c => c.Id == change.Id).Select(c => c.ChaseKey).SingleAsync();
            var link = $"https://impacte.example{ChaseLinks.Signed(key, $"/changes/{change.Id}", owner.UserId)}";
            Assert.Contains(link, email.Text);
            Assert.Contains(link.Replace("&", "&amp;"), email.Html);
            Assert.Contains("<strong>Offer anticoagulation to AF patients</strong>", email.Html);
            if (Environment.GetEnvironmentVariable("IMPACTE_CHASER_HTML") is { Length: > 0 } path) await File.WriteAllTextAsync(path, email.Html);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Single(await MailDev.Local.ForAsync(owner.Email));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
