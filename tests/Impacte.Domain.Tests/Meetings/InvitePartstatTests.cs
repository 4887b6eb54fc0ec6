using Impacte.Domain.Email;
using Impacte.Domain.Meetings;

namespace Impacte.Domain.Tests.Meetings;

/// <summary>A resent invitation says what the member answered in IMPACTE, read back by Ical.Net.</summary>
public sealed class InvitePartstatTests
{
    [Theory]
    [InlineData(RsvpResponse.Yes, "ACCEPTED")]
    [InlineData(RsvpResponse.Maybe, "TENTATIVE")]
    [InlineData(RsvpResponse.No, "DECLINED")]
    [InlineData(null, "NEEDS-ACTION")]
    public void AnInvitationCarriesTheMembersAnswerForThisTimeAsItsPartstat(RsvpResponse? answer, string partstat)
    {
        var start = new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.Zero);
        var meeting = new Meeting { ClubId = Guid.NewGuid(), StartsAt = start, EndsAt = start.AddHours(1), Location = "Willen Park library" };
        var email = new MeetingEmails(new EmailOptions(), TimeProvider.System)
            .ReadingPack(new MeetingBrief(meeting, "Willen Park", "Europe/London", []), new MeetingRecipient(Guid.NewGuid(), "a@example.org", "Dr A", answer, start));
        var invite = Ical.Net.Calendar.Load(email.Attachments.Single().Content)!.Events.Single();
        Assert.Equal(partstat, invite.Attendees.Single().ParticipationStatus);
    }

    [Fact]
    public void AnAnswerGivenForTheOldTimeIsAskedAgainInTheCalendar()
    {
        var start = new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.Zero);
        var meeting = new Meeting { ClubId = Guid.NewGuid(), StartsAt = start, EndsAt = start.AddHours(1) };
        var email = new MeetingEmails(new EmailOptions(), TimeProvider.System)
            .ReadingPack(new MeetingBrief(meeting, "Willen Park", "Europe/London", []),
                new MeetingRecipient(Guid.NewGuid(), "a@example.org", "Dr A", RsvpResponse.Yes, start.AddDays(-2)));
        Assert.Equal("NEEDS-ACTION", Ical.Net.Calendar.Load(email.Attachments.Single().Content)!.Events.Single().Attendees.Single().ParticipationStatus);
        Assert.Contains("Yes, I will come (for the old time: please confirm again)", email.TextBody);
    }
}
