using Impacte.Domain.Appraisals;
using Impacte.Domain.Email;
using Impacte.Domain.Operations;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Worker.Tests;

/// <summary>
/// Evidence drift over simulated time: the Worker's review job tells the author and the checker of a published
/// appraisal once its review-by date comes, once each, however often it runs (and with two runs at once).
/// </summary>
public sealed class EvidenceDriftTests : IAsyncLifetime
{
    private static readonly DateOnly ReviewBy = new(2027, 3, 1);
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private IHost Host(FakeTimeProvider clock) =>
        WorkerHost.Build([.. Worker.Args(database), "--Email:PublicBaseUrl=https://impacte.example"], s => s.AddSingleton<TimeProvider>(clock));

    /// <summary>The job as Hangfire resolves it: the Domain contract, from a scope of its own.</summary>
    private static async Task RunJobAsync(IHost host)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IEvidenceReviewJob>().RunAsync(CancellationToken.None);
    }

    /// <summary>A published appraisal written by the club's second member and checked by its third.</summary>
    private async Task<(Appraisal Appraisal, ClubFixture.Club Club)> PublishedAppraisalAsync(string tag)
    {
        var club = await ClubFixture.CreateAsync(database, 3, tag);
        await using var db = database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var question = new ClinicalQuestion
        {
            ClubId = club.Id, ProposerId = club.Members[0].UserId, Population = "adults with atrial fibrillation", Intervention = "apixaban",
            Comparison = "warfarin", Outcome = "stroke", Type = QuestionType.Therapy, Urgency = Urgency.Routine,
            Title = "Apixaban or warfarin in AF", Sentence = "In adults with AF, does apixaban compared with warfarin reduce stroke?",
            Status = QuestionStatus.Appraised, CreatedAt = now, UpdatedAt = now,
        };
        var appraisal = new Appraisal
        {
            QuestionId = question.Id, StudyDesign = StudyDesign.RandomisedControlledTrial, Status = AppraisalStatus.Published,
            AuthorId = club.Members[1].UserId, CheckedById = club.Members[2].UserId, EvidenceLevel = 2, Grade = GradeCertainty.Moderate,
            BottomLine = "Apixaban prevents more strokes with less bleeding.", ReviewBy = ReviewBy,
            CreatedAt = now, UpdatedAt = now, SubmittedAt = now, PublishedAt = now,
        };
        db.Questions.Add(question);
        db.Appraisals.Add(appraisal);
        await db.SaveChangesAsync();
        return (appraisal, club);
    }

    private async Task<List<OutboxEmail>> AlertsAsync(Guid appraisalId)
    {
        await using var db = database.CreateContext();
        var prefix = $"appraisal-review:{appraisalId}:";
        return await db.Outbox.Where(e => e.IdempotencyKey.StartsWith(prefix)).OrderBy(e => e.ToAddress).ToListAsync();
    }

    [Fact]
    public async Task TheAuthorAndCheckerAreToldOnceWhenThePublishedAppraisalPassesItsReviewByDate()
    {
        var (appraisal, club) = await PublishedAppraisalAsync("drift");
        var (author, checker) = (club.Members[1], club.Members[2]);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 28, 23, 30, 0, TimeSpan.Zero)); // the day before, in London
        using var host = Host(clock);

        await RunJobAsync(host);
        Assert.Empty(await AlertsAsync(appraisal.Id));

        clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        // Twice at once (two Workers) and twice more after: nothing twice.
        await Task.WhenAll(RunJobAsync(host), RunJobAsync(host));
        await RunJobAsync(host);
        clock.Advance(TimeSpan.FromDays(30));
        await RunJobAsync(host);

        // Counted once it has settled.
        var alerts = await AlertsAsync(appraisal.Id);
        Assert.Equal([author.Email, checker.Email], alerts.Select(a => a.ToAddress).Order());
        Assert.All(alerts, a => Assert.Equal("Due for review: Apixaban or warfarin in AF", a.Subject));
        Assert.All(alerts, a => Assert.Contains($"https://impacte.example/appraisals/{appraisal.Id}", a.TextBody));
        Assert.Contains("which you wrote", alerts.Single(a => a.ToAddress == author.Email).TextBody);
        Assert.Contains("which you checked", alerts.Single(a => a.ToAddress == checker.Email).TextBody);
        Assert.Equal(alerts.Select(a => a.IdempotencyKey).Order(),
            new[] { author.UserId, checker.UserId }.Select(u => EvidenceDriftEmails.ReviewKey(appraisal.Id, ReviewBy, u)).Order());

        // The librarian reviews it and sets a new date: that date's passing is a new alert, once again.
        await using (var db = database.CreateContext())
            await db.Appraisals.Where(a => a.Id == appraisal.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ReviewBy, new DateOnly(2030, 3, 1)));
        await RunJobAsync(host);
        Assert.Equal(2, (await AlertsAsync(appraisal.Id)).Count);
        clock.SetUtcNow(new DateTimeOffset(2030, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await RunJobAsync(host);
        await RunJobAsync(host);
        Assert.Equal(4, (await AlertsAsync(appraisal.Id)).Count);
    }

    [Fact]
    public async Task TheAlertReachesTheLibrariansInboxOnceThroughTheOutbox()
    {
        var (appraisal, club) = await PublishedAppraisalAsync("driftmail");
        var author = club.Members[1];
        // The day after its review-by date: the clock moves, not the appraisal.
        var clock = new FakeTimeProvider(new DateTimeOffset(ReviewBy.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        using var host = Host(clock);
        await RunJobAsync(host);
        await RunJobAsync(host);

        await host.StartAsync();
        try
        {
            var mail = Assert.Single(await MailDev.Local.WaitForAsync(author.Email, timeout: TimeSpan.FromSeconds(30)));
            Assert.Equal("Due for review: Apixaban or warfarin in AF", mail.Subject);
            // The Worker's own run of the job (triggered at start, then hourly) adds nothing.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Single(await MailDev.Local.ForAsync(author.Email));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
