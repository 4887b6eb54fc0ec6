using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Tests.Changes;

/// <summary>The service against a real database: who may do what, and that every step is in the history.</summary>
public sealed class PracticeChangesTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private Guid clubId, otherClubId, leadId, ownerId, memberId, outsiderId;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var club = new Club { Name = "Willen Park", OdsCode = "K83901" };
        var other = new Club { Name = "Bedford", OdsCode = "E81901" };
        db.Clubs.AddRange(club, other);
        User Person(string name) => new() { Name = name, UserName = $"{name}@example.org", Email = $"{name}@example.org" };
        var (lead, owner, member, outsider) = (Person("lead"), Person("owner"), Person("member"), Person("outsider"));
        db.Users.AddRange(lead, owner, member, outsider);
        db.Memberships.AddRange(
            new ClubMembership { ClubId = club.Id, UserId = lead.Id, Role = ClubRole.Lead },
            new ClubMembership { ClubId = club.Id, UserId = owner.Id, Role = ClubRole.Member },
            new ClubMembership { ClubId = club.Id, UserId = member.Id, Role = ClubRole.Member },
            new ClubMembership { ClubId = other.Id, UserId = outsider.Id, Role = ClubRole.Member });
        await db.SaveChangesAsync();
        (clubId, otherClubId, leadId, ownerId, memberId, outsiderId) = (club.Id, other.Id, lead.Id, owner.Id, member.Id, outsider.Id);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private static PracticeChanges Service(ImpacteDbContext db) => new(db, TimeProvider.System);

    private async Task<(PracticeChange Change, Actor Lead)> AgreeAsync(ImpacteDbContext db)
    {
        var service = Service(db);
        var lead = await Actor.LoadAsync(db, leadId, false, false);
        var change = await service.CreateAsync(clubId, new ChangeInput(
            "Offer anticoagulation review to AF patients", "Adults with AF and CHA2DS2-VASc of 2 or more not on an anticoagulant.",
            ownerId, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3)), TeamIds: [memberId]), lead);
        return (change, lead);
    }

    [Fact]
    public async Task EveryMoveIsWrittenToTheHistory()
    {
        await using var db = database.CreateContext();
        var (change, _) = await AgreeAsync(db);
        var service = Service(db);
        var owner = await Actor.LoadAsync(db, ownerId, false, false);
        await service.TransitionAsync(change.Id, "in-progress", null, owner);
        await service.TransitionAsync(change.Id, "abandoned", "  The search could not be run in our system.  ", owner);

        var history = await service.HistoryAsync(change.Id, owner);
        Assert.Equal([ChangeEventKind.Created, ChangeEventKind.Transition, ChangeEventKind.Transition], history.Select(h => h.Kind));
        Assert.Equal((ChangeStatus?)ChangeStatus.InProgress, history[2].FromStatus);
        Assert.Equal((ChangeStatus?)ChangeStatus.Abandoned, history[2].ToStatus);
        Assert.Equal("The search could not be run in our system.", history[2].Note);
        Assert.All(history.Skip(1), h => Assert.Equal(ownerId, h.ById));
        Assert.Equal(leadId, history[0].ById);
        var saved = await database.CreateContext().Set<PracticeChange>().SingleAsync(c => c.Id == change.Id);
        Assert.Equal(ChangeStatus.Abandoned, saved.Status);
        Assert.Equal("The search could not be run in our system.", saved.AbandonReason);
    }

    [Fact]
    public async Task AnEditIsWrittenToTheHistoryWithWhatChanged()
    {
        await using var db = database.CreateContext();
        var (change, lead) = await AgreeAsync(db);
        var service = Service(db);
        await service.EditAsync(change.Id, () => change.Version, new ChangeInput(Title: "Review AF patients", TeamIds: []), lead);

        var edit = (await service.HistoryAsync(change.Id, lead)).Last();
        Assert.Equal(ChangeEventKind.Edited, edit.Kind);
        Assert.Equal("Changed title, team.", edit.Note);
        Assert.Equal(leadId, edit.ById);
    }

    [Fact]
    public async Task AbandoningWithoutAReasonChangesNothing()
    {
        await using var db = database.CreateContext();
        var (change, lead) = await AgreeAsync(db);
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => Service(db).TransitionAsync(change.Id, "abandoned", " ", lead));
        Assert.Contains("reason", e.Errors.Keys);
        await using var fresh = database.CreateContext();
        Assert.Equal(ChangeStatus.Agreed, (await fresh.Set<PracticeChange>().SingleAsync(c => c.Id == change.Id)).Status);
        Assert.Equal(1, await fresh.Set<PracticeChangeEvent>().CountAsync(h => h.ChangeId == change.Id));
    }

    [Fact]
    public async Task AMoveTheWorkflowDoesNotAllowIsAConflict()
    {
        await using var db = database.CreateContext();
        var (change, lead) = await AgreeAsync(db);
        await Assert.ThrowsAsync<ConflictException>(() => Service(db).TransitionAsync(change.Id, "sustained", null, lead));
    }

    [Fact]
    public async Task AMemberWhoIsNotTheOwnerMayNotMoveItAndAnOutsiderDoesNotSeeIt()
    {
        await using var db = database.CreateContext();
        var (change, _) = await AgreeAsync(db);
        var service = Service(db);
        await Assert.ThrowsAsync<ForbiddenException>(async () => await service.TransitionAsync(change.Id, "in-progress", null, await Actor.LoadAsync(db, memberId, false, false)));
        await Assert.ThrowsAsync<NotFoundException>(async () => await service.FindAsync(change.Id, await Actor.LoadAsync(db, outsiderId, false, false)));
    }

    [Fact]
    public async Task OwnerAndTeamMustBeMembersAndLinksMustBeTheClubs()
    {
        await using var db = database.CreateContext();
        var service = Service(db);
        var lead = await Actor.LoadAsync(db, leadId, false, false);
        var otherMeeting = new Impacte.Domain.Meetings.Meeting { ClubId = otherClubId, StartsAt = DateTimeOffset.UtcNow, EndsAt = DateTimeOffset.UtcNow.AddHours(1) };
        db.Meetings.Add(otherMeeting);
        await db.SaveChangesAsync();
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => service.CreateAsync(clubId, new ChangeInput(
            "A title", "For whom", outsiderId, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
            MeetingId: otherMeeting.Id, QuestionId: Guid.NewGuid(), TeamIds: [outsiderId]), lead));
        Assert.Equal(["meetingId", "ownerId", "questionId", "teamIds"], e.Errors.Keys.Order());
    }

    [Fact]
    public async Task OnlyALeadAgreesAChange()
    {
        await using var db = database.CreateContext();
        var service = Service(db);
        var input = new ChangeInput("A title", "For whom", ownerId, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await service.CreateAsync(clubId, input, await Actor.LoadAsync(db, ownerId, false, false)));
        await Assert.ThrowsAsync<NotFoundException>(async () => await service.CreateAsync(clubId, input, await Actor.LoadAsync(db, outsiderId, false, false)));
    }
}
