using System.Net;
using System.Net.Http.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Meetings;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Changes;

/// <summary>The practice-change pages as leads, owners and members use them: thin over the same service as the API.</summary>
public sealed class ChangePagesTests(ApiFactory api) : ApiTestBase(api)
{
    private const string Lead = "lead@example.org", Member = "gp@example.org", Nurse = "nurse.mk@example.org", OtherClubLead = "lead.bedford@example.org";

    private static string InMonths(int months) => DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(months)).ToString("yyyy-MM-dd");

    private async Task<PageSession> SignedInAsync(string email)
    {
        var session = PageSession.For(Api);
        Assert.True((await session.SignInAsync(email)).IsSuccessStatusCode);
        return session;
    }

    /// <summary>An agreed Milton Keynes change owned by gp@, made through the API.</summary>
    private async Task<Guid> ChangeAsync(string title = "Offer anticoagulation review")
    {
        var response = await (await As(Lead)).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/changes", new
        {
            title, description = "Adults with AF not on an anticoagulant.", ownerId = await UserIdAsync(Member), dueOn = InMonths(3),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetGuid();
    }

    /// <summary>A Milton Keynes meeting with a question that has a published appraisal on its agenda.</summary>
    private async Task<(Guid MeetingId, Guid QuestionId, Guid AppraisalId, string Title)> MeetingWithAppraisedQuestionAsync()
    {
        await using var db = Db();
        var clubId = await ClubIdAsync(MiltonKeynes);
        var question = await db.Questions.Where(q => q.ClubId == clubId).OrderBy(q => q.CreatedAt).FirstAsync();
        var appraisal = new Appraisal
        {
            QuestionId = question.Id, Status = AppraisalStatus.Published, AuthorId = await UserIdAsync("librarian@example.org"),
            BottomLine = "Offer anticoagulation: strokes fall by two thirds.", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            PublishedAt = DateTimeOffset.UtcNow,
        };
        db.Appraisals.Add(appraisal);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var meeting = new Meeting { ClubId = clubId, StartsAt = start, EndsAt = start.AddHours(1), CreatedAt = start.AddDays(-10) };
        db.Meetings.Add(meeting);
        db.AgendaItems.Add(new AgendaItem { MeetingId = meeting.Id, Position = 0, QuestionId = question.Id });
        await db.SaveChangesAsync();
        return (meeting.Id, question.Id, appraisal.Id, question.Title);
    }

    [Fact]
    public async Task AChangePracticeOutcomeInTheMinutesOpensAChangePrefilledWithTheQuestionAppraisalAndMeeting()
    {
        var (meetingId, questionId, appraisalId, title) = await MeetingWithAppraisedQuestionAsync();
        var lead = await SignedInAsync(Lead);
        var (saved, _) = await lead.SubmitAsync($"/meetings/{meetingId}", new Dictionary<string, string>
        {
            ["Minutes"] = "We read the evidence.", ["Items[0].Decision"] = "Change practice: review everyone with AF.",
        }, handler: "Minutes");
        Assert.True(saved.IsSuccessStatusCode);

        var meetingPage = await lead.GetAsync($"/meetings/{meetingId}");
        var open = meetingPage.QuerySelector("[data-testid=open-change]")!.GetAttribute("href")!;
        var form = await lead.GetAsync(open);
        Assert.Equal(title, form.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal(questionId.ToString(), form.QuerySelector("input[name='Input.QuestionId']")!.GetAttribute("value"));
        Assert.Equal(appraisalId.ToString(), form.QuerySelector("input[name='Input.AppraisalId']")!.GetAttribute("value"));
        Assert.Equal(meetingId.ToString(), form.QuerySelector("input[name='Input.MeetingId']")!.GetAttribute("value"));

        var (created, details) = await lead.SubmitAsync(open, new Dictionary<string, string>
        {
            ["Input.Title"] = title, ["Input.Description"] = "Everyone with AF and a score of 2 or more.",
            ["Input.OwnerId"] = (await UserIdAsync(Member)).ToString(), ["Input.DueOn"] = InMonths(3), ["Input.TeamIds"] = (await UserIdAsync(Nurse)).ToString(),
        });

        Assert.Matches("^/changes/[0-9a-f-]{36}$", created.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal($"/questions/{questionId}", details.QuerySelector("[data-testid=from-question]")!.GetAttribute("href"));
        Assert.Equal($"/appraisals/{appraisalId}", details.QuerySelector("[data-testid=from-appraisal]")!.GetAttribute("href"));
        Assert.Equal($"/meetings/{meetingId}", details.QuerySelector("[data-testid=from-meeting]")!.GetAttribute("href"));
        Assert.Equal("Agreed", details.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        await using (var db = Db())
            Assert.Equal(await db.Users.Where(u => u.Email == Nurse).Select(u => u.Name).SingleAsync(), details.QuerySelector("[data-testid=team]")!.TextContent);
        // Offered once: the minutes now link to the change instead.
        Assert.NotNull((await lead.GetAsync($"/meetings/{meetingId}")).QuerySelector("[data-testid=change-opened]"));
    }

    [Fact]
    public async Task ANewChangeWithoutItsFieldsShowsAnErrorNextToEach()
    {
        var lead = await SignedInAsync(Lead);

        var (response, page) = await lead.SubmitAsync($"/clubs/{await ClubIdAsync(MiltonKeynes)}/changes/new",
            new Dictionary<string, string> { ["Input.Title"] = " ", ["Input.DueOn"] = "2020-01-01" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var field in new[] { "Title", "Description", "DueOn" })
            Assert.NotNull(page.QuerySelector($".nhsuk-error-summary a[href='#Input_{field}']"));
    }

    [Fact]
    public async Task TheOwnerMovesAChangeOnAndStoppingItAsksWhyAndWhatWasLearned()
    {
        var changeId = await ChangeAsync();
        var owner = await SignedInAsync(Member);

        var (_, started) = await owner.SubmitAsync($"/changes/{changeId}", new Dictionary<string, string> { ["to"] = "in-progress" }, handler: "Move");
        Assert.Equal("In progress", started.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        Assert.Equal(["move-implemented", "move-abandoned"],
            started.QuerySelectorAll("[data-testid=moves] [data-testid^=move-]").Select(e => e.GetAttribute("data-testid")!));

        var (_, refused) = await owner.SubmitAsync($"/changes/{changeId}/move/abandoned", new Dictionary<string, string> { ["Input.Reason"] = "" });
        Assert.NotNull(refused.QuerySelector(".nhsuk-error-summary a[href='#Input_Reason']"));

        var (_, stopped) = await owner.SubmitAsync($"/changes/{changeId}/move/abandoned", new Dictionary<string, string>
        {
            ["Input.Reason"] = "The pharmacist left and nobody could run the searches.",
            ["Input.WhatDidNotWork"] = "One person held all the knowledge.", ["Input.HowItMadeADifference"] = "We now share the searches.",
        });
        Assert.Equal("Abandoned", stopped.QuerySelector("[data-testid=status]")!.TextContent.Trim());
        Assert.Equal("The pharmacist left and nobody could run the searches.", stopped.QuerySelector("[data-testid=abandon-reason]")!.TextContent);
        Assert.Contains("One person held all the knowledge.", stopped.QuerySelector("[data-testid=learning]")!.TextContent);
        var history = stopped.QuerySelector("[data-testid=history]")!.TextContent;
        Assert.Contains("Moved it from in progress to abandoned: The pharmacist left", history);
        Assert.Contains("Changed what did not work, how it made a difference.", history);
        Assert.Null(stopped.QuerySelector("[data-testid=moves]"));
        Assert.Null(stopped.QuerySelector("[data-testid=add-pdsa]"));
    }

    [Fact]
    public async Task AnEditFormOpenedBeforeSomeoneElsesEditIsRefusedAndOverwritesNothing()
    {
        var changeId = await ChangeAsync();
        var owner = await SignedInAsync(Member);
        var form = await owner.GetAsync($"/changes/{changeId}/edit");
        var version = form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        var meanwhile = new HttpRequestMessage(HttpMethod.Patch, $"/api/changes/{changeId}") { Content = JsonContent.Create(new { title = "The lead's title" }) };
        meanwhile.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        Assert.Equal(HttpStatusCode.OK, (await (await As(Lead)).SendAsync(meanwhile)).StatusCode);

        var (_, page) = await owner.SubmitAsync($"/changes/{changeId}/edit", new Dictionary<string, string>
        {
            ["Input.Version"] = version, ["Input.Title"] = "The owner's title", ["Input.Description"] = "Adults with AF.",
            ["Input.OwnerId"] = (await UserIdAsync(Member)).ToString(), ["Input.DueOn"] = InMonths(3),
        });

        Assert.Contains("Someone else changed this", page.QuerySelector(".nhsuk-error-summary")!.TextContent);
        await using var db = Db();
        Assert.Equal("The lead's title", await db.Set<Domain.Changes.PracticeChange>().Where(c => c.Id == changeId).Select(c => c.Title).SingleAsync());
    }

    [Fact]
    public async Task APdsaCycleIsPlannedThenWrittenUpAndShownInOrder()
    {
        var changeId = await ChangeAsync();
        var owner = await SignedInAsync(Member);
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");

        await owner.SubmitAsync($"/changes/{changeId}/pdsa/new", new Dictionary<string, string>
        {
            ["Input.PlanWhat"] = "Pharmacist searches on Tuesdays", ["Input.Prediction"] = "Half are offered a review", ["Input.PlannedOn"] = today,
        });
        await owner.SubmitAsync($"/changes/{changeId}/pdsa/new", new Dictionary<string, string>
        {
            ["Input.PlanWhat"] = "Text message invitations", ["Input.Prediction"] = "More reply", ["Input.PlannedOn"] = today,
        });
        var details = await owner.GetAsync($"/changes/{changeId}");
        var first = details.QuerySelector("[data-testid=edit-pdsa]")!.GetAttribute("href")!;
        var (_, written) = await owner.SubmitAsync(first, new Dictionary<string, string>
        {
            ["Input.PlanWhat"] = "Pharmacist searches on Tuesdays", ["Input.Prediction"] = "Half are offered a review", ["Input.PlannedOn"] = today,
            ["Input.WhatHappened"] = "Eleven of twenty offered", ["Input.DoneOn"] = today, ["Input.Study"] = "Better than predicted",
            ["Input.StudiedOn"] = today, ["Input.Act"] = "adopt", ["Input.ActedOn"] = today,
        });

        var cycles = written.QuerySelectorAll("[data-testid=pdsa-cycle] h3").Select(h => h.TextContent).ToList();
        Assert.Equal(["Cycle 1: Pharmacist searches on Tuesdays", "Cycle 2: Text message invitations"], cycles);
        Assert.Contains("adopt", written.QuerySelector("[data-testid=pdsa-act]")!.TextContent);
        Assert.Contains("PDSA cycle 1: wrote do, study, act.", written.QuerySelector("[data-testid=history]")!.TextContent);
    }

    [Fact]
    public async Task MembersSeeTheirClubsChangeWithoutItsButtonsAndOtherClubsHear404()
    {
        var changeId = await ChangeAsync("<script>alert('x')</script> review");
        var nurse = await SignedInAsync(Nurse);
        var outsider = await SignedInAsync(OtherClubLead);

        var details = await nurse.Client.GetStringAsync($"/changes/{changeId}");
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; review", details);
        Assert.DoesNotContain("data-testid=\"moves\"", details);
        Assert.DoesNotContain("data-testid=\"add-pdsa\"", details);
        Assert.Contains("&lt;script&gt;", await nurse.Client.GetStringAsync("/changes"));
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.Client.GetAsync($"/changes/{changeId}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.Client.GetAsync($"/clubs/{await ClubIdAsync(MiltonKeynes)}/changes/new")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/changes/{changeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/changes/{changeId}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/changes/{changeId}/pdsa/new")).StatusCode);
        Assert.DoesNotContain(changeId.ToString(), await outsider.Client.GetStringAsync("/changes"));
    }

    [Fact]
    public async Task TheNetworkListFiltersByStatusAndClubAndTheClubListShowsItsOwn()
    {
        var agreed = await ChangeAsync("Agreed one");
        var started = await ChangeAsync("Started one");
        Assert.Equal(HttpStatusCode.OK, (await (await As(Lead)).PostAsJsonAsync($"/api/changes/{started}/transitions", new { to = "in-progress" })).StatusCode);
        var member = await SignedInAsync(Member);

        var inProgress = await member.GetAsync($"/changes?status=in-progress&clubId={await ClubIdAsync(MiltonKeynes)}");
        var links = inProgress.QuerySelectorAll("[data-testid=results] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/changes/{started}", links);
        Assert.DoesNotContain($"/changes/{agreed}", links);
        var club = await member.GetAsync($"/clubs/{await ClubIdAsync(MiltonKeynes)}/changes");
        Assert.Contains($"/changes/{agreed}", club.QuerySelectorAll("[data-testid=results] a").Select(a => a.GetAttribute("href")));
        Assert.NotNull((await member.GetAsync("/")).QuerySelector("[data-testid=nav-changes]"));
    }
}
