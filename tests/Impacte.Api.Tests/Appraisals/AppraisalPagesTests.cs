using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Impacte.Api.Tests.Pages;
using Impacte.Api.Tests.Papers;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Appraisals;

public sealed class AppraisalPagesTests(ApiFactory api) : LibrarianTestBase(api)
{
    [Fact]
    public async Task ALibrarianImportsAFileThroughThePageAndReadsTheReport()
    {
        var session = await SignedInAsync("librarian@example.org");
        var page = await session.GetAsync("/papers/import");
        var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(CitationData.Bytes("wos-12records.txt")), "Upload", "savedrecs.txt" },
        };

        var response = await session.Client.PostAsync("/papers/import", form);
        var report = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Another test of this class may have imported the same file first: then they come back as duplicates.
        var created = int.Parse(report.QuerySelector("[data-testid=created]")!.TextContent);
        var duplicates = int.Parse(report.QuerySelector("[data-testid=duplicates]")!.TextContent);
        Assert.Equal(12, created + duplicates);
        Assert.Equal("0", report.QuerySelector("[data-testid=rejected]")!.TextContent);
    }

    [Fact]
    public async Task ALibrarianTakesAQuestionRecordsItsSearchImportsScreensAndStartsAnAppraisalWithTheIncludedPapers()
    {
        var questionId = await QuestionAsync(QuestionStatus.Accepted, urgency: Impacte.Domain.Questions.Urgency.Urgent);
        var session = await SignedInAsync("librarian2@example.org");

        var desk = await session.GetAsync("/librarian");
        Assert.NotNull(desk.QuerySelector($"[data-testid=waiting] a[href='/questions/{questionId}']"));
        var take = desk.Forms.Single(f => f.GetAttribute("action")!.Contains($"questionId={questionId}"));
        var taken = await session.Client.PostAsync(take.GetAttribute("action"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(desk) }));
        var afterTake = await new HtmlParser().ParseDocumentAsync(await taken.Content.ReadAsStringAsync());
        Assert.Contains("You have taken", afterTake.QuerySelector("[data-testid=message]")!.TextContent);
        Assert.Equal(QuestionStatus.Searching, await StatusOfAsync(questionId));

        // One entry per database searched; saving stays on the page, whose way back is the desk the librarian came from.
        var searchPath = $"/librarian/questions/{questionId}/search?returnUrl=%2Flibrarian%3Fqueue%3D2";
        foreach (var (database, hits) in new[] { ("PubMed", "40"), ("Cochrane Library", "12") })
        {
            // The add form is the page's last (each entry above it has its Remove form).
            var before = await session.GetAsync(searchPath);
            var add = before.QuerySelectorAll("main form").Last();
            var searched = await session.Client.PostAsync(add.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Token(before),
                ["Input.Database"] = database, ["Input.Strategy"] = "acne AND (blue light OR phototherapy)", ["Input.SearchedOn"] = "2026-11-20", ["Input.Hits"] = hits,
            }));
            var searchPage = await new HtmlParser().ParseDocumentAsync(await searched.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, searched.StatusCode);
            Assert.Contains($"{database} search recorded.", searchPage.QuerySelector("[data-testid=message]")!.TextContent);
            Assert.Equal("/librarian?queue=2", searchPage.QuerySelector("[data-testid=back]")!.GetAttribute("href"));
        }
        Assert.Equal(2, (await session.GetAsync(searchPath)).QuerySelectorAll("[data-testid=entry]").Length);
        var offSite = await session.GetAsync($"/librarian/questions/{questionId}/search?returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/librarian", offSite.QuerySelector("[data-testid=back]")!.GetAttribute("href"));

        var import = await session.GetAsync($"/papers/import?questionId={questionId}");
        var form = new MultipartFormDataContent
        {
            { new StringContent(Token(import)), "__RequestVerificationToken" },
            { new StringContent(questionId.ToString()), "QuestionId" },
            { new ByteArrayContent(CitationData.Bytes("wos-12records.txt")), "Upload", "savedrecs.txt" },
        };
        var imported = await session.Client.PostAsync($"/papers/import?questionId={questionId}", form);
        var importedPage = await new HtmlParser().ParseDocumentAsync(await imported.Content.ReadAsStringAsync());
        Assert.True(importedPage.QuerySelector("[data-testid=import-report]") is not null && importedPage.QuerySelector(".nhsuk-error-summary") is null,
            importedPage.QuerySelector("main")?.TextContent);
        Assert.Equal($"/librarian/questions/{questionId}/screen", importedPage.QuerySelector("[data-testid=screen]")!.GetAttribute("href"));

        // Screening: one record at a time; include the first, exclude the second with a reason; the next comes up.
        var screenPath = $"/librarian/questions/{questionId}/screen";
        var screen = await session.GetAsync(screenPath);
        Assert.Equal("12", screen.QuerySelector("[data-testid=found]")!.TextContent.Trim());
        var first = screen.QuerySelector("[data-testid=record-title]")!.TextContent;
        Assert.NotNull(screen.QuerySelector("[data-testid=include][autofocus]"));
        var (_, afterInclude) = await session.SubmitAsync(screenPath, new Dictionary<string, string> { ["decision"] = "include" });
        Assert.Contains("Included", afterInclude.QuerySelector("[data-testid=message]")!.TextContent);
        var second = afterInclude.QuerySelector("[data-testid=record-title]")!.TextContent;
        Assert.NotEqual(first, second);
        var (_, refused) = await session.SubmitAsync(screenPath, new Dictionary<string, string> { ["decision"] = "exclude" });
        Assert.Contains("Choose why the record is excluded.", refused.QuerySelector(".nhsuk-error-summary")!.TextContent);
        var (_, afterExclude) = await session.SubmitAsync(screenPath, new Dictionary<string, string> { ["decision"] = "exclude", ["Reason"] = "wrong-study-design" });
        Assert.Equal("1", afterExclude.QuerySelector("[data-testid=included]")!.TextContent.Trim());
        Assert.StartsWith("1", afterExclude.QuerySelector("[data-testid=excluded]")!.TextContent.Trim());
        Assert.Contains("Wrong study design: 1", afterExclude.QuerySelector("[data-testid=excluded]")!.TextContent);

        var card = (await session.GetAsync("/librarian")).QuerySelectorAll("[data-testid=taken]")
            .Single(c => c.QuerySelector($"a[href='/questions/{questionId}']") is not null);
        var cardText = System.Text.RegularExpressions.Regex.Replace(card.TextContent, @"\s+", " ");
        Assert.True(cardText.Contains("2 databases") && cardText.Contains("1 paper included") && cardText.Contains("10 to screen"), cardText);

        var start = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(await session.GetAsync("/librarian")), ["QuestionId"] = questionId.ToString(), ["StudyDesign"] = "cohort",
        });
        var editor = await session.Client.PostAsync("/librarian?handler=Start", start);
        var editorPath = editor.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.Matches("^/appraisals/[0-9a-f-]+/edit$", editorPath);
        var page = await new HtmlParser().ParseDocumentAsync(await editor.Content.ReadAsStringAsync());
        Assert.Contains("blue light therapy", page.QuerySelector("[data-testid=question]")!.TextContent);

        // The editor offers the included paper (only that one) to tick; ticking it adds it to the appraisal.
        var pick = Assert.Single(page.QuerySelectorAll("[data-testid=pick-papers] input[type=checkbox]"));
        var (_, saved) = await session.SubmitAsync(editorPath, new Dictionary<string, string> { ["Input.PickPapers"] = pick.GetAttribute("value")!, ["Input.StudyDesign"] = "cohort" }, handler: "Save");
        Assert.Equal("Saved.", saved.QuerySelector("[data-testid=message]")!.TextContent.Trim());
        Assert.Equal(pick.GetAttribute("value"), saved.QuerySelector("input[name='Input.Papers[0].PaperId']")!.GetAttribute("value"));
        Assert.Null(saved.QuerySelector("[data-testid=pick-papers]"));
    }

    [Fact]
    public async Task TheEditorUploadsADocumentThatReadersGetAsADownload()
    {
        var (id, _) = await DraftAsync();
        var session = await SignedInAsync("librarian@example.org");
        var editor = await session.GetAsync($"/appraisals/{id}/edit");
        var form = new MultipartFormDataContent
        {
            { new StringContent(Token(editor)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("# Appraisal\n\n<script>alert(1)</script>\n")), "upload", "../../evil.html" },
        };

        var response = await session.Client.PostAsync($"/appraisals/{id}/edit?handler=Document", form);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("Uploaded evil.md.", page.QuerySelector("[data-testid=message]")!.TextContent.Trim());

        var download = await session.Client.GetAsync(page.QuerySelector("[data-testid=document] a")!.GetAttribute("href"));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("text/markdown", download.Content.Headers.ContentType!.MediaType);

        var wrong = new MultipartFormDataContent
        {
            { new StringContent(Token(editor)), "__RequestVerificationToken" },
            { new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]), "upload", "picture.pdf" },
        };
        var refused = await new HtmlParser().ParseDocumentAsync(await (await session.Client.PostAsync($"/appraisals/{id}/edit?handler=Document", wrong)).Content.ReadAsStringAsync());
        Assert.Contains("Upload a PDF", refused.QuerySelector(".nhsuk-error-summary")!.TextContent);
    }

    [Fact]
    public async Task TheDeskPagesTheDraftsOfQuestionsTheLibrarianNoLongerHoldsAPageAtATime()
    {
        var librarian = await UserIdAsync("librarian2@example.org");
        var questions = new List<Guid>();
        for (var i = 0; i < IndexModelSize + 2; i++) questions.Add(await QuestionAsync(QuestionStatus.Accepted));
        await using (var db = Db())
        {
            var now = DateTimeOffset.UtcNow;
            db.Appraisals.AddRange(questions.Select((q, i) => new Appraisal
            {
                QuestionId = q, AuthorId = librarian, Status = AppraisalStatus.Draft, CreatedAt = now, UpdatedAt = now.AddMinutes(-i),
            }));
            await db.SaveChangesAsync();
        }
        int drafts;
        await using (var db = Db())
            drafts = await db.Appraisals.CountAsync(a => a.AuthorId == librarian && a.Status != AppraisalStatus.Published);

        var session = await SignedInAsync("librarian2@example.org");
        var first = await session.GetAsync("/librarian");
        Assert.Contains($"Your work ({drafts})", first.QuerySelector("#work")!.TextContent);
        var shown = first.QuerySelectorAll("[data-testid=draft]").Select(d => d.TextContent).ToList();
        Assert.Equal(IndexModelSize, shown.Count);
        var second = (await session.GetAsync("/librarian?work=2")).QuerySelectorAll("[data-testid=draft]").Select(d => d.TextContent).ToList();
        Assert.Equal(Math.Min(IndexModelSize, drafts - IndexModelSize), second.Count);
        Assert.Empty(shown.Intersect(second));
    }

    private const int IndexModelSize = Impacte.Api.Pages.Librarian.IndexModel.WorkSize;

    [Fact]
    public async Task AMemberCannotOpenTheLibrarianPages()
    {
        var session = await SignedInAsync("gp@example.org");
        foreach (var path in new[] { "/librarian", "/papers/import", $"/appraisals/{Guid.NewGuid()}/edit" })
        {
            // The cookie scheme sends someone without the role to the access-denied page.
            var response = await session.Client.GetAsync(path);
            Assert.Equal("/status/403", response.RequestMessage!.RequestUri!.AbsolutePath);
        }
    }

    [Fact]
    public async Task AnotherLibrarianReadsADraftButCannotOpenItsEditorAndAGpIsToldItDoesNotExist()
    {
        var (id, _) = await DraftAsync();

        var other = await SignedInAsync("librarian2@example.org");
        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync($"/appraisals/{id}")).StatusCode);
        var edit = await other.Client.GetAsync($"/appraisals/{id}/edit");
        Assert.Equal("/status/403", edit.RequestMessage!.RequestUri!.AbsolutePath);

        var gp = await SignedInAsync("gp@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await gp.Client.GetAsync($"/appraisals/{id}")).StatusCode);
    }

    [Fact]
    public async Task TheEditorSavesTheFormAndItsPreviewRendersSafely()
    {
        var (id, _) = await DraftAsync();
        var session = await SignedInAsync("librarian@example.org");

        var (response, page) = await session.SubmitAsync($"/appraisals/{id}/edit", new Dictionary<string, string>
        {
            ["Input.StudyDesign"] = "rct",
            ["Input.EvidenceLevel"] = "2",
            ["Input.Grade"] = "moderate",
            ["Input.BottomLine"] = "Offer it <script>alert(1)</script> to adults.",
            ["Input.ReviewBy"] = "2028-03-01",
            ["Input.Narrative"] = "**Well done** trial",
            ["Input.Answers[rct.valid.2]"] = "yes",
            ["Input.Comments[rct.valid.2]"] = "Concealed allocation",
            ["Input.Results[0].Outcome"] = "Mortality",
            ["Input.Results[0].Measure"] = "RR",
            ["Input.Results[0].Value"] = "0.8",
            ["Input.Results[0].CiLower"] = "0.7",
            ["Input.Results[0].CiUpper"] = "0.9",
            ["Input.Results[0].Nnt"] = "25",
        }, handler: "Save");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Saved.", page.QuerySelector("[data-testid=message]")!.TextContent);

        var saved = await JsonAsync(await (await As("librarian@example.org")).GetAsync($"/api/appraisals/{id}"));
        Assert.Equal(("moderate", 2), (saved.GetProperty("grade").GetString(), saved.GetProperty("evidenceLevel").GetInt32()));
        Assert.Equal("Mortality: RR 0.8 (95% CI 0.7 to 0.9); NNT 25", saved.GetProperty("results")[0].GetProperty("summary").GetString());
        Assert.Equal("yes", saved.GetProperty("answers")[0].GetProperty("answer").GetString());

        var editor = await session.GetAsync($"/appraisals/{id}/edit");
        var preview = await session.Client.PostAsync($"/appraisals/{id}/edit?handler=Preview", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["narrative"] = "# Heading\n\n<script>alert(1)</script> [x](javascript:alert(1))",
            ["__RequestVerificationToken"] = Token(editor),
        }));
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("<h1", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.NotNull(editor.QuerySelector("script[type=module][src^='/js/appraisal-editor.js']"));
    }

    [Fact]
    public async Task TheSecondLibrarianPublishesFromThePageAndAGpReadsTheOnePageTopic()
    {
        var (id, _) = await DraftAsync(complete: true);
        Assert.Equal(HttpStatusCode.OK, (await (await As("librarian@example.org")).PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);

        var gp = await SignedInAsync("gp@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await gp.Client.GetAsync($"/appraisals/{id}")).StatusCode);

        var author = await SignedInAsync("librarian@example.org");
        Assert.Null((await author.GetAsync($"/appraisals/{id}")).QuerySelector("[data-testid=publish]"));

        var checker = await SignedInAsync("librarian2@example.org");
        var queue = await checker.GetAsync("/librarian");
        Assert.Contains(queue.QuerySelectorAll("[data-testid=to-check] a"), a => a.GetAttribute("href") == $"/appraisals/{id}");
        var (response, _) = await checker.SubmitAsync($"/appraisals/{id}", new Dictionary<string, string>(), handler: "Publish");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var cat = await gp.GetAsync($"/appraisals/{id}");
        Assert.Contains("blue light therapy", cat.QuerySelector("[data-testid=question]")!.TextContent);
        Assert.Equal("Published", cat.QuerySelector("[data-testid=status]")!.TextContent);
        Assert.Equal("Offer it <script>alert(1)</script> to adults.", cat.QuerySelector("[data-testid=bottom-line]")!.TextContent);
        Assert.Empty(cat.QuerySelectorAll("article script"));
        Assert.Single(cat.QuerySelectorAll("[data-testid=papers] tbody tr"));
        Assert.Contains("Adults with acne", cat.QuerySelector("[data-testid=papers]")!.TextContent);
        Assert.Contains("<em>", cat.QuerySelector("[data-testid=narrative]")!.InnerHtml);
        Assert.Contains("@media print", await gp.Client.GetStringAsync("/css/site.css"));
    }

    private async Task<PageSession> SignedInAsync(string email)
    {
        var session = PageSession.For(Api);
        await session.SignInAsync(email);
        return session;
    }

    private static string Token(IHtmlDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private async Task<(Guid Id, string ETag)> DraftAsync(bool complete = false)
    {
        var client = await As("librarian@example.org");
        var created = await client.PostAsJsonAsync("/api/appraisals", new { questionId = await QuestionAsync(), studyDesign = "rct" });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var etag = created.Headers.ETag!.Tag;
        if (!complete) return (id, etag);
        var paper = await JsonAsync(await client.PostAsJsonAsync("/api/papers", new { title = $"Light for acne {Guid.NewGuid():N}", year = 2016 }));
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}")
        {
            Content = JsonContent.Create(new
            {
                papers = new[] { new { paperId = paper.GetProperty("id").GetGuid(), population = "Adults with acne" } },
                evidenceLevel = 2, grade = "low", bottomLine = "Offer it <script>alert(1)</script> to adults.", reviewBy = "2028-01-31",
                narrative = "Small trials, *high risk of bias*.", answers = Answered.All(),
            }),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (id, response.Headers.ETag!.Tag);
    }
}
