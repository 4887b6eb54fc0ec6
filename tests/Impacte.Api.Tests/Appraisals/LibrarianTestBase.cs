using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Appraisals;

/// <summary>Librarian tests need questions at a given point of the loop; they are written straight to the database.</summary>
public abstract class LibrarianTestBase(ApiFactory api) : ApiTestBase(api)
{
    /// <summary>A fresh question of the club, at <paramref name="status"/>; at searching, taken by <paramref name="takenBy"/>.</summary>
    protected async Task<Guid> QuestionAsync(QuestionStatus status = QuestionStatus.Searching, string odsCode = MiltonKeynes,
        string takenBy = "librarian@example.org", Urgency urgency = Urgency.Routine)
    {
        await using var db = Db();
        var clubId = await ClubIdAsync(odsCode);
        var proposer = await db.Memberships.Where(m => m.ClubId == clubId).Select(m => m.UserId).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var question = new ClinicalQuestion
        {
            ClubId = clubId, ProposerId = proposer, Population = $"adults with acne {tag}", Intervention = "blue light therapy",
            Comparison = "topical treatment", Outcome = "lesion count", Type = QuestionType.Therapy, Urgency = urgency,
            Title = $"Blue light for acne {tag}", Sentence = $"In adults with acne {tag}, does blue light therapy reduce lesion counts?",
            Status = status, CreatedAt = now.AddDays(-3), UpdatedAt = now,
        };
        db.Questions.Add(question);
        if (status == QuestionStatus.Searching)
            db.QuestionTransitions.Add(new QuestionTransitionRecord
            {
                QuestionId = question.Id, ById = await UserIdAsync(takenBy), At = now, FromStatus = QuestionStatus.Accepted, ToStatus = QuestionStatus.Searching,
            });
        await db.SaveChangesAsync();
        return question.Id;
    }

    protected async Task<QuestionStatus> StatusOfAsync(Guid questionId)
    {
        await using var db = Db();
        return await db.Questions.Where(q => q.Id == questionId).Select(q => q.Status).SingleAsync();
    }

    /// <summary>
    /// A complete appraisal draft of <paramref name="author"/>'s (one paper, every checklist answer), ready to submit,
    /// for <paramref name="questionId"/> or a fresh question.
    /// </summary>
    protected async Task<Guid> CompleteDraftAsync(Guid? questionId = null, string author = "librarian@example.org")
    {
        var client = await As(author);
        var paper = await JsonAsync(await client.PostAsJsonAsync("/api/papers", new { title = $"Light for acne {Guid.NewGuid():N}", year = 2016 }));
        var created = await client.PostAsJsonAsync("/api/appraisals", new { questionId = questionId ?? await QuestionAsync(), studyDesign = "rct" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}")
        {
            Content = JsonContent.Create(new
            {
                papers = new[] { new { paperId = paper.GetProperty("id").GetGuid() } },
                evidenceLevel = 2, grade = "low", bottomLine = "Offer it.", reviewBy = "2028-01-31", answers = Answered.All(),
            }),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(created.Headers.ETag!.Tag));
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return id;
    }
}
