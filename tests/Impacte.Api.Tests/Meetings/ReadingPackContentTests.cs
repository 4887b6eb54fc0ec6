using Impacte.Domain.Appraisals;
using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Domain.Papers;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Meetings;

/// <summary>What a reading pack says about a question on the agenda, from the demo network's published appraisals.</summary>
public sealed class ReadingPackContentTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task AReadingPackCarriesThePublishedAppraisalsBottomLineNarrativeAndPaperLinks()
    {
        await using var db = Db();
        var appraisal = await db.Appraisals.Include(a => a.Papers)
            .FirstAsync(a => a.Status == AppraisalStatus.Published && a.BottomLine != null);
        var paper = new Paper
        {
            Title = "Blue light for acne: a randomised trial", Authors = ["Okafor S", "Patel R"], Journal = "Br J Gen Pract",
            Year = 2024, Volume = "74", Issue = "2", Pages = "11-19", Doi = "10.3399/bjgp.2024.0001",
            TitleKey = Paper.KeyOf("Blue light for acne: a randomised trial", 2024),
        };
        db.Papers.Add(paper);
        appraisal.Papers.Add(new AppraisalPaper { PaperId = paper.Id, Position = 99 });
        appraisal.Narrative = "The trial was **small**. <script>alert('x')</script>";
        await db.SaveChangesAsync();

        var found = (await new ClubAgendaQuestions(db).FindAsync([appraisal.QuestionId], CancellationToken.None))[appraisal.QuestionId];
        var meeting = new Meeting { ClubId = await ClubIdAsync(MiltonKeynes), StartsAt = DateTimeOffset.UtcNow.AddDays(3), EndsAt = DateTimeOffset.UtcNow.AddDays(3).AddHours(1) };
        var brief = new MeetingBrief(meeting, "Willen Park", "Europe/London", [new MeetingBrief.Item(appraisal.QuestionId, found, ["Dr Sarah Okafor", "Ms Priya Shah"])]);
        var pack = new MeetingEmails(new EmailOptions(), TimeProvider.System)
            .ReadingPack(brief, new MeetingRecipient(Guid.NewGuid(), "gp@example.org", "Dr James Whitfield"));

        Assert.Equal(appraisal.BottomLine, found.BottomLine);
        Assert.Contains(appraisal.BottomLine!, pack.TextBody);
        Assert.Contains("Presented by Dr Sarah Okafor and Ms Priya Shah.", pack.TextBody); // both presenters, in order
        Assert.Contains("Presented by Dr Sarah Okafor and Ms Priya Shah.", pack.HtmlBody);
        Assert.Contains("<strong>small</strong>", pack.HtmlBody);
        Assert.DoesNotContain("<script>alert", pack.HtmlBody);
        Assert.Contains("Okafor S, Patel R. Blue light for acne: a randomised trial. Br J Gen Pract. 2024;74(2):11-19. https://doi.org/10.3399/bjgp.2024.0001", pack.TextBody);
        Assert.Contains("href=\"https://doi.org/10.3399/bjgp.2024.0001\"", pack.HtmlBody);
    }
}
