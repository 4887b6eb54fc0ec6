using Impacte.Domain.Access;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Meetings;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Tests.Meetings;

/// <summary>The meetings service against a real database: rights come from the actor, not from the caller.</summary>
public sealed class ClubMeetingsTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private Guid clubId, meetingId, leadId, memberId;
    private readonly DateTimeOffset startsAt = new(DateTime.UtcNow.Date.AddDays(30).AddHours(12), TimeSpan.Zero);

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var club = new Club { Name = "Willen Park", OdsCode = "K83901" };
        db.Clubs.Add(club);
        User Person(string name) => new() { Name = name, UserName = $"{name}@example.org", Email = $"{name}@example.org" };
        var (lead, member) = (Person("lead"), Person("member"));
        db.Users.AddRange(lead, member);
        db.Memberships.AddRange(
            new ClubMembership { ClubId = club.Id, UserId = lead.Id, Role = ClubRole.Lead },
            new ClubMembership { ClubId = club.Id, UserId = member.Id, Role = ClubRole.Member });
        var meeting = new Meeting { ClubId = club.Id, StartsAt = startsAt, EndsAt = startsAt.AddHours(1), CreatedAt = DateTimeOffset.UtcNow };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        (clubId, meetingId, leadId, memberId) = (club.Id, meeting.Id, lead.Id, member.Id);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task AMemberWhoIsNotALeadCannotMoveAMeeting()
    {
        await using var db = database.CreateContext();
        var service = new ClubMeetings(db, TimeProvider.System);
        var member = await Actor.LoadAsync(db, memberId, isAdmin: false, isLibrarian: false);
        var meeting = await service.FindAsync(meetingId);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            service.UpdateAsync(member, meeting, meeting.Version, startsAt.AddDays(7), null, null, null));

        var saved = await database.CreateContext().Meetings.SingleAsync(m => m.Id == meetingId);
        Assert.Equal(startsAt, saved.StartsAt);
        Assert.Equal(0, saved.Sequence);
    }

    [Fact]
    public async Task ALeadMovesAMeetingAndItsSequenceRises()
    {
        await using var db = database.CreateContext();
        var service = new ClubMeetings(db, TimeProvider.System);
        var lead = await Actor.LoadAsync(db, leadId, isAdmin: false, isLibrarian: false);
        var meeting = await service.FindAsync(meetingId);

        await service.UpdateAsync(lead, meeting, meeting.Version, startsAt.AddDays(7), null, null, null);

        var saved = await database.CreateContext().Meetings.SingleAsync(m => m.Id == meetingId);
        Assert.Equal(startsAt.AddDays(7), saved.StartsAt);
        Assert.Equal(1, saved.Sequence);
    }
}
