using System.Net;
using Impacte.Api.Tests.Appraisals;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Questions;

/// <summary>The question list's q: the similar-question lookup's forgiving search (typos, abbreviations), paged and filtered.</summary>
public sealed class QuestionListSearchTests(ApiFactory api) : LibrarianTestBase(api)
{
    /// <summary>A Milton Keynes question about apixaban in atrial fibrillation.</summary>
    private async Task<Guid> ApixabanQuestionAsync()
    {
        await using var db = Db();
        var clubId = await ClubIdAsync(MiltonKeynes);
        var proposer = await UserIdAsync("gp@example.org");
        var now = DateTimeOffset.UtcNow;
        var question = new ClinicalQuestion
        {
            ClubId = clubId, ProposerId = proposer, Population = "frail adults with atrial fibrillation", Intervention = "apixaban",
            Comparison = "no anticoagulation", Outcome = "stroke", Type = QuestionType.Therapy, Urgency = Urgency.Routine,
            Title = "Apixaban for frail adults with AF", Sentence = "In frail adults with atrial fibrillation, does apixaban prevent stroke?",
            Status = QuestionStatus.Proposed, CreatedAt = now, UpdatedAt = now,
        };
        db.Questions.Add(question);
        await db.SaveChangesAsync();
        return question.Id;
    }

    private async Task<List<Guid>> ListAsync(string query)
    {
        var client = await As("gp@example.org");
        var response = await client.GetAsync($"/api/questions?{query}&pageSize=100");
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return [.. (await JsonAsync(response)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    [Fact]
    public async Task QWithATypoOrAnAbbreviationFindsTheQuestion()
    {
        var id = await ApixabanQuestionAsync();
        Assert.Contains(id, await ListAsync("q=apixiban"));
        Assert.Contains(id, await ListAsync("q=AF%20apixaban"));
        Assert.Contains(id, await ListAsync("q=eliquis%20frail"));
        Assert.Contains(id, await ListAsync($"q=apixiban&clubId={await ClubIdAsync(MiltonKeynes)}&status=proposed"));
        Assert.DoesNotContain(id, await ListAsync("q=apixiban&status=accepted"));
        // search= stays as typed: the typo finds nothing there.
        Assert.DoesNotContain(id, await ListAsync("search=apixiban"));
    }

    [Fact]
    public async Task TheQuestionsPageSearchesForgivinglyToo()
    {
        var id = await ApixabanQuestionAsync();
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        var page = await session.GetAsync("/questions?q=apixiban");
        Assert.Contains(page.QuerySelectorAll("main a"), a => a.GetAttribute("href") == $"/questions/{id}");
        Assert.Equal("q", page.QuerySelector("#search")?.GetAttribute("name"));
        var odd = await session.Client.GetAsync($"/questions?q={Uri.EscapeDataString("apix\u0000iban" + new string('z', 10_000))}");
        Assert.True((int)odd.StatusCode < 500, $"{(int)odd.StatusCode}");
    }

    [Fact]
    public async Task OddQIsRefusedWith400OrFindsNothingNeverA5xx()
    {
        var client = await As("gp@example.org");
        foreach (var q in new[] { "a\u0000b", "bell\u0007", new string('x', 10 * 1024), "\"", "-", "!!! & | <->", "':*", "\u202e\u0301", "the of and" })
        {
            var response = await client.GetAsync($"/api/questions?q={Uri.EscapeDataString(q)}");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {q[..Math.Min(q.Length, 20)]}");
            Assert.Equal("application/" + (response.StatusCode == HttpStatusCode.OK ? "json" : "problem+json"), response.Content.Headers.ContentType?.MediaType);
            if (response.StatusCode == HttpStatusCode.BadRequest)
                Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("q", out _));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/questions?q={new string('x', 10 * 1024)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/questions?q=a%00b")).StatusCode);
    }
}
