using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AngleSharp.Html.Dom;
using Impacte.Api.Tests.Pages;
using Impacte.Api.Tests.Papers;
using Impacte.Domain.Appraisals;
using Impacte.Testing;

namespace Impacte.Api.Tests.Appraisals;

/// <summary>Nobody, admin included, checks an appraisal they wrote or changed: a second, untouched pair of eyes publishes it.</summary>
public sealed class TwoPersonRuleTests(ApiFactory api) : LibrarianTestBase(api)
{
    private const string Author = "librarian@example.org", Checker = "librarian2@example.org", Admin = "admin@example.org";

    [Fact]
    public async Task AnAdminWhoEditedALibrariansDraftCannotPublishOrReturnIt()
    {
        var id = await CompleteDraftAsync();
        var admin = await As(Admin);
        var etag = (await admin.GetAsync($"/api/appraisals/{id}")).Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}")
        {
            Content = JsonContent.Create(new { bottomLine = "Offer it to adults who want it; the evidence is weak." }),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);

        var publish = await admin.PostAsync($"/api/appraisals/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Contains("you changed it", (await JsonAsync(publish)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/api/appraisals/{id}/return", new { comment = "Fine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As(Author)).PostAsync($"/api/appraisals/{id}/publish", null)).StatusCode);

        var published = await (await As(Checker)).PostAsync($"/api/appraisals/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
    }

    [Fact]
    public async Task AnAdminWhoOnlyUploadedTheDocumentHasChangedItToo()
    {
        var id = await CompleteDraftAsync();
        var admin = await As(Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/appraisals/{id}/document",
            PapersApiTests.File(Encoding.UTF8.GetBytes("# The appraisal\n"), "cat.md"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As(Author)).PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync($"/api/appraisals/{id}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task AnAdminWhoSavedTheDraftInTheEditorIsNotOfferedItToCheckAndCannotPublishFromThePage()
    {
        var id = await CompleteDraftAsync();
        var admin = PageSession.For(Api);
        await admin.SignInAsync(Admin);
        var form = new Dictionary<string, string>
        {
            ["Input.StudyDesign"] = "rct", ["Input.EvidenceLevel"] = "2", ["Input.Grade"] = "low", ["Input.ReviewBy"] = "2028-01-31",
            ["Input.BottomLine"] = "Offer it; the evidence is weak.", ["Input.Narrative"] = "Small trials.",
        };
        // The form carries the whole checklist: submitting needs every question answered.
        foreach (var q in Checklists.For(StudyDesign.RandomisedControlledTrial).Questions) form[$"Input.Answers[{q.Key}]"] = "yes";
        var (saved, _) = await admin.SubmitAsync($"/appraisals/{id}/edit", form, handler: "Save");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As(Author)).PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);

        var desk = await admin.GetAsync("/librarian");
        Assert.DoesNotContain(desk.QuerySelectorAll("[data-testid=to-check] a"), a => a.GetAttribute("href") == $"/appraisals/{id}");
        var cat = await admin.GetAsync($"/appraisals/{id}");
        Assert.Null(cat.QuerySelector("[data-testid=publish]"));
        var forced = await admin.Client.PostAsync($"/appraisals/{id}?handler=Publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(cat) }));
        Assert.Contains("you changed it", await forced.Content.ReadAsStringAsync());
        Assert.Equal("submitted", (await JsonAsync(await (await As(Checker)).GetAsync($"/api/appraisals/{id}"))).GetProperty("status").GetString());

        var checker = PageSession.For(Api);
        await checker.SignInAsync(Checker);
        Assert.Contains((await checker.GetAsync("/librarian")).QuerySelectorAll("[data-testid=to-check] a"), a => a.GetAttribute("href") == $"/appraisals/{id}");
        var (published, _) = await checker.SubmitAsync($"/appraisals/{id}", new Dictionary<string, string>(), handler: "Publish");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await JsonAsync(await (await As(Checker)).GetAsync($"/api/appraisals/{id}"))).GetProperty("status").GetString());
    }

    private static string Token(IHtmlDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
}
