using System.Net;
using System.Net.Http.Json;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Pages;

/// <summary>The pages over the home's rules: My questions' withdraw, and admin people hidden from everyone else.</summary>
public sealed class HomePagesTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task AGpWithdrawsTheirProposedQuestionFromMyQuestions()
    {
        var created = await (await As("gp@example.org")).PostAsJsonAsync("/api/questions", new
        {
            clubId = await ClubIdAsync(MiltonKeynes), population = "adults with chronic plaque psoriasis", intervention = "topical calcipotriol",
            outcome = "itch at 7 weeks", type = "therapy", urgency = "routine",
        });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        var page = await session.GetAsync("/me/questions");
        Assert.Contains(page.QuerySelectorAll("[data-testid=my-question] a"), a => a.GetAttribute("href") == $"/questions/{id}/edit");

        var form = page.QuerySelectorAll("main form").OfType<AngleSharp.Html.Dom.IHtmlFormElement>()
            .Single(f => (f.GetAttribute("action") ?? "").Contains(id.ToString()) && f.GetAttribute("action")!.Contains("handler=Withdraw"));
        var fields = form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Where(i => i.Type == "hidden").ToDictionary(i => i.Name!, i => i.Value);
        var response = await session.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Withdrawn:", await response.Content.ReadAsStringAsync());
        await using var db = Db();
        Assert.Equal(QuestionStatus.Withdrawn, await db.Questions.Where(q => q.Id == id).Select(q => q.Status).SingleAsync());
    }

    [Theory]
    [InlineData("gp@example.org")]
    [InlineData("librarian@example.org")]
    public async Task OnlyAdminsFindThePeoplePages(string email)
    {
        var session = PageSession.For(Api);
        await session.SignInAsync(email);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/admin/people")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync($"/admin/people/{await UserIdAsync("gp@example.org")}")).StatusCode);

        var admin = PageSession.For(Api);
        await admin.SignInAsync("admin@example.org");
        var people = await admin.GetAsync("/admin/people?search=example.org");
        Assert.NotEmpty(people.QuerySelectorAll("[data-testid=person-row]"));
    }
}
