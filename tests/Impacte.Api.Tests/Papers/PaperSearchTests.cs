using System.Net;
using System.Text.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Papers;
using Impacte.Testing;

namespace Impacte.Api.Tests.Papers;

/// <summary>Paper search: full text over title, keywords and abstract (GIN on papers.search_vector), title hits first.</summary>
public sealed class PaperSearchTests(ApiFactory api) : ApiTestBase(api)
{
    private async Task<Paper> PaperAsync(string title, string? abstractText = null, params string[] keywords)
    {
        await using var db = Db();
        var paper = new Paper
        {
            Title = title, Abstract = abstractText, Keywords = Paper.JoinKeywords(keywords), Year = 2021, Journal = "BMJ",
            TitleKey = Paper.KeyOf(title, 2021), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Papers.Add(paper);
        await db.SaveChangesAsync();
        return paper;
    }

    private async Task<List<Guid>> FoundAsync(string q)
    {
        var client = await As("gp@example.org");
        var response = await client.GetAsync($"/api/papers?q={Uri.EscapeDataString(q)}&pageSize=100");
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return [.. (await JsonAsync(response)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    [Fact]
    public async Task APaperIsFoundByAWordOfItsAbstractAndByAKeyword()
    {
        var paper = await PaperAsync("Outcomes in a primary care cohort",
            "We followed adults prescribed nitrofurantoin for uncomplicated cystitis.", "Urinary Tract Infections", "Quillbrook cohort");

        Assert.Contains(paper.Id, await FoundAsync("nitrofurantoin"));
        Assert.Contains(paper.Id, await FoundAsync("cystitis nitrofurantoin"));   // stemmed and in any order
        Assert.Contains(paper.Id, await FoundAsync("Quillbrook"));                // a keyword only
        Assert.Contains(paper.Id, await FoundAsync("urinary tract infection"));   // a keyword, stemmed
        Assert.DoesNotContain(paper.Id, await FoundAsync("metformin"));

        var client = await As("librarian@example.org");
        var one = await JsonAsync(await client.GetAsync($"/api/papers/{paper.Id}"));
        Assert.Equal(["Urinary Tract Infections", "Quillbrook cohort"], one.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task ATitleHitRanksAboveAbstractHitsHoweverOftenTheyRepeatTheWord()
    {
        var word = "zelmorabant";
        var inAbstract = await PaperAsync("A trial of a new oral agent",
            $"{word} was given. {word} lowered blood pressure; {word} was well tolerated; {word} {word} {word}.");
        var inKeywords = await PaperAsync("Another hypertension trial", "Blood pressure fell.", word);
        var inTitle = await PaperAsync($"{word} for resistant hypertension");

        var found = await FoundAsync(word);
        Assert.Equal(3, found.Count(id => id == inTitle.Id || id == inKeywords.Id || id == inAbstract.Id));
        Assert.Equal(inTitle.Id, found[0]);
    }

    [Fact]
    public async Task ImportedKeywordsAreSearchable()
    {
        var client = await As("librarian@example.org");
        var ris = "TY  - JOUR\nTI  - Deprescribing in care homes\nKW  - Glimmerstone protocol\nKW  - Polypharmacy\nPY  - 2020\nER  - \n";
        var response = await client.PostAsync("/api/papers/import", PapersApiTests.File(System.Text.Encoding.UTF8.GetBytes(ris), "export.ris"));
        await AssertStatusAsync(HttpStatusCode.OK, response);
        var id = (await JsonAsync(response)).GetProperty("paperIds")[0].GetGuid();
        Assert.Contains(id, await FoundAsync("glimmerstone"));
    }

    [Fact]
    public async Task OddSearchTextIsRefusedWith400OrFindsNothingNeverA5xx()
    {
        var client = await As("gp@example.org");
        foreach (var q in new[] { "a\u0000b", "bell\u0007", new string('x', 10 * 1024), "\"unclosed", "-", "!!! & | <->", "':*", "\u202e\u0301" })
        {
            var response = await client.GetAsync($"/api/papers?q={Uri.EscapeDataString(q)}");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {q[..Math.Min(q.Length, 20)]}");
            Assert.Equal("application/" + (response.StatusCode == HttpStatusCode.OK ? "json" : "problem+json"), response.Content.Headers.ContentType?.MediaType);
            if (response.StatusCode == HttpStatusCode.BadRequest)
                Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("q", out _));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/papers?q={new string('x', 10 * 1024)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/papers?q=a%00b")).StatusCode);
    }

    [Fact]
    public async Task ThePapersPageSearchesTheSameWay()
    {
        var paper = await PaperAsync("Community pharmacy review", "Adults taking warfindolol were reviewed.", "Brackenmoor audit");
        var session = PageSession.For(Api);
        await session.SignInAsync("librarian@example.org");
        var page = await session.GetAsync("/papers?q=brackenmoor");
        var found = page.QuerySelectorAll("[data-testid=papers] [data-paper-id]").Select(e => e.GetAttribute("data-paper-id")).ToList();
        Assert.Equal([paper.Id.ToString()], found);
        Assert.Equal("brackenmoor", page.QuerySelector("input[name=q]")?.GetAttribute("value"));
        var odd = await session.Client.GetAsync($"/papers?q={Uri.EscapeDataString("a\u0000b" + new string('y', 10_000))}");
        Assert.True((int)odd.StatusCode < 500, $"{(int)odd.StatusCode}");
    }
}
