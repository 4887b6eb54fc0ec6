using Impacte.Domain.Access;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Operations;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Domain.Tests.Email;

/// <summary>
/// A deactivated or erased account gets no email, whatever writes it; an active member of the same club does. Each
/// test makes its own club of three: active, deactivated (by an admin) and erased (by an admin).
/// </summary>
public sealed class InactiveAccountMailTests : IAsyncLifetime
{
    private static readonly EmailOptions EmailSettings = new() { PublicBaseUrl = "https://impacte.example" };
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private sealed record Person(Guid Id, string Email);

    private sealed record Trio(Guid ClubId, Person Active, Person Deactivated, Person Erased, string ErasedFormerEmail);

    /// <summary>A club whose lead is active, and two members: one then deactivated, one then erased.</summary>
    private async Task<Trio> ClubAsync(string tag)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var db = database.CreateContext();
        var club = new Club { Name = $"Club {tag}", OdsCode = $"Y{Random.Shared.Next(10000, 99999)}", CreatedAt = DateTimeOffset.UtcNow };
        db.Clubs.Add(club);
        var people = new List<Person>();
        foreach (var (who, role) in new[] { ("active", ClubRole.Lead), ("deactivated", ClubRole.Lead), ("erased", ClubRole.Member) })
        {
            var email = $"{tag}-{who}-{run}@example.org";
            var user = new User { Id = Guid.CreateVersion7(), Name = $"Dr {who}", Email = email, UserName = email,
                NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), CreatedAt = DateTimeOffset.UtcNow,
                SecurityStamp = Guid.NewGuid().ToString("N") };
            db.Users.Add(user);
            db.Memberships.Add(new ClubMembership { ClubId = club.Id, UserId = user.Id, Role = role, JoinedAt = DateTimeOffset.UtcNow });
            people.Add(new Person(user.Id, email));
        }
        await db.SaveChangesAsync();
        await AccountStates.DeactivateAsync(database, people[1].Id);
        await AccountStates.EraseAsync(database, people[2].Id);
        var placeholder = await db.Users.Where(u => u.Id == people[2].Id).Select(u => u.Email!).SingleAsync();
        return new Trio(club.Id, people[0], people[1], people[2] with { Email = placeholder }, people[2].Email);
    }

    /// <summary>Identity over this test's database, the account emails on the fake clock, and <typeparamref name="TService"/>.</summary>
    private ServiceProvider AccountServices<TService>() where TService : class
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection();
        services.AddDbContext<ImpacteDbContext>(o => DependencyInjection.Configure(o, database.ConnectionString));
        services.AddIdentityCore<User>().AddEntityFrameworkStores<ImpacteDbContext>().AddDefaultTokenProviders();
        services.AddSingleton(new Emails(EmailSettings, clock));
        services.AddSingleton<TimeProvider>(clock);
        services.AddScoped<TService>();
        return services.BuildServiceProvider();
    }

    private OutboxEmail Row(string key, Person to, bool byAddressOnly = false) =>
        OutboxEmails.Create(EmailSettings, clock, key, "test", byAddressOnly ? to.Email.ToUpperInvariant() : to.Email, "Dr", "Subject", "Text", null,
            byAddressOnly ? null : to.Id);

    private async Task<List<string>> KeysAsync(string prefix)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.Where(e => e.IdempotencyKey.StartsWith(prefix)).OrderBy(e => e.IdempotencyKey).Select(e => e.IdempotencyKey).ToListAsync();
    }

    private async Task<List<Guid?>> RecipientsAsync(string keyPrefix)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.Where(e => e.IdempotencyKey.StartsWith(keyPrefix)).Select(e => e.RecipientId).ToListAsync();
    }

    [Fact]
    public async Task TheOutboxRefusesARowToADeactivatedOrErasedAccountWhicheverWayItIsWritten()
    {
        var club = await ClubAsync("guard");
        // Rows by member id, and by address alone (as invitations and password resets are), in another case.
        OutboxEmail[] Rows(string way) =>
        [
            Row($"{way}:active", club.Active), Row($"{way}:deactivated", club.Deactivated), Row($"{way}:erased", club.Erased),
            Row($"{way}:deactivated-address", club.Deactivated, byAddressOnly: true),
            Row($"{way}:erased-address", club.Erased, byAddressOnly: true),
            Row($"{way}:stranger", new Person(Guid.Empty, $"stranger-{Guid.NewGuid():N}@example.org"), byAddressOnly: true),
        ];

        await using (var db = database.CreateContext())
        {
            db.Outbox.AddRange(Rows("save-async"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext())
        {
            db.Outbox.AddRange(Rows("save"));
            db.SaveChanges();
        }
        await using (var db = database.CreateContext())
            Assert.Equal(2, await OutboxWriter.InsertNewAsync(db, Rows("bulk"), CancellationToken.None));
        // A real invitation to the deactivated member's address, as a lead would send it.
        await using (var db = database.CreateContext())
        {
            var emails = new Emails(EmailSettings, clock);
            var invitation = emails.Invitation(Guid.NewGuid(), club.Deactivated.Email, "Dr deactivated", "Club guard", "Dr active", "token", hasAccount: true);
            invitation.IdempotencyKey = "save-async:invitation";
            db.Outbox.Add(invitation);
            await db.SaveChangesAsync();
        }

        foreach (var way in new[] { "bulk", "save", "save-async" })
            Assert.Equal([$"{way}:active", $"{way}:stranger"], await KeysAsync($"{way}:"));
    }

    [Fact]
    public async Task ReactivatingADeactivatedAccountRestoresItsMail()
    {
        var club = await ClubAsync("reactivate");
        await using (var db = database.CreateContext())
        {
            db.Outbox.Add(Row("reactivate:before", club.Deactivated));
            await db.SaveChangesAsync();
        }
        await AccountStates.ReactivateAsync(database, club.Deactivated.Id);
        await using (var db = database.CreateContext())
        {
            db.Outbox.Add(Row("reactivate:after", club.Deactivated));
            await db.SaveChangesAsync();
            Assert.Equal(1, await OutboxWriter.InsertNewAsync(db, [Row("reactivate:bulk", club.Deactivated)], CancellationToken.None));
        }
        Assert.Equal(["reactivate:after", "reactivate:bulk"], await KeysAsync("reactivate:"));
    }

    [Fact]
    public async Task AnErasedPersonCannotBeReactivatedSoTheirPlaceholderIsNeverMailed()
    {
        var club = await ClubAsync("erased-reactivate");
        await Assert.ThrowsAsync<ConflictException>(() => AccountStates.ReactivateAsync(database, club.Erased.Id));
        await using var db = database.CreateContext();
        Assert.NotNull(await db.Users.Where(u => u.Id == club.Erased.Id).Select(u => u.DeactivatedAt).SingleAsync());
    }

    [Fact]
    public async Task DeactivatingAnAccountDropsTheEmailsStillWaitingForItButNotAnotherMembersOrWhatWasSent()
    {
        var club = await ClubAsync("waiting");
        await AccountStates.ReactivateAsync(database, club.Deactivated.Id);
        await using (var db = database.CreateContext())
        {
            var sent = Row("waiting:sent", club.Deactivated);
            sent.Status = OutboxStatus.Sent;
            db.Outbox.AddRange(Row("waiting:pending", club.Deactivated), Row("waiting:by-address", club.Deactivated, byAddressOnly: true),
                sent, Row("waiting:active", club.Active));
            await db.SaveChangesAsync();
        }
        Assert.Equal(4, (await KeysAsync("waiting:")).Count);

        await AccountStates.DeactivateAsync(database, club.Deactivated.Id);

        Assert.Equal(["waiting:active", "waiting:sent"], await KeysAsync("waiting:"));
    }

    [Fact]
    public async Task QuestionNoticesGoToTheActiveProposerAndVoicesOnly()
    {
        var club = await ClubAsync("question");
        var question = new ClinicalQuestion
        {
            ClubId = club.ClubId, ProposerId = club.Deactivated.Id, Population = "adults with gout", Intervention = "allopurinol",
            Outcome = "flares", Title = "Allopurinol in gout", Sentence = "In adults with gout, does allopurinol reduce flares?",
        };
        await using var db = database.CreateContext();
        var notices = new MemberNotices(db, Options.Create(EmailSettings), clock);

        var added = await QuestionNotices.AddAsync(notices, question, "Club question", QuestionStatus.Accepted, Guid.NewGuid(),
            [club.Deactivated.Id, club.Erased.Id, club.Active.Id], byUserId: null, null, null, null, CancellationToken.None);
        await db.SaveChangesAsync();

        Assert.Equal(1, added);
        Assert.Equal([club.Active.Id], await RecipientsAsync("question-accepted:"));
    }

    [Fact]
    public async Task AppraisalNoticesReachAnActiveAuthorButNotADeactivatedOrErasedOne()
    {
        var club = await ClubAsync("appraisal");
        await using var db = database.CreateContext();
        var notices = new MemberNotices(db, Options.Create(EmailSettings), clock);
        foreach (var author in new[] { club.Active, club.Deactivated, club.Erased })
        {
            var appraisal = new Appraisal { QuestionId = Guid.NewGuid(), AuthorId = author.Id, BottomLine = "It works.", ReturnComment = "Add the CI." };
            await AppraisalNotices.PublishedAsync(notices, appraisal, "Allopurinol in gout", "https://impacte.example/a", CancellationToken.None);
            await AppraisalNotices.ReturnedAsync(notices, appraisal, "Allopurinol in gout", "https://impacte.example/a", CancellationToken.None);
        }
        await db.SaveChangesAsync();

        Assert.Equal([club.Active.Id], await RecipientsAsync("appraisal-published:"));
        Assert.Equal([club.Active.Id], await RecipientsAsync("appraisal-returned:"));
    }

    [Fact]
    public async Task ANewerAppraisalIsToldToTheActiveLeadOnlyNotToADeactivatedLeadOrAnErasedOwner()
    {
        var club = await ClubAsync("newer");
        await using var db = database.CreateContext();
        var now = clock.GetUtcNow();
        var question = new ClinicalQuestion
        {
            ClubId = club.ClubId, ProposerId = club.Active.Id, Population = "adults with AF", Intervention = "apixaban", Outcome = "stroke",
            Title = "Apixaban in AF", Sentence = "In adults with AF, does apixaban reduce stroke?", Status = QuestionStatus.Appraised,
            CreatedAt = now, UpdatedAt = now,
        };
        Appraisal Published(DateTimeOffset at) => new()
        {
            QuestionId = question.Id, AuthorId = club.Active.Id, Status = AppraisalStatus.Published, BottomLine = "Apixaban works.",
            CreatedAt = at, UpdatedAt = at, SubmittedAt = at, PublishedAt = at,
        };
        var (older, newer) = (Published(now.AddDays(-60)), Published(now));
        db.Questions.Add(question);
        db.Appraisals.AddRange(older, newer);
        db.Add(new PracticeChange
        {
            ClubId = club.ClubId, Title = "Offer apixaban", Description = "To adults with AF.", OwnerId = club.Erased.Id, AppraisalId = older.Id,
            DueOn = new DateOnly(2027, 1, 31), Status = ChangeStatus.InProgress, CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();

        await new EvidenceDrift(db, new EvidenceDriftEmails(Options.Create(EmailSettings), clock), clock)
            .AddNewerAppraisalNoticesAsync(newer);
        await db.SaveChangesAsync();

        Assert.Equal([club.Active.Id], await RecipientsAsync("newer-appraisal:"));
    }

    [Fact]
    public async Task AnInvitationToADeactivatedAccountIsNotEmailedAndTheAdminsAreToldUntilItIsResentAfterReactivation()
    {
        var club = await ClubAsync("invite");
        var other = new Club { Name = "Club invite-other", OdsCode = $"Y{Random.Shared.Next(10000, 99999)}", CreatedAt = DateTimeOffset.UtcNow };
        await using (var db = database.CreateContext())
        {
            db.Clubs.Add(other);
            await db.SaveChangesAsync();
        }
        await using var provider = AccountServices<ClubMembers>();
        async Task<T> InScopeAsync<T>(Func<ClubMembers, Task<T>> act)
        {
            await using var scope = provider.CreateAsyncScope();
            return await act(scope.ServiceProvider.GetRequiredService<ClubMembers>());
        }
        async Task<List<Home.HomeTask>> AdminTasksAsync()
        {
            await using var db = database.CreateContext();
            var view = await new Home.HomeTasks(db, clock).ForAsync(Actor.With(Guid.NewGuid(), isAdmin: true, [], []));
            return [.. view.Tasks.Where(t => t.Kind == "invitation-unsent")];
        }

        var invited = await InScopeAsync(m => m.InviteAsync(other.Id, new MemberInvite(club.Deactivated.Email, "Dr deactivated", null, "member"), club.Active.Id));
        await InScopeAsync(m => m.InviteAsync(other.Id, new MemberInvite(club.Active.Email, "Dr active", null, "member"), club.Active.Id));

        // Only the active person's invitation is emailed; the admins see the other, linked to the person to reactivate.
        Assert.Equal([club.Active.Email], await InvitationAddressesAsync());
        var task = Assert.Single(await AdminTasksAsync());
        Assert.Equal(($"/admin/people/{club.Deactivated.Id}", true), (task.Link, task.Text.Contains(club.Deactivated.Email) && task.Text.Contains("deactivated")));

        // Reactivated: the task now points at the club's waiting invitations, to resend it.
        await AccountStates.ReactivateAsync(database, club.Deactivated.Id);
        Assert.Equal($"/clubs/{other.Id}#invitations", Assert.Single(await AdminTasksAsync()).Link);

        // Resent: emailed at last, and nothing is left to do.
        await InScopeAsync(m => m.ResendAsync(other.Id, invited.Invitation.Id, club.Active.Id));
        Assert.Equal([club.Active.Email, club.Deactivated.Email], (await InvitationAddressesAsync()).Order());
        Assert.Empty(await AdminTasksAsync());
    }

    private async Task<List<string>> InvitationAddressesAsync()
    {
        await using var db = database.CreateContext();
        return await db.Outbox.Where(e => e.Kind == "invitation").Select(e => e.ToAddress).ToListAsync();
    }

    [Fact]
    public async Task APasswordResetForADeactivatedOrErasedAccountWritesNothingJustAsForAnUnknownAddress()
    {
        var club = await ClubAsync("reset");
        await using var provider = AccountServices<PasswordResets>();

        foreach (var address in new[] { club.Deactivated.Email, club.ErasedFormerEmail, club.Erased.Email, "nobody-at-all@example.org", club.Active.Email })
        {
            await using var scope = provider.CreateAsyncScope();
            // The same answer every time: it returns, saying nothing.
            await scope.ServiceProvider.GetRequiredService<PasswordResets>().RequestAsync(address);
        }

        await using var db = database.CreateContext();
        var resets = await db.Outbox.Where(e => e.Kind == "password-reset").Select(e => e.ToAddress).ToListAsync();
        Assert.Equal([club.Active.Email], resets);
    }

    [Fact]
    public async Task RetryingAFailedEmailToADeactivatedAccountIsRefused()
    {
        var club = await ClubAsync("retry");
        await AccountStates.ReactivateAsync(database, club.Deactivated.Id);
        var failed = Row("retry:failed", club.Deactivated);
        failed.Status = OutboxStatus.Failed;
        await using (var db = database.CreateContext())
        {
            db.Outbox.Add(failed);
            await db.SaveChangesAsync();
        }
        await AccountStates.DeactivateAsync(database, club.Deactivated.Id);

        await using (var db = database.CreateContext())
        {
            var actions = new OperationsActions(db, new NoJobs(), clock);
            await Assert.ThrowsAsync<ConflictException>(() => actions.RetryEmailAsync(failed.Id, Actor.With(Guid.Empty, isAdmin: true, [], [])));
        }
        await using (var db = database.CreateContext())
            Assert.Equal(OutboxStatus.Failed, (await db.Outbox.SingleAsync(e => e.Id == failed.Id)).Status);
    }

    private sealed class NoJobs : IRecurringJobTrigger
    {
        public bool Trigger(string jobId) => false;
    }
}
