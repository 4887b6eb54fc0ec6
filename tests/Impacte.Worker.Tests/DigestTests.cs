using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Digests;
using Impacte.Domain.Email;
using Impacte.Domain.Measures;
using Impacte.Domain.Meetings;
using Impacte.Domain.Operations;
using Impacte.Domain.Papers;
using Impacte.Domain.Preferences;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Worker.Tests;

/// <summary>
/// Digests over simulated time, on a real database: what each member's says, when it is due (07:00 on their day, in
/// their zone) and that it is written once per member and period however the job is run.
/// </summary>
public sealed class DigestTests : IAsyncLifetime
{
    /// <summary>Monday 30 November 2026, 08:00 in London (GMT): a weekly Monday digest is due, for the week from the 23rd.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset InThePeriod = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private IHost Host(FakeTimeProvider clock, params string[] more) =>
        WorkerHost.Build([.. Worker.Args(database), "--Email:PublicBaseUrl=https://impacte.example", .. more], s => s.AddSingleton<TimeProvider>(clock));

    private static async Task<int> RunJobAsync(IHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MemberDigests>().SendDueAsync(CancellationToken.None);
    }

    private static async Task<Digest> PreviewAsync(IHost host, Guid userId)
    {
        using var scope = host.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<MemberDigests>().PreviewAsync(userId, Domain.Access.Actor.With(Guid.Empty, isAdmin: true, [], []))).Digest;
    }

    private async Task<List<OutboxEmail>> DigestsForAsync(Guid userId)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.Where(e => e.Kind == DigestEmails.Kind && e.RecipientId == userId).ToListAsync();
    }

    private async Task FollowAsync(Guid userId, Action<MemberPreferences> set)
    {
        await using var db = database.CreateContext();
        set(await db.Preferences.ForAsync(userId));
        await db.SaveChangesAsync();
    }

    private async Task<ClinicalQuestion> QuestionAsync(Guid clubId, Guid proposerId, string population, string intervention, string outcome,
        ClinicalArea? area, DateTimeOffset createdAt, QuestionStatus status = QuestionStatus.Proposed)
    {
        await using var db = database.CreateContext();
        var q = new ClinicalQuestion
        {
            ClubId = clubId, ProposerId = proposerId, Population = population, Intervention = intervention, Outcome = outcome,
            Title = $"{intervention} for {population}", Sentence = $"In {population}, does {intervention} improve {outcome}?",
            Area = area, Status = status, CreatedAt = createdAt, UpdatedAt = createdAt,
        };
        db.Questions.Add(q);
        await db.SaveChangesAsync();
        return q;
    }

    private async Task<Appraisal> AppraisalAsync(Guid questionId, Guid authorId, AppraisalStatus status, DateTimeOffset? publishedAt, string bottomLine)
    {
        await using var db = database.CreateContext();
        var a = new Appraisal
        {
            QuestionId = questionId, AuthorId = authorId, Status = status, PublishedAt = publishedAt, BottomLine = bottomLine,
            CreatedAt = InThePeriod.AddDays(-20), UpdatedAt = InThePeriod,
        };
        db.Appraisals.Add(a);
        await db.SaveChangesAsync();
        return a;
    }

    private async Task<PracticeChange> ChangeAsync(Guid clubId, Guid ownerId, string title, ChangeStatus status, DateOnly dueOn, Guid? questionId = null,
        DateTimeOffset? abandonedAt = null)
    {
        await using var db = database.CreateContext();
        var change = new PracticeChange
        {
            ClubId = clubId, Title = title, Description = "What will change.", OwnerId = ownerId, DueOn = dueOn, Status = status, QuestionId = questionId,
            CreatedAt = InThePeriod.AddDays(-90), UpdatedAt = InThePeriod, AbandonReason = status == ChangeStatus.Abandoned ? "The template could not be changed." : null,
            WhatDidNotWork = status == ChangeStatus.Abandoned ? "Reception could not book the <b>extra</b> slots." : null,
        };
        if (abandonedAt is { } at)
            change.History.Add(new PracticeChangeEvent { ChangeId = change.Id, At = at, Kind = ChangeEventKind.Transition, FromStatus = ChangeStatus.InProgress, ToStatus = ChangeStatus.Abandoned });
        db.Add(change);
        await db.SaveChangesAsync();
        return change;
    }

    private async Task<Meeting> MeetingAsync(Guid clubId, DateTimeOffset startsAt, Guid? answeredBy = null)
    {
        await using var db = database.CreateContext();
        var meeting = new Meeting { ClubId = clubId, StartsAt = startsAt, EndsAt = startsAt.AddHours(1), Location = "Practice library", CreatedAt = InThePeriod };
        db.Meetings.Add(meeting);
        if (answeredBy is { } userId) db.Rsvps.Add(new MeetingRsvp { MeetingId = meeting.Id, UserId = userId, Response = RsvpResponse.Yes, RespondedAt = InThePeriod, ForStartsAt = startsAt });
        await db.SaveChangesAsync();
        return meeting;
    }

    [Fact]
    public async Task AMemberSeesTheirClubsMeetingsAndQuestionsAndTheNetworksWorkInTheirAreasButNothingOfAnotherClubsOwnAndNothingTwice()
    {
        var clock = new FakeTimeProvider(Monday);
        var a = await ClubFixture.CreateAsync(database, 3, "digest-a");
        var b = await ClubFixture.CreateAsync(database, 2, "digest-b");
        var reader = a.Members[1];
        await FollowAsync(reader.UserId, p => p.Areas = [ClinicalArea.Cardiovascular]);

        var meetingA = await MeetingAsync(a.Id, new DateTimeOffset(2026, 12, 9, 12, 30, 0, TimeSpan.Zero));
        var meetingB = await MeetingAsync(b.Id, new DateTimeOffset(2026, 12, 9, 12, 30, 0, TimeSpan.Zero));
        var newInA = await QuestionAsync(a.Id, a.Members[2].UserId, "adults with <script>gout</script>", "allopurinol", "flares", ClinicalArea.Musculoskeletal, InThePeriod);
        var oldInA = await QuestionAsync(a.Id, a.Members[2].UserId, "adults with eczema", "emollients", "flares", null, InThePeriod.AddDays(-30));
        var newInB = await QuestionAsync(b.Id, b.Members[1].UserId, "adults with hypertension", "home blood pressure monitoring", "control", ClinicalArea.Cardiovascular, InThePeriod);
        var ownInA = await ChangeAsync(a.Id, reader.UserId, "Offer exercise therapy first", ChangeStatus.Agreed, new DateOnly(2026, 12, 10));
        // And a re-audit of one of their implemented changes, overdue (its figures not in).
        var implemented = await ChangeAsync(a.Id, reader.UserId, "Three days of nitrofurantoin", ChangeStatus.Implemented, new DateOnly(2026, 9, 1));
        var period = MeasurePeriod.Containing(MeasurePeriodKind.Month, new DateOnly(2026, 11, 20)).Previous;
        var reaudit = new MeasureAudit { Kind = AuditKind.ReAudit, DueOn = new DateOnly(2026, 11, 20), Period = period.Label, Ordinal = period.Ordinal, CreatedAt = InThePeriod };
        await using (var db = database.CreateContext())
        {
            var measure = new Measure
            {
                ChangeId = implemented.Id, Name = "UTIs treated for three days", NumeratorDefinition = "three-day courses", DenominatorDefinition = "uncomplicated lower UTIs",
                CreatedAt = InThePeriod, UpdatedAt = InThePeriod,
            };
            db.Add(measure);
            reaudit.MeasureId = measure.Id;
            db.Add(reaudit);
            await db.SaveChangesAsync();
        }

        // Network-wide: B's cardiovascular appraisal (published this week) is shown; its respiratory one, its draft and an old one are not.
        var bCardio = await QuestionAsync(b.Id, b.Members[0].UserId, "adults with atrial fibrillation", "apixaban", "stroke", ClinicalArea.Cardiovascular, InThePeriod.AddDays(-60), QuestionStatus.Appraised);
        var bLungs = await QuestionAsync(b.Id, b.Members[0].UserId, "adults with COPD", "inhaled steroids", "exacerbations", ClinicalArea.Respiratory, InThePeriod.AddDays(-60), QuestionStatus.Appraised);
        var published = await AppraisalAsync(bCardio.Id, b.Members[0].UserId, AppraisalStatus.Published, InThePeriod, "Offer apixaban.");
        var respiratory = await AppraisalAsync(bLungs.Id, b.Members[0].UserId, AppraisalStatus.Published, InThePeriod, "Step down steroids.");
        var draft = await AppraisalAsync(bCardio.Id, b.Members[0].UserId, AppraisalStatus.Draft, null, "Draft.");
        var old = await AppraisalAsync(bCardio.Id, b.Members[0].UserId, AppraisalStatus.Published, InThePeriod.AddDays(-40), "Old.");

        // B's abandoned cardiovascular change (with what it learned) is shown; its open one, B's own business, is not.
        var abandoned = await ChangeAsync(b.Id, b.Members[1].UserId, "Anticoagulation review clinic", ChangeStatus.Abandoned, new DateOnly(2026, 11, 1), bCardio.Id, InThePeriod);
        var openInB = await ChangeAsync(b.Id, b.Members[1].UserId, "Pulse checks at flu clinics", ChangeStatus.InProgress, new DateOnly(2026, 12, 5), bCardio.Id);

        // The reader's open statin question; B answered one like it this week.
        var mine = await QuestionAsync(a.Id, reader.UserId, "adults over 75", "statins", "cardiovascular events", ClinicalArea.Cardiovascular, InThePeriod.AddDays(-50));
        var answeredInB = await QuestionAsync(b.Id, b.Members[1].UserId, "adults over 75", "statins", "cardiovascular events and mortality", ClinicalArea.Cardiovascular,
            InThePeriod.AddDays(-200), QuestionStatus.Discussed);
        await using (var db = database.CreateContext())
        {
            db.Attach(answeredInB);
            db.QuestionTransitions.Add(answeredInB.MoveTo(QuestionStatus.Answered, b.Members[1].UserId, InThePeriod));
            answeredInB.BottomLine = "Continue if tolerated.";
            await db.SaveChangesAsync();
        }

        using var host = Host(clock);
        var digest = await PreviewAsync(host, reader.UserId);

        Assert.Equal(
            [DigestSectionKind.Meetings, DigestSectionKind.YourChanges, DigestSectionKind.NewQuestions, DigestSectionKind.Appraisals,
             DigestSectionKind.ChangesElsewhere, DigestSectionKind.AnsweredElsewhere],
            digest.Sections.Select(s => s.Kind));
        Guid[] Ids(DigestSectionKind kind) => digest.Sections.Single(s => s.Kind == kind).Items.Select(i => i.Id).ToArray();
        Assert.Equal([meetingA.Id], Ids(DigestSectionKind.Meetings));
        Assert.Equal([reaudit.Id, ownInA.Id], Ids(DigestSectionKind.YourChanges));
        Assert.StartsWith("Overdue by 10 days (20 November 2026).", digest.Sections[1].Items[0].Detail);
        Assert.StartsWith("Due in 10 days (10 December 2026).", digest.Sections[1].Items[1].Detail);
        Assert.Equal([newInA.Id], Ids(DigestSectionKind.NewQuestions));
        Assert.Equal([published.Id], Ids(DigestSectionKind.Appraisals));
        Assert.Equal([abandoned.Id], Ids(DigestSectionKind.ChangesElsewhere));
        Assert.Equal([answeredInB.Id], Ids(DigestSectionKind.AnsweredElsewhere));

        var all = digest.Sections.SelectMany(s => s.Items).Select(i => i.Id).ToList();
        Assert.Equal(all.Count, all.Distinct().Count()); // nothing twice
        Assert.DoesNotContain(meetingB.Id, all);
        Assert.DoesNotContain(newInB.Id, all);
        Assert.DoesNotContain(openInB.Id, all);
        Assert.DoesNotContain(oldInA.Id, all);
        Assert.DoesNotContain(mine.Id, all);
        Assert.DoesNotContain(respiratory.Id, all);
        Assert.DoesNotContain(draft.Id, all);
        Assert.DoesNotContain(old.Id, all);

        // The meeting has one-click RSVP links (the reading packs' signed links) and says the member has not answered.
        var meeting = digest.Sections[0].Items[0];
        Assert.Contains("You have not answered yet.", meeting.Detail);
        Assert.Equal(3, meeting.Actions.Count);
        Assert.All(meeting.Actions, l => Assert.StartsWith($"https://impacte.example/meetings/{meetingA.Id}/rsvp?user={reader.UserId}&response=", l.Url));

        // The email: one per member, its key the member and period, user text encoded in the HTML, everything in the text part.
        await RunJobAsync(host);
        var email = Assert.Single(await DigestsForAsync(reader.UserId));
        Assert.Equal($"digest:{reader.UserId}:2026-11-23", email.IdempotencyKey);
        Assert.Equal(EmailList.Digest, email.List);
        Assert.Equal(reader.Email, email.ToAddress);
        Assert.Contains("&lt;script&gt;gout&lt;/script&gt;", email.HtmlBody);
        Assert.DoesNotContain("<script>", email.HtmlBody);
        Assert.DoesNotContain("<b>extra</b>", email.HtmlBody);
        Assert.Contains("<b>extra</b>", email.TextBody);
        foreach (var item in digest.Sections.SelectMany(s => s.Items))
        {
            Assert.Contains(item.Title, email.TextBody);
            Assert.Contains(item.Url, email.TextBody);
            Assert.All(item.Actions, l => Assert.Contains(l.Url, email.TextBody));
        }
        Assert.Contains("What did not work: Reception could not book", email.TextBody);
        Assert.Contains("Bottom line: Continue if tolerated.", email.TextBody);
    }

    [Fact]
    public async Task AMemberWhoTakesReadingPacksInTheDigestFindsTheMeetingsPapersAndCatThereUnlessTheyHadThePackByEmail()
    {
        var clock = new FakeTimeProvider(Monday);
        var club = await ClubFixture.CreateAsync(database, 4, "digest-pack");
        var (inDigest, emailedBefore, immediate) = (club.Members[1], club.Members[2], club.Members[3]);
        await FollowAsync(inDigest.UserId, p => p.ReadingPacks = EmailDelivery.InDigest);
        await FollowAsync(emailedBefore.UserId, p => p.ReadingPacks = EmailDelivery.InDigest);

        var meeting = await MeetingAsync(club.Id, new DateTimeOffset(2026, 12, 9, 12, 30, 0, TimeSpan.Zero), answeredBy: inDigest.UserId);
        var question = await QuestionAsync(club.Id, club.Members[0].UserId, "adults with atrial fibrillation", "apixaban", "stroke",
            ClinicalArea.Cardiovascular, InThePeriod.AddDays(-60), QuestionStatus.Scheduled);
        var appraisal = await AppraisalAsync(question.Id, club.Members[0].UserId, AppraisalStatus.Published, InThePeriod.AddDays(-10), "Offer apixaban.");
        await using (var db = database.CreateContext())
        {
            Paper Paper(string title, string? doi, string? pmid) => new()
            {
                Title = title, Authors = ["Granger CB"], Journal = "N Engl J Med", Year = 2011, Doi = doi, Pmid = pmid,
                TitleKey = Domain.Papers.Paper.KeyOf(title, 2011), CreatedAt = InThePeriod,
            };
            var aristotle = Paper("Apixaban versus warfarin in patients with <i>atrial fibrillation</i>", "10.1056/NEJMoa1107039", null);
            var averroes = Paper("Apixaban in patients with atrial fibrillation unsuitable for warfarin", null, "21309657");
            db.AddRange(aristotle, averroes);
            db.Add(new AppraisalPaper { AppraisalId = appraisal.Id, PaperId = aristotle.Id, Position = 0, StudyType = "RCT" });
            db.Add(new AppraisalPaper { AppraisalId = appraisal.Id, PaperId = averroes.Id, Position = 1, StudyType = "RCT" });
            db.AgendaItems.Add(new AgendaItem { MeetingId = meeting.Id, Position = 1, QuestionId = question.Id });
            // The pack went out this week; one member had it by email before moving reading packs into the digest.
            await db.Meetings.Where(m => m.Id == meeting.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.PackSentAt, InThePeriod));
            db.PackRecipients.Add(new MeetingPackRecipient { MeetingId = meeting.Id, UserId = emailedBefore.UserId, Sequence = 0, SentAt = InThePeriod });
            await db.SaveChangesAsync();
        }
        using var host = Host(clock);

        var digest = await PreviewAsync(host, inDigest.UserId);
        var item = Assert.Single(digest.Sections.Single(s => s.Kind == DigestSectionKind.Meetings).Items);
        Assert.True(item.IsNews); // answered already, but the pack is new this week
        var reading = Assert.Single(item.Reading);
        Assert.Equal(question.Title, reading.Question);
        Assert.Equal(["https://doi.org/10.1056/NEJMoa1107039", "https://pubmed.ncbi.nlm.nih.gov/21309657/"], reading.Papers.Select(p => p.Link));
        Assert.Equal($"https://impacte.example/appraisals/{appraisal.Id}", reading.AppraisalUrl);

        Assert.Empty((await PreviewAsync(host, emailedBefore.UserId)).Sections.Single(s => s.Kind == DigestSectionKind.Meetings).Items.Single().Reading);
        Assert.Empty((await PreviewAsync(host, immediate.UserId)).Sections.Single(s => s.Kind == DigestSectionKind.Meetings).Items.Single().Reading);

        // In the email: each paper with its link, the CAT's link, titles encoded in the HTML.
        await RunJobAsync(host);
        var email = Assert.Single(await DigestsForAsync(inDigest.UserId));
        foreach (var part in new[] { email.TextBody, email.HtmlBody! })
        {
            Assert.Contains("Reading for this meeting", part);
            Assert.Contains("https://doi.org/10.1056/NEJMoa1107039", part);
            Assert.Contains("https://pubmed.ncbi.nlm.nih.gov/21309657/", part);
            Assert.Contains($"https://impacte.example/appraisals/{appraisal.Id}", part);
        }
        Assert.Contains("Apixaban versus warfarin in patients with <i>atrial fibrillation</i>", email.TextBody);
        Assert.Contains("&lt;i&gt;atrial fibrillation&lt;/i&gt;", email.HtmlBody);
        Assert.Contains("Critically appraised topic", email.HtmlBody);
    }

    [Fact]
    public async Task BuildingADigestRunsNoQueryThatLeavesTheSplittingOfItsCollectionsToEfCore()
    {
        var club = await ClubFixture.CreateAsync(database, 2, "digest-split");
        // EF Core's warning (logged once per query shape, so easily missed) made an error for this host.
        using var host = WorkerHost.Build([.. Worker.Args(database), "--Email:PublicBaseUrl=https://impacte.example"], s =>
        {
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(Monday));
            s.ConfigureDbContext<Domain.ImpacteDbContext>(o => o.ConfigureWarnings(w => w.Throw(RelationalEventId.MultipleCollectionIncludeWarning)));
        });
        Assert.NotNull(await PreviewAsync(host, club.Members[1].UserId));
    }

    [Fact]
    public async Task WhoHadThePackByEmailIsKnownFromThePackItselfNotFromTheFormatOfOutboxKeys()
    {
        // Monday 08:00; the meeting is on Thursday, inside its lead time, so the Worker's pack job sends its pack now.
        var clock = new FakeTimeProvider(Monday);
        var club = await ClubFixture.CreateAsync(database, 3, "digest-pack-keys");
        var (inDigest, emailedBefore) = (club.Members[1], club.Members[2]);
        await FollowAsync(inDigest.UserId, p => p.ReadingPacks = EmailDelivery.InDigest);
        var meeting = await MeetingAsync(club.Id, Monday.AddDays(3));
        var question = await QuestionAsync(club.Id, club.Members[0].UserId, "adults with atrial fibrillation", "apixaban", "stroke",
            ClinicalArea.Cardiovascular, InThePeriod.AddDays(-60), QuestionStatus.Scheduled);
        await AppraisalAsync(question.Id, club.Members[0].UserId, AppraisalStatus.Published, InThePeriod.AddDays(-10), "Offer apixaban.");
        await using (var db = database.CreateContext())
        {
            db.AgendaItems.Add(new AgendaItem { MeetingId = meeting.Id, Position = 1, QuestionId = question.Id });
            await db.SaveChangesAsync();
        }
        using var host = Host(clock);
        using (var scope = host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IReadingPackJob>().RunAsync(CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            Assert.True(await db.Outbox.AnyAsync(e => e.Kind == "reading-pack" && e.RecipientId == emailedBefore.UserId));
            Assert.False(await db.Outbox.AnyAsync(e => e.Kind == "reading-pack" && e.RecipientId == inDigest.UserId));
            // Outbox keys are the outbox's business: whatever their format becomes, the digest must still know who had the pack.
            await db.Database.ExecuteSqlRawAsync("UPDATE email_outbox SET idempotency_key = 'pack/' || id::text WHERE kind = 'reading-pack'");
        }
        // Having had it by email, this member moves reading packs into the digest.
        await FollowAsync(emailedBefore.UserId, p => p.ReadingPacks = EmailDelivery.InDigest);

        Assert.Single(Assert.Single((await PreviewAsync(host, inDigest.UserId)).Sections.Single(s => s.Kind == DigestSectionKind.Meetings).Items).Reading);
        Assert.Empty(Assert.Single((await PreviewAsync(host, emailedBefore.UserId)).Sections.Single(s => s.Kind == DigestSectionKind.Meetings).Items).Reading);
    }

    [Fact]
    public async Task AMeetingMovedOrCancelledInThePeriodIsInTheNextDigestOfThoseWhoTakeUpdatesThere()
    {
        var clock = new FakeTimeProvider(Monday);
        var club = await ClubFixture.CreateAsync(database, 3, "digest-moves");
        var (inDigest, immediate) = (club.Members[1], club.Members[2]);
        await FollowAsync(inDigest.UserId, p => p.Updates = EmailDelivery.InDigest);
        var moving = await MeetingAsync(club.Id, new DateTimeOffset(2026, 12, 9, 12, 30, 0, TimeSpan.Zero));
        var cancelling = await MeetingAsync(club.Id, new DateTimeOffset(2026, 12, 16, 12, 30, 0, TimeSpan.Zero));
        // The lead moves one and cancels the other, mid-week, through the same rules as the pages and the API.
        await using (var db = database.CreateContext())
        {
            var meetings = new ClubMeetings(db, new FakeTimeProvider(InThePeriod));
            var lead = Domain.Access.Actor.With(club.Members[0].UserId, isAdmin: false, [club.Id], [club.Id]);
            var m = await meetings.FindAsync(moving.Id);
            await meetings.UpdateAsync(lead, m, m.Version, new DateTimeOffset(2026, 12, 10, 13, 0, 0, TimeSpan.Zero), null, "Seminar room 2", null);
            await meetings.CancelAsync(lead, await meetings.FindAsync(cancelling.Id), reason: "The practice is closed for training");
        }
        using var host = Host(clock);

        var section = (await PreviewAsync(host, inDigest.UserId)).Sections.Single(s => s.Kind == DigestSectionKind.MeetingChanges);
        Assert.Equal(2, section.Items.Count);
        var cancelled = section.Items[0];
        Assert.StartsWith("Cancelled:", cancelled.Title);
        Assert.Contains("Reason: The practice is closed for training", cancelled.Detail);
        var moved = section.Items[1];
        Assert.StartsWith("Moved:", moved.Title);
        Assert.Equal("Was Wed 9 Dec 12:30, Practice library → now Thu 10 Dec 13:00, Seminar room 2. Please answer again for the new time.", moved.Detail);
        Assert.Equal(3, moved.Actions.Count); // one-click RSVP for the new time
        Assert.DoesNotContain((await PreviewAsync(host, immediate.UserId)).Sections, s => s.Kind == DigestSectionKind.MeetingChanges);

        await RunJobAsync(host);
        var email = Assert.Single(await DigestsForAsync(inDigest.UserId));
        Assert.Contains("The practice is closed for training", email.TextBody);
        Assert.Contains("Was Wed 9 Dec 12:30, Practice library → now Thu 10 Dec 13:00, Seminar room 2", email.TextBody);
        Assert.Contains("Meetings moved or cancelled", email.HtmlBody);
    }

    [Fact]
    public async Task NothingNewSinceTheLastDigestSendsNoEmail()
    {
        var clock = new FakeTimeProvider(Monday);
        var club = await ClubFixture.CreateAsync(database, 2, "digest-quiet");
        // Only an old question, and a meeting they already said yes to: nothing new.
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with eczema", "emollients", "flares", null, InThePeriod.AddDays(-30));
        await MeetingAsync(club.Id, new DateTimeOffset(2026, 12, 9, 12, 30, 0, TimeSpan.Zero), answeredBy: club.Members[1].UserId);
        using var host = Host(clock);

        var preview = await PreviewAsync(host, club.Members[1].UserId);
        Assert.False(preview.HasNews);
        await RunJobAsync(host);
        Assert.Empty(await DigestsForAsync(club.Members[1].UserId));

        // Something new next week: it comes then, for that week.
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with gout", "allopurinol", "flares", null, Monday.AddDays(2));
        clock.Advance(TimeSpan.FromDays(7));
        await RunJobAsync(host);
        Assert.Equal($"digest:{club.Members[1].UserId}:2026-11-30", Assert.Single(await DigestsForAsync(club.Members[1].UserId)).IdempotencyKey);
    }

    [Fact]
    public async Task RunningTheJobTwiceOrThreeAtOnceWritesOneDigestPerMemberAndPeriod()
    {
        var clock = new FakeTimeProvider(Monday);
        var club = await ClubFixture.CreateAsync(database, 6, "digest-twice");
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with gout", "allopurinol", "flares", null, InThePeriod);
        using var host = Host(clock, "--Digests:BatchSize=2");
        using var second = Host(clock, "--Digests:BatchSize=3");

        // Three at once on two Workers, then twice more, then an hour later (still Monday): one each, the lead (proposer) has nothing new.
        await Task.WhenAll(RunJobAsync(host), RunJobAsync(second), RunJobAsync(host));
        await RunJobAsync(second);
        clock.Advance(TimeSpan.FromHours(1));
        await RunJobAsync(host);
        for (var settle = 0; settle < 2; settle++)
        {
            await using var db = database.CreateContext();
            var ids = club.Members.Select(m => (Guid?)m.UserId).ToList();
            var rows = await db.Outbox.Where(e => e.Kind == DigestEmails.Kind && ids.Contains(e.RecipientId)).ToListAsync();
            Assert.Equal(5, rows.Count);
            Assert.Equal(club.Members.Skip(1).Select(m => m.UserId).Order(), rows.Select(r => r.RecipientId!.Value).Order());
            Assert.Equal(5, rows.Select(r => r.MessageId).Distinct().Count());
            Assert.Equal(0, await RunJobAsync(second));
        }

        // The next Monday is a new period: one more each, if there is news.
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with psoriasis", "emollients", "flares", null, Monday.AddDays(1));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(5, await RunJobAsync(host));
    }

    [Fact]
    public async Task TheDigestComesAt0700OnTheirDayInTheirOwnZoneAcrossTheClocksGoingBack()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 19, 5, 59, 0, TimeSpan.Zero)); // Monday 06:59 BST
        var club = await ClubFixture.CreateAsync(database, 3, "digest-dst");
        var (london, newYork) = (club.Members[1], club.Members[2]);
        await FollowAsync(newYork.UserId, p => p.TimeZone = "America/New_York");
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with gout", "allopurinol", "flares", null, new DateTimeOffset(2026, 10, 14, 9, 0, 0, TimeSpan.Zero));
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with psoriasis", "emollients", "flares", null, new DateTimeOffset(2026, 10, 21, 9, 0, 0, TimeSpan.Zero));
        using var host = Host(clock);
        async Task<List<string>> Keys(Guid userId) => (await DigestsForAsync(userId)).Select(e => e.IdempotencyKey).Order().ToList();

        Assert.Equal(0, await RunJobAsync(host));
        clock.Advance(TimeSpan.FromMinutes(1));                                           // 07:00 BST = 06:00 UTC
        Assert.Equal(1, await RunJobAsync(host));
        Assert.Equal([$"digest:{london.UserId}:2026-10-12"], await Keys(london.UserId));
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 19, 11, 0, 0, TimeSpan.Zero));      // 07:00 EDT
        Assert.Equal(1, await RunJobAsync(host));
        Assert.Equal([$"digest:{newYork.UserId}:2026-10-12"], await Keys(newYork.UserId));

        // The clocks went back on Sunday 25 October: 07:00 in London is now 07:00 UTC, not 06:00.
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 26, 6, 30, 0, TimeSpan.Zero));
        Assert.Equal(0, await RunJobAsync(host));
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 26, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await RunJobAsync(host));
        Assert.Equal([$"digest:{london.UserId}:2026-10-12", $"digest:{london.UserId}:2026-10-19"], await Keys(london.UserId));
        // New York's clocks go back a week later: 07:00 EDT on 26 October is still 11:00 UTC.
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 26, 10, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await RunJobAsync(host));
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 26, 11, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await RunJobAsync(host));

        // The week's period starts at the previous Monday's 07:00 local, on either side of the change.
        var period = DigestSchedule.Due(new MemberPreferences { UserId = london.UserId }, new DateTimeOffset(2026, 10, 26, 7, 0, 0, TimeSpan.Zero))!;
        Assert.Equal(new DateTimeOffset(2026, 10, 19, 6, 0, 0, TimeSpan.Zero), period.Start);
        // Not on another day, and fortnightly and monthly on their own weeks only.
        Assert.Null(DigestSchedule.Due(new MemberPreferences { UserId = london.UserId }, new DateTimeOffset(2026, 10, 27, 9, 0, 0, TimeSpan.Zero)));
        Assert.NotEqual(
            DigestSchedule.IsSlot(DigestFrequency.Fortnightly, new DateOnly(2026, 10, 19)), DigestSchedule.IsSlot(DigestFrequency.Fortnightly, new DateOnly(2026, 10, 26)));
        Assert.True(DigestSchedule.IsSlot(DigestFrequency.Monthly, new DateOnly(2026, 11, 2)));
        Assert.False(DigestSchedule.IsSlot(DigestFrequency.Monthly, new DateOnly(2026, 11, 9)));
        Assert.Equal(new DateOnly(2026, 10, 5), DigestSchedule.PreviousSlot(DigestFrequency.Monthly, new DateOnly(2026, 11, 2)));
    }

    [Fact]
    public async Task AMemberWhoTurnedTheDigestOffGetsNone()
    {
        var clock = new FakeTimeProvider(Monday);
        var club = await ClubFixture.CreateAsync(database, 3, "digest-off");
        await FollowAsync(club.Members[1].UserId, p => p.DigestFrequency = DigestFrequency.Off);
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with gout", "allopurinol", "flares", null, InThePeriod);
        using var host = Host(clock, "--Digests:AnyHour=true");

        Assert.Equal(1, await RunJobAsync(host));
        Assert.Empty(await DigestsForAsync(club.Members[1].UserId));
        Assert.Single(await DigestsForAsync(club.Members[2].UserId));
    }

    [Fact]
    public async Task TheDemoSettingSendsOnAnyDayAtAnyHourOncePerDay()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero)); // a Wednesday, 03:00
        var club = await ClubFixture.CreateAsync(database, 2, "digest-demo");
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with gout", "allopurinol", "flares", null, new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        using var host = Host(clock, "--Digests:AnyHour=true");
        using var ordinary = Host(clock);

        Assert.Equal(0, await RunJobAsync(ordinary));
        Assert.Equal(1, await RunJobAsync(host));
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await RunJobAsync(host));
        Assert.Equal($"digest:{club.Members[1].UserId}:2026-11-25", Assert.Single(await DigestsForAsync(club.Members[1].UserId)).IdempotencyKey);
    }

    [Fact]
    public async Task TheScheduledJobWritesNoDigestWhileDigestsAreSwitchedOffAndTheDueOnesOnceSwitchedOn()
    {
        var clock = new FakeTimeProvider(Monday);
        var club = await ClubFixture.CreateAsync(database, 2, "digest-switch");
        await QuestionAsync(club.Id, club.Members[0].UserId, "adults with gout", "allopurinol", "flares", null, InThePeriod);
        using var off = Host(clock, "--Digests:Enabled=false");
        using var on = Host(clock, "--Digests:Enabled=true");

        using (var scope = off.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IDigestJob>().RunAsync(CancellationToken.None);
        Assert.Empty(await DigestsForAsync(club.Members[1].UserId));

        using (var scope = on.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IDigestJob>().RunAsync(CancellationToken.None);
        Assert.Single(await DigestsForAsync(club.Members[1].UserId));
    }

    [Fact]
    public async Task ABusySectionShowsTheNewestTenAndSaysHowManyMore()
    {
        var clock = new FakeTimeProvider(Monday);
        var club = await ClubFixture.CreateAsync(database, 2, "digest-busy");
        for (var i = 0; i < 12; i++)
            await QuestionAsync(club.Id, club.Members[0].UserId, $"adults with condition {i}", "exercise", "pain", null, InThePeriod.AddHours(i));
        using var host = Host(clock);

        var section = Assert.Single((await PreviewAsync(host, club.Members[1].UserId)).Sections);
        Assert.Equal(DigestBuilder.MaxItemsPerSection, section.Items.Count);
        Assert.Equal(2, section.More);
        Assert.Contains("condition 11", section.Items[0].Title);
        await RunJobAsync(host);
        var email = Assert.Single(await DigestsForAsync(club.Members[1].UserId));
        Assert.Contains("And 2 more on IMPACTE.", email.TextBody);
        Assert.Contains("And 2 more on IMPACTE.", email.HtmlBody);
    }
}
