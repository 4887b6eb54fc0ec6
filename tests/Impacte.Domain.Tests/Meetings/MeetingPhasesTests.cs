using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Meetings;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Domain.Tests.Meetings;

/// <summary>
/// A lead's meeting in its phases, against a real database: before it starts the agenda (order, presenters, accepted
/// questions too); once it has started attendance and minutes, where a decision can open a practice change.
/// </summary>
public sealed class MeetingPhasesTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private Guid clubId, meetingId, leadId, memberId, librarianId, outsiderId, appraisedId, acceptedId;
    private DateTimeOffset StartsAt => new(2026, 12, 3, 13, 0, 0, TimeSpan.Zero);

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var club = new Club { Name = "Willen Park", OdsCode = "K83901" };
        db.Clubs.Add(club);
        User Person(string name) => new() { Name = name, UserName = $"{name}@example.org", Email = $"{name}@example.org" };
        var (lead, member, librarian, outsider) = (Person("lead"), Person("member"), Person("librarian"), Person("outsider"));
        db.Users.AddRange(lead, member, librarian, outsider);
        db.Memberships.AddRange(
            new ClubMembership { ClubId = club.Id, UserId = lead.Id, Role = ClubRole.Lead },
            new ClubMembership { ClubId = club.Id, UserId = member.Id, Role = ClubRole.Member },
            new ClubMembership { ClubId = club.Id, UserId = librarian.Id, Role = ClubRole.Member });
        ClinicalQuestion Question(string title, QuestionStatus status) => new()
        {
            ClubId = club.Id, ProposerId = member.Id, Title = title, Sentence = title, Population = "adults", Intervention = "x", Outcome = "y",
            Status = status, CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
        };
        var (appraised, accepted) = (Question("Statins for over-75s", QuestionStatus.Appraised), Question("Vitamin D in winter", QuestionStatus.Accepted));
        db.Questions.AddRange(appraised, accepted);
        var meeting = new Meeting { ClubId = club.Id, StartsAt = StartsAt, EndsAt = StartsAt.AddHours(1), CreatedAt = clock.GetUtcNow() };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        (clubId, meetingId, leadId, memberId, librarianId, outsiderId, appraisedId, acceptedId) =
            (club.Id, meeting.Id, lead.Id, member.Id, librarian.Id, outsider.Id, appraised.Id, accepted.Id);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<(ImpacteDbContext Db, ClubMeetings Service, Actor Lead, Meeting Meeting)> OpenAsync()
    {
        var db = database.CreateContext();
        var service = new ClubMeetings(db, clock);
        return (db, service, await Actor.LoadAsync(db, leadId, isAdmin: false, isLibrarian: false), await service.FindAsync(meetingId));
    }

    private async Task AgendaAsync()
    {
        var (db, service, lead, meeting) = await OpenAsync();
        await using (db) await service.SetAgendaAsync(lead, meeting, [appraisedId, acceptedId], null);
    }

    [Fact]
    public async Task MinutesCannotBeWrittenBeforeTheMeetingStarts()
    {
        await AgendaAsync();
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;

        var error = await Assert.ThrowsAsync<ConflictException>(() => service.SetMinutesAsync(lead, meeting, meeting.Version, "Notes",
            [new ItemMinutes(appraisedId, "Talked", "No change needed")]));
        Assert.Contains("once the meeting has started", error.Message);
        await Assert.ThrowsAsync<ConflictException>(() => service.SetAttendanceAsync(lead, meeting, [memberId]));

        await using var check = database.CreateContext();
        Assert.Null((await check.Meetings.SingleAsync(m => m.Id == meetingId)).Minutes);
        Assert.Empty(await check.Attendance.Where(a => a.MeetingId == meetingId).ToListAsync());
    }

    [Fact]
    public async Task AChangeAgreedInTheMinutesHasItsOwnerAndDueDate()
    {
        await AgendaAsync();
        clock.SetUtcNow(StartsAt.AddMinutes(70));
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;
        var due = new DateOnly(2027, 3, 1);

        var opened = await service.SetMinutesAsync(lead, meeting, meeting.Version, "Good turnout.",
        [
            new ItemMinutes(appraisedId, "The trial fits our population.", "Change practice: offer statins to over-75s at their annual review.",
                [new AgreedChange(null, memberId, due)]),
            new ItemMinutes(acceptedId, "Evidence not in yet.", null),
        ]);

        var change = Assert.Single(opened);
        await using var check = database.CreateContext();
        var saved = await check.Set<PracticeChange>().SingleAsync(c => c.Id == change.Id);
        Assert.Equal((memberId, due, meetingId, (Guid?)appraisedId), (saved.OwnerId, saved.DueOn, saved.MeetingId!.Value, saved.QuestionId));
        Assert.Equal("Statins for over-75s", saved.Title);
        Assert.Equal("Change practice: offer statins to over-75s at their annual review.", saved.Description);
        Assert.Equal(ChangeStatus.Agreed, saved.Status);
        var items = await check.AgendaItems.Where(a => a.MeetingId == meetingId).OrderBy(a => a.Position).ToListAsync();
        Assert.Equal(("The trial fits our population.", "Evidence not in yet."), (items[0].Discussion, items[1].Discussion));
        Assert.Equal(QuestionStatus.Discussed, (await check.Questions.SingleAsync(q => q.Id == appraisedId)).Status);
        Assert.Equal(QuestionStatus.Scheduled, (await check.Questions.SingleAsync(q => q.Id == acceptedId)).Status);

        // Saving the minutes again (same change asked for) does not open a second one.
        var again = await service.FindAsync(meetingId);
        await service.SetMinutesAsync(lead, again, again.Version, "Good turnout.",
            [new ItemMinutes(appraisedId, "The trial fits.", "Change practice: offer statins.", [new AgreedChange(null, memberId, due)])]);
        Assert.Equal(1, await check.Set<PracticeChange>().CountAsync(c => c.MeetingId == meetingId));
    }

    [Fact]
    public async Task AChangeWithoutAnOwnerIsRefusedOnItsItemAndNothingIsSaved()
    {
        await AgendaAsync();
        clock.SetUtcNow(StartsAt.AddMinutes(5));
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;

        var error = await Assert.ThrowsAsync<DomainValidationException>(() => service.SetMinutesAsync(lead, meeting, meeting.Version, "Notes",
            [new ItemMinutes(appraisedId, "Talked", "Change practice: statins", [new AgreedChange(null, null, new DateOnly(2027, 1, 1))])]));

        Assert.Contains("items[0].changes[0].ownerId", error.Errors.Keys);
        await using var check = database.CreateContext();
        Assert.Null((await check.Meetings.SingleAsync(m => m.Id == meetingId)).Minutes);
        Assert.Null((await check.AgendaItems.SingleAsync(a => a.QuestionId == appraisedId)).Outcome);
    }

    [Fact]
    public async Task MinutesSavedOverAnotherEditorsVersionAreRefused()
    {
        await AgendaAsync();
        clock.SetUtcNow(StartsAt.AddMinutes(5));
        var (db1, first, lead1, meeting1) = await OpenAsync();
        var (db2, second, lead2, meeting2) = await OpenAsync();
        await using var _1 = db1;
        await using var _2 = db2;

        // The first editor changes only an item: the meeting's version still moves.
        await first.SetMinutesAsync(lead1, meeting1, meeting1.Version, null, [new ItemMinutes(acceptedId, "First editor", null)]);

        await Assert.ThrowsAsync<StaleVersionException>(() =>
            second.SetMinutesAsync(lead2, meeting2, meeting2.Version, "Second editor's notes", [new ItemMinutes(acceptedId, "Second editor", null)]));
        await using var check = database.CreateContext();
        Assert.Equal("First editor", (await check.AgendaItems.SingleAsync(a => a.QuestionId == acceptedId)).Discussion);
    }

    [Fact]
    public async Task ChangesAgreedInMinutesSavedOverAnotherEditorsVersionAreNotOpened()
    {
        await AgendaAsync();
        clock.SetUtcNow(StartsAt.AddMinutes(5));
        var (db1, first, lead1, meeting1) = await OpenAsync();
        var (db2, second, lead2, meeting2) = await OpenAsync();
        await using var _1 = db1;
        await using var _2 = db2;
        var due = new DateOnly(2027, 1, 15);

        await first.SetMinutesAsync(lead1, meeting1, meeting1.Version, null,
            [new ItemMinutes(appraisedId, null, "Change practice", [new AgreedChange("Stop X", memberId, due)])]);
        await Assert.ThrowsAsync<StaleVersionException>(() => second.SetMinutesAsync(lead2, meeting2, meeting2.Version, null,
            [new ItemMinutes(appraisedId, null, "Change practice", [new AgreedChange("Audit Y", memberId, due), new AgreedChange("Audit Z", memberId, due)])]));

        await using var check = database.CreateContext();
        Assert.Equal(["Stop X"], await check.Set<PracticeChange>().Where(c => c.MeetingId == meetingId).Select(c => c.Title).ToListAsync());
    }

    [Fact]
    public async Task AttendanceIsTickedFromTheYesAnswersUntilTheLeadRecordsIt()
    {
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;
        await service.SetRsvpAsync(await Actor.LoadAsync(db, memberId, false, false), meeting, RsvpResponse.Yes);
        await service.SetRsvpAsync(lead, meeting, RsvpResponse.No);

        var (present, recorded) = await service.AttendanceToConfirmAsync(meeting);
        Assert.Equal([memberId], present);
        Assert.False(recorded);

        clock.SetUtcNow(StartsAt.AddMinutes(1));
        await service.SetAttendanceAsync(lead, meeting, [leadId]);
        (present, recorded) = await service.AttendanceToConfirmAsync(meeting);
        Assert.Equal([leadId], present);
        Assert.True(recorded);
    }

    [Fact]
    public async Task TheLeadOrdersTheAgendaAndNamesEachItemsPresentersInOrder()
    {
        await AgendaAsync();
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;

        await service.MoveAgendaItemAsync(lead, meeting, acceptedId, -1);
        await service.SetPresentersAsync(lead, meeting, appraisedId, [memberId, librarianId]);
        await service.MoveAgendaItemAsync(lead, meeting, appraisedId, +1); // already last: stays
        await service.SetPresentersAsync(lead, meeting, appraisedId, [librarianId, memberId]); // the order is the lead's

        await using var check = database.CreateContext();
        var items = await check.AgendaItems.Include(a => a.Presenters).Where(a => a.MeetingId == meetingId).OrderBy(a => a.Position).ToListAsync();
        Assert.Equal([acceptedId, appraisedId], items.Select(a => a.QuestionId));
        Assert.Empty(items[0].Presenters);
        Assert.Equal([librarianId, memberId], items[1].Presenters.OrderBy(p => p.Position).Select(p => p.UserId));
        await Assert.ThrowsAsync<ForbiddenException>(async () =>
            await service.MoveAgendaItemAsync(await Actor.LoadAsync(db, memberId, false, false), meeting, appraisedId, -1));
        await Assert.ThrowsAsync<ForbiddenException>(async () =>
            await service.SetPresentersAsync(await Actor.LoadAsync(db, memberId, false, false), meeting, appraisedId, [memberId]));
    }

    [Fact]
    public async Task TheReadingPackNamesEveryPresenterOfAnItemInOrder()
    {
        await AgendaAsync();
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;
        await service.SetPresentersAsync(lead, meeting, appraisedId, [librarianId, memberId]);

        var brief = await MeetingPlanner.BriefAsync(db, new ClubAgendaQuestions(db), meeting, CancellationToken.None);
        Assert.Equal(["librarian", "member"], brief.Agenda.Single(i => i.QuestionId == appraisedId).Presenters);
        Assert.Empty(brief.Agenda.Single(i => i.QuestionId == acceptedId).Presenters);
        var pack = new MeetingEmails(new Impacte.Domain.Email.EmailOptions(), clock).ReadingPack(brief, new MeetingRecipient(memberId, "member@example.org", "member"));
        Assert.Contains("Presented by librarian and member.", pack.TextBody);
    }

    [Fact]
    public async Task APresenterWhoIsNotAMemberOfTheClubIsRefusedWithAFieldErrorAndNothingChanges()
    {
        await AgendaAsync();
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;
        await service.SetPresentersAsync(lead, meeting, appraisedId, [memberId]);

        var error = await Assert.ThrowsAsync<DomainValidationException>(() =>
            service.SetPresentersAsync(lead, meeting, appraisedId, [librarianId, outsiderId]));
        Assert.Equal(["presenterIds"], error.Errors.Keys);
        var agendaError = await Assert.ThrowsAsync<DomainValidationException>(() => service.SetAgendaAsync(lead, meeting, [appraisedId, acceptedId],
            new Dictionary<Guid, IReadOnlyList<Guid>> { [acceptedId] = [memberId, outsiderId] }));
        Assert.Equal(["presenters"], agendaError.Errors.Keys);

        await using var check = database.CreateContext();
        Assert.Equal([memberId], await check.Set<AgendaPresenter>().Select(p => p.UserId).ToListAsync());
    }

    [Fact]
    public async Task PresentersAreTheLeadsToChangeUntilTheMeetingStarts()
    {
        await AgendaAsync();
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;
        await service.SetPresentersAsync(lead, meeting, appraisedId, [memberId]);

        clock.SetUtcNow(StartsAt.AddMinutes(1));
        await Assert.ThrowsAsync<ConflictException>(() => service.SetPresentersAsync(lead, meeting, appraisedId, [librarianId]));
        await Assert.ThrowsAsync<ConflictException>(() => service.SetAgendaAsync(lead, meeting, [appraisedId, acceptedId], null));

        await using var check = database.CreateContext();
        Assert.Equal([memberId], await check.Set<AgendaPresenter>().Select(p => p.UserId).ToListAsync());
    }

    [Fact]
    public async Task OneItemsDiscussionCanAgreeTwoChangesEachWithItsOwnerAndDueDate()
    {
        await AgendaAsync();
        clock.SetUtcNow(StartsAt.AddMinutes(70));
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;
        var (stopDue, auditDue) = (new DateOnly(2027, 1, 15), new DateOnly(2027, 6, 1));
        ItemMinutes Minutes() => new(appraisedId, "Two things agreed.", "Change practice: stop X; audit Y in six months.",
            [new AgreedChange("Stop X", memberId, stopDue), new AgreedChange("Audit Y", librarianId, auditDue)]);

        var opened = await service.SetMinutesAsync(lead, meeting, meeting.Version, null, [Minutes()]);

        Assert.Equal(["Stop X", "Audit Y"], opened.Select(c => c.Title));
        await using var check = database.CreateContext();
        var saved = await check.Set<PracticeChange>().Where(c => c.MeetingId == meetingId && c.QuestionId == appraisedId)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync();
        Assert.Equal([("Stop X", memberId, stopDue), ("Audit Y", librarianId, auditDue)], saved.Select(c => (c.Title, c.OwnerId, c.DueOn)));
        Assert.All(saved, c => Assert.Equal("Change practice: stop X; audit Y in six months.", c.Description));

        // Saved again with the same two, and a third agreed later: only the third is new.
        var again = await service.FindAsync(meetingId);
        var later = await service.SetMinutesAsync(lead, again, again.Version, null,
            [Minutes() with { Changes = [.. Minutes().Changes!, new AgreedChange("Tell the practice nurses", memberId, stopDue)] }]);
        Assert.Equal(["Tell the practice nurses"], later.Select(c => c.Title));
        Assert.Equal(3, await check.Set<PracticeChange>().CountAsync(c => c.MeetingId == meetingId));
    }

    [Fact]
    public async Task TwoChangesUnderOneTitleOrOneWithoutAnOwnerOpenNothingAndSayWhichChange()
    {
        await AgendaAsync();
        clock.SetUtcNow(StartsAt.AddMinutes(5));
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;
        var due = new DateOnly(2027, 1, 15);

        var same = await Assert.ThrowsAsync<DomainValidationException>(() => service.SetMinutesAsync(lead, meeting, meeting.Version, null,
            [new ItemMinutes(appraisedId, null, "Change practice", [new AgreedChange("Stop X", memberId, due), new AgreedChange(" stop x ", memberId, due)])]));
        Assert.Equal(["items[0].changes[1].title"], same.Errors.Keys);
        var noOwner = await Assert.ThrowsAsync<DomainValidationException>(() => service.SetMinutesAsync(lead, meeting, meeting.Version, null,
            [new ItemMinutes(appraisedId, null, "Change practice", [new AgreedChange("Stop X", memberId, due), new AgreedChange("Audit Y", null, due)])]));
        Assert.Contains("items[0].changes[1].ownerId", noOwner.Errors.Keys);

        await using var check = database.CreateContext();
        Assert.Equal(0, await check.Set<PracticeChange>().CountAsync(c => c.MeetingId == meetingId)); // the first was not kept either
        Assert.Null((await check.AgendaItems.SingleAsync(a => a.QuestionId == appraisedId)).Outcome);
    }

    [Fact]
    public async Task AnAcceptedQuestionGoesOnTheAgendaAndBackToAcceptedWhenTakenOff()
    {
        await AgendaAsync();
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;
        Assert.Equal(QuestionStatus.Scheduled, (await db.Questions.AsNoTracking().SingleAsync(q => q.Id == acceptedId)).Status);

        await service.RemoveAgendaItemAsync(lead, meeting, acceptedId);
        await service.RemoveAgendaItemAsync(lead, meeting, appraisedId);

        await using var check = database.CreateContext();
        Assert.Equal(QuestionStatus.Accepted, (await check.Questions.SingleAsync(q => q.Id == acceptedId)).Status);
        Assert.Equal(QuestionStatus.Appraised, (await check.Questions.SingleAsync(q => q.Id == appraisedId)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task CancellingAMeetingNeedsAReasonForTheMembers(string? reason)
    {
        var (db, service, lead, meeting) = await OpenAsync();
        await using var _ = db;

        var error = await Assert.ThrowsAsync<DomainValidationException>(() => service.CancelAsync(lead, meeting, reason));
        Assert.Contains("reason", error.Errors.Keys);

        await service.CancelAsync(lead, await service.FindAsync(meetingId), "The room is flooded.");
        await using var check = database.CreateContext();
        var saved = await check.Meetings.SingleAsync(m => m.Id == meetingId);
        Assert.Equal((MeetingStatus.Cancelled, "The room is flooded."), (saved.Status, saved.CancelReason));
    }
}
