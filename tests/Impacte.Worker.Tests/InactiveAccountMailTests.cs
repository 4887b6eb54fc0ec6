using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Digests;
using Impacte.Domain.Meetings;
using Impacte.Domain.Operations;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Impacte.Worker.Chasers;
using Impacte.Worker.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Worker.Tests;

/// <summary>
/// The Worker's fan-outs write nothing to a deactivated or an erased member, and write to the active members of the
/// same club as before. Each club has four members: a lead and a member, active; a member deactivated by an admin; a
/// member erased by an admin (whose memberships and RSVPs erasure keeps). Rows are read from the outbox, not MailDev.
/// </summary>
public sealed class InactiveAccountMailTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private IHost Host(FakeTimeProvider clock) =>
        WorkerHost.Build([.. Worker.Args(database), "--Email:PublicBaseUrl=https://impacte.example"], s => s.AddSingleton<TimeProvider>(clock));

    private sealed record Club(Guid Id, Guid Lead, Guid Active, Guid Deactivated, Guid Erased);

    private async Task<Club> ClubAsync(string tag)
    {
        var club = await ClubFixture.CreateAsync(database, 4, tag);
        var ids = club.Members.Select(m => m.UserId).ToList();
        await AccountStates.DeactivateAsync(database, ids[2]);
        await AccountStates.EraseAsync(database, ids[3]);
        return new Club(club.Id, ids[0], ids[1], ids[2], ids[3]);
    }

    private async Task<List<Guid>> RecipientsAsync(string keyPrefix)
    {
        await using var db = database.CreateContext();
        return (await db.Outbox.Where(e => e.IdempotencyKey.StartsWith(keyPrefix)).Select(e => e.RecipientId!.Value).ToListAsync()).Order().ToList();
    }

    private static async Task<T> InScopeAsync<TService, T>(IHost host, Func<TService, Task<T>> run) where TService : notnull
    {
        using var scope = host.Services.CreateScope();
        return await run(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task AnswerAsync(Meeting meeting, RsvpResponse response, params Guid[] who)
    {
        await using var db = database.CreateContext();
        foreach (var userId in who)
            db.Rsvps.Add(new MeetingRsvp { MeetingId = meeting.Id, UserId = userId, Response = response, RespondedAt = DateTimeOffset.UtcNow, ForStartsAt = meeting.StartsAt });
        await db.SaveChangesAsync();
    }

    private static List<Guid> Sorted(params Guid[] ids) => [.. ids.Order()];

    [Fact]
    public async Task AReadingPackGoesToActiveMembersOnlyAndOnlyTheyAreRecordedAsHavingHadIt()
    {
        var club = await ClubAsync("pack-inactive");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2));
        using var host = Host(new FakeTimeProvider(DateTimeOffset.UtcNow));

        // Other tests' meetings share the database: only this club's rows are counted.
        await InScopeAsync<MeetingMail, int>(host, m => m.SendDuePacksAsync(CancellationToken.None));

        Assert.Equal(Sorted(club.Lead, club.Active), await RecipientsAsync($"reading-pack:{meeting.Id}:"));
        await using var db = database.CreateContext();
        Assert.Equal(Sorted(club.Lead, club.Active),
            (await db.PackRecipients.Where(p => p.MeetingId == meeting.Id).Select(p => p.UserId).ToListAsync()).Order());
    }

    [Fact]
    public async Task AMovedOrCancelledMeetingIsToldToTheActiveMemberWhoAnsweredNotToDeactivatedOrErasedOnes()
    {
        var club = await ClubAsync("change-inactive");
        var moved = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(21));
        var cancelled = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(28));
        foreach (var meeting in new[] { moved, cancelled })
            await AnswerAsync(meeting, RsvpResponse.Yes, club.Active, club.Deactivated, club.Erased);
        await using (var db = database.CreateContext())
        {
            foreach (var m in await db.Meetings.Where(m => m.ClubId == club.Id).ToListAsync())
            {
                m.Changed();
                if (m.Id == moved.Id) (m.StartsAt, m.EndsAt) = (m.StartsAt.AddDays(1), m.EndsAt.AddDays(1));
                else (m.Status, m.CancelReason) = (MeetingStatus.Cancelled, "The practice is closed.");
            }
            await db.SaveChangesAsync();
        }
        using var host = Host(new FakeTimeProvider(DateTimeOffset.UtcNow));

        // Other tests' meetings share the database: only this club's rows are counted.
        await InScopeAsync<MeetingMail, int>(host, m => m.SendChangesAsync(CancellationToken.None));

        Assert.Equal([club.Active], await RecipientsAsync($"meeting-update:{moved.Id}:"));
        Assert.Equal([club.Active], await RecipientsAsync($"meeting-cancel:{cancelled.Id}:"));
    }

    [Fact]
    public async Task TheDayBeforeReminderGoesToTheActiveMembersWhoSaidYesNotToDeactivatedOrErasedOnes()
    {
        var club = await ClubAsync("remind-inactive");
        var meeting = await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromHours(20));
        await AnswerAsync(meeting, RsvpResponse.Yes, club.Lead, club.Active, club.Deactivated, club.Erased);
        using var host = Host(new FakeTimeProvider(DateTimeOffset.UtcNow));

        // Other tests' meetings share the database: only this club's rows are counted.
        await InScopeAsync<MeetingMail, int>(host, m => m.SendRemindersAsync(CancellationToken.None));

        Assert.Equal(Sorted(club.Lead, club.Active), await RecipientsAsync($"meeting-reminder:{meeting.Id}:"));
    }

    [Fact]
    public async Task DigestsAreWrittenForActiveMembersNotForDeactivatedOrErasedOnes()
    {
        // Monday 30 November 2026, 08:00 in London: everyone's weekly digest is due, for the week from the 23rd.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        var club = await ClubAsync("digest-inactive");
        var inThePeriod = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        await using (var db = database.CreateContext())
        {
            // News for every member: a question proposed in the club this week.
            db.Questions.Add(new ClinicalQuestion
            {
                ClubId = club.Id, ProposerId = club.Lead, Population = "adults with gout", Intervention = "allopurinol", Outcome = "flares",
                Title = "Allopurinol in gout", Sentence = "In adults with gout, does allopurinol reduce flares?", CreatedAt = inThePeriod, UpdatedAt = inThePeriod,
            });
            await db.SaveChangesAsync();
        }
        using var host = Host(clock);

        await InScopeAsync<MemberDigests, int>(host, d => d.SendDueAsync(CancellationToken.None));

        var digested = await RecipientsAsync("digest:");
        Assert.Contains(club.Active, digested);
        Assert.DoesNotContain(club.Deactivated, digested);
        Assert.DoesNotContain(club.Erased, digested);
    }

    [Fact]
    public async Task ChasersGoToAnActiveOwnerAndEscalateToActiveLeadsOnly()
    {
        var due = new DateOnly(2026, 10, 30);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 23, 8, 0, 0, TimeSpan.Zero)); // a week ahead, 09:00 BST
        var club = await ClubAsync("chase-inactive");
        var changes = new Dictionary<Guid, Guid>();
        await using (var db = database.CreateContext())
        {
            // The deactivated member is a lead too: the escalation must pass them by.
            var membership = await db.Memberships.SingleAsync(m => m.ClubId == club.Id && m.UserId == club.Deactivated);
            membership.Role = ClubRole.Lead;
            foreach (var owner in new[] { club.Active, club.Deactivated, club.Erased })
            {
                var change = new PracticeChange
                {
                    ClubId = club.Id, Title = "Offer anticoagulation to AF patients", Description = "Adults with AF.", OwnerId = owner,
                    DueOn = due, Status = ChangeStatus.InProgress, CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
                };
                db.Add(change);
                changes[owner] = change.Id;
            }
            await db.SaveChangesAsync();
        }
        using var host = Host(clock);

        Assert.Equal(1, await InScopeAsync<ChangeChasers, int>(host, c => c.RunAsync(CancellationToken.None)));
        Assert.Equal([club.Active], await RecipientsAsync($"chase:{changes[club.Active]}:"));
        Assert.Empty(await RecipientsAsync($"chase:{changes[club.Deactivated]}:"));
        Assert.Empty(await RecipientsAsync($"chase:{changes[club.Erased]}:"));

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 13, 9, 0, 0, TimeSpan.Zero)); // two weeks overdue: the leads are told
        Assert.Equal(3, await InScopeAsync<ChangeChasers, int>(host, c => c.RunAsync(CancellationToken.None)));
        foreach (var owner in new[] { club.Deactivated, club.Erased })
            Assert.Equal([club.Lead], await RecipientsAsync($"chase:{changes[owner]}:"));
        Assert.Equal(Sorted(club.Lead, club.Active), await RecipientsAsync($"chase:{changes[club.Active]}:"));
    }

    [Fact]
    public async Task ReviewDueAlertsGoToAnActiveAuthorOrCheckerNotToADeactivatedOrErasedOne()
    {
        var reviewBy = new DateOnly(2027, 3, 1);
        var club = await ClubAsync("drift-inactive");
        await using (var db = database.CreateContext())
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var (author, checker) in new[] { (club.Deactivated, club.Active), (club.Erased, club.Lead) })
            {
                var question = new ClinicalQuestion
                {
                    ClubId = club.Id, ProposerId = club.Lead, Population = "adults with AF", Intervention = "apixaban", Outcome = "stroke",
                    Title = "Apixaban in AF", Sentence = "In adults with AF, does apixaban reduce stroke?", Status = QuestionStatus.Appraised,
                    CreatedAt = now, UpdatedAt = now,
                };
                db.Questions.Add(question);
                db.Appraisals.Add(new Appraisal
                {
                    QuestionId = question.Id, Status = AppraisalStatus.Published, AuthorId = author, CheckedById = checker,
                    BottomLine = "Apixaban prevents more strokes.", ReviewBy = reviewBy, CreatedAt = now, UpdatedAt = now, SubmittedAt = now, PublishedAt = now,
                });
            }
            await db.SaveChangesAsync();
        }
        using var host = Host(new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero)));

        using (var scope = host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IEvidenceReviewJob>().RunAsync(CancellationToken.None);

        Assert.Equal(Sorted(club.Lead, club.Active), await RecipientsAsync("appraisal-review:"));
    }
}
