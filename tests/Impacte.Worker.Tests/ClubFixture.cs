using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;
using Impacte.Domain.Meetings;
using Impacte.Testing;

namespace Impacte.Worker.Tests;

/// <summary>A club with members of unique addresses (MailDev's inbox is shared) written straight to a test database.</summary>
internal static class ClubFixture
{
    public sealed record Club(Guid Id, IReadOnlyList<MeetingRecipient> Members);

    public static async Task<Club> CreateAsync(TestDatabase database, int members, string tag)
    {
        await using var db = database.CreateContext();
        var run = Guid.NewGuid().ToString("N")[..10];
        var club = new Domain.Clubs.Club { Name = $"Club {tag}", OdsCode = $"Y{Random.Shared.Next(10000, 99999)}", CreatedAt = DateTimeOffset.UtcNow };
        db.Clubs.Add(club);
        var recipients = new List<MeetingRecipient>();
        for (var i = 0; i < members; i++)
        {
            var email = $"{tag}-{run}-{i}@example.org";
            var user = new User { Id = Guid.CreateVersion7(), Name = $"Dr Member {i}", Email = email, UserName = email,
                NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), CreatedAt = DateTimeOffset.UtcNow };
            db.Users.Add(user);
            db.Memberships.Add(new ClubMembership { ClubId = club.Id, UserId = user.Id, Role = i == 0 ? ClubRole.Lead : ClubRole.Member, JoinedAt = DateTimeOffset.UtcNow });
            recipients.Add(new MeetingRecipient(user.Id, email, user.Name));
        }
        await db.SaveChangesAsync();
        return new Club(club.Id, recipients);
    }

    /// <summary>A one-off meeting starting after <paramref name="startsIn"/>, the way the Api adds one.</summary>
    public static async Task<Meeting> AddMeetingAsync(TestDatabase database, Guid clubId, TimeSpan startsIn)
    {
        await using var db = database.CreateContext();
        var start = DateTimeOffset.UtcNow.Add(startsIn);
        start = new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var meeting = new Meeting { ClubId = clubId, StartsAt = start, EndsAt = start.AddHours(1), Location = "Willen Park library", CreatedAt = DateTimeOffset.UtcNow };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return meeting;
    }
}
