using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Questions;

/// <summary>The question pages as a signed-in person uses them: forms with antiforgery, user text encoded.</summary>
public sealed class QuestionPagesTests(ApiFactory api) : ApiTestBase(api)
{
    private static readonly HtmlParser Parser = new();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Api.CreateClient(); // keeps cookies: the sign-in cookie and the antiforgery cookie
        var response = await PostFormAsync(client, "/account/sign-in", "/account/sign-in",
            new() { ["Input.Email"] = email, ["Input.Password"] = ApiFactory.Password });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>Opens the page, then posts its first form's hidden fields (the antiforgery token) with the given ones.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var document = Parser.ParseDocument(await client.GetStringAsync(page));
        var form = document.Forms.First(f => f.QuerySelector("input[name=__RequestVerificationToken]") is not null);
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields) values[name] = value;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    private static async Task<IHtmlDocument> DocumentAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Pico(string population) => new()
    {
        ["Input.Population"] = population,
        ["Input.Intervention"] = "statins",
        ["Input.Comparison"] = "no statin",
        ["Input.Outcome"] = "heart attacks and strokes",
        ["Input.Type"] = "therapy",
        ["Input.Urgency"] = "routine",
    };

    [Fact]
    public async Task CheckingAQuestionShowsItsSentenceAndTheSimilarOnesAlreadyAsked()
    {
        var client = await SignedInAsync("gp2.mk@example.org");
        var page = await DocumentAsync(await PostFormAsync(client, "/questions/new", "/questions/new?handler=Check", Pico("people over 75")));

        Assert.Equal("In people over 75, what is the effect of statins, compared with no statin, on heart attacks and strokes?",
            page.QuerySelector("[data-testid=sentence]")!.TextContent.Trim());
        var similar = page.QuerySelectorAll("[data-testid=similar-item] a").Select(a => a.TextContent).ToList();
        Assert.Contains(similar, t => t.Contains("Statins", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProposingThroughTheFormShowsTheQuestionWithUserTextEncoded()
    {
        var client = await SignedInAsync("gp2.mk@example.org");
        var response = await PostFormAsync(client, "/questions/new", "/questions/new", Pico("adults with <script>alert(1)</script> gout"));

        var page = await DocumentAsync(response);
        Assert.StartsWith("/questions/", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("<script>alert(1)</script>", page.QuerySelector("[data-testid=sentence]")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.Equal("Proposed", page.QuerySelector("[data-testid=status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task AnNhsNumberIsShownNextToItsField()
    {
        var client = await SignedInAsync("gp2.mk@example.org");
        var fields = Pico("adults over 75");
        fields["Input.Trigger"] = "Patient 943 476 5919 asked.";
        var page = await DocumentAsync(await PostFormAsync(client, "/questions/new", "/questions/new", fields));

        Assert.Contains("NHS number", page.QuerySelector("#Input_Trigger-error")!.TextContent);
        Assert.NotNull(page.QuerySelector(".nhsuk-error-summary a[href='#Input_Trigger']"));
        Assert.Equal("adults over 75", ((IHtmlInputElement)page.QuerySelector("#Input_Population")!).Value);
    }

    [Fact]
    public async Task TheLeadSeesTheClubsQuestionsByPriorityAndAcceptsOne()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        var client = await SignedInAsync("lead@example.org");
        var url = $"/clubs/{clubId}/questions";
        var page = Parser.ParseDocument(await client.GetStringAsync(url));
        var votes = page.QuerySelectorAll("[data-testid=priorities] tbody tr").Select(r => int.Parse(r.Children[2].TextContent)).ToList();
        Assert.NotEmpty(votes);
        Assert.Equal(votes.OrderByDescending(v => v), votes);

        var first = page.QuerySelector("[data-testid=priorities] tbody tr form")!.GetAttribute("action")!;
        var accepted = await DocumentAsync(await PostFormAsync(client, url, first, []));
        Assert.Contains("Accepted", accepted.QuerySelector("[data-testid=message]")!.TextContent);
        Assert.Equal(votes.Count - 1, accepted.QuerySelectorAll("[data-testid=priorities] tbody tr").Length);
    }

    [Fact]
    public async Task SearchingFindsAnsweredQuestionsFromOtherClubs()
    {
        var client = await SignedInAsync("gp.luton@example.org");
        var page = Parser.ParseDocument(await client.GetStringAsync("/questions?search=knee+osteoarthritis"));
        Assert.Contains(page.QuerySelectorAll("[data-testid=results] a"), a => a.TextContent.Contains("knee osteoarthritis"));
    }

    [Fact]
    public async Task SomeoneElseAddsTheirVoiceOnTheQuestionPage()
    {
        await using var db = Db();
        var id = db.Questions.Where(q => q.Status == Domain.Questions.QuestionStatus.Answered).Select(q => q.Id).First();
        var client = await SignedInAsync("public.luton@example.org");
        var before = Parser.ParseDocument(await client.GetStringAsync($"/questions/{id}"));
        var askers = int.Parse(before.QuerySelector("[data-testid=askers]")!.TextContent);

        var after = await DocumentAsync(await PostFormAsync(client, $"/questions/{id}", $"/questions/{id}?handler=Ask", []));
        Assert.Equal(askers + 1, int.Parse(after.QuerySelector("[data-testid=askers]")!.TextContent));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/questions/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task TheLeadDeclinesWithAReasonOrMarksADuplicateOnTheQuestionPage()
    {
        var api = await As("gp@example.org");
        async Task<string> ProposeAsync(string outcome)
        {
            var response = await api.PostAsJsonAsync("/api/questions", new
            {
                clubId = await ClubIdAsync(MiltonKeynes), population = "adults with rosacea", intervention = "topical ivermectin",
                outcome, type = "therapy", urgency = "routine",
            });
            return (await JsonAsync(response)).GetProperty("id").GetString()!;
        }
        var original = await ProposeAsync("flushing");
        var duplicate = await ProposeAsync("facial flushing");
        var declined = await ProposeAsync("papules");
        var lead = await SignedInAsync("lead@example.org");

        var page = Parser.ParseDocument(await lead.GetStringAsync($"/questions/{duplicate}"));
        Assert.Contains(page.QuerySelectorAll("#duplicateOfId option"), o => o.GetAttribute("value") == original);
        var marked = await DocumentAsync(await PostFormAsync(lead, $"/questions/{duplicate}", $"/questions/{duplicate}?handler=Move",
            new() { ["to"] = "duplicate", ["duplicateOfId"] = original }));
        Assert.Equal("Duplicate", marked.QuerySelector("[data-testid=status]")!.TextContent.Trim());

        var missing = await DocumentAsync(await PostFormAsync(lead, $"/questions/{declined}", $"/questions/{declined}?handler=Move",
            new() { ["to"] = "declined", ["reason"] = "" }));
        Assert.Contains("reason", missing.QuerySelector(".nhsuk-error-summary")!.TextContent);
        var done = await DocumentAsync(await PostFormAsync(lead, $"/questions/{declined}", $"/questions/{declined}?handler=Move",
            new() { ["to"] = "declined", ["reason"] = "Covered by <b>NICE</b> CKS." }));
        Assert.Contains("Covered by <b>NICE</b> CKS.", done.QuerySelector("[data-testid=history]")!.TextContent);
    }

    [Fact]
    public async Task TheDuplicatePickerListsTheMostSimilarQuestionFirstNotTheNewest()
    {
        var gp = await As("gp@example.org");
        async Task<Guid> ProposeAsync(string population, string intervention, string outcome)
        {
            var response = await gp.PostAsJsonAsync("/api/questions", new
            {
                clubId = await ClubIdAsync(MiltonKeynes), population, intervention, outcome, type = "therapy", urgency = "routine",
            });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await JsonAsync(response)).GetProperty("id").GetGuid();
        }
        var original = await ProposeAsync("adults with gouty arthritis", "febuxostat", "recurrent gout flares");
        var newer = await ProposeAsync("children with head lice", "dimeticone lotion", "clearance of lice");
        var newest = await ProposeAsync("adults with plantar fasciitis", "heel orthoses", "heel pain");
        var question = await ProposeAsync("adults with gout", "febuxostat", "gout flares");
        await using (var db = Db())
        {
            // The original is the oldest of the four: newest-first would put it last of them.
            await db.Questions.Where(q => q.Id == original).ExecuteUpdateAsync(u => u.SetProperty(q => q.CreatedAt, DateTimeOffset.UtcNow.AddDays(-60)));
        }

        var candidates = await JsonAsync(await (await As("lead@example.org")).GetAsync($"/api/questions/{question}/duplicate-candidates"));
        var ids = candidates.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(original, ids[0]);
        Assert.True(candidates[0].GetProperty("score").GetDouble() > 0);
        Assert.Contains(newer, ids);
        Assert.Contains(newest, ids);
        Assert.DoesNotContain(question, ids);

        var lead = await SignedInAsync("lead@example.org");
        var page = Parser.ParseDocument(await lead.GetStringAsync($"/questions/{question}"));
        var options = page.QuerySelectorAll("#duplicateOfId option").Select(o => o.GetAttribute("value")).Where(v => v is { Length: > 0 }).ToList();
        Assert.Equal(original.ToString(), options[0]);

        // A member who may not mark duplicates is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await gp.GetAsync($"/api/questions/{question}/duplicate-candidates")).StatusCode);
    }
}
