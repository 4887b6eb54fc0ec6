using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Impacte.Api.Tests.Papers;
using Impacte.Testing;

namespace Impacte.Api.Tests.Appraisals;

public sealed class AppraisalsApiTests(ApiFactory api) : LibrarianTestBase(api)
{
    private const string Author = "librarian@example.org", Checker = "librarian2@example.org";

    [Fact]
    public async Task TheChecklistsCoverEightDesignsInThreeSections()
    {
        var checklists = (await JsonAsync(await (await As("gp@example.org")).GetAsync("/api/checklists"))).EnumerateArray().ToList();

        Assert.Equal(8, checklists.Count);
        Assert.All(checklists, c => Assert.Equal(["valid", "results", "local"],
            c.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("key").GetString())));
        Assert.Contains(checklists, c => c.GetProperty("studyDesign").GetString() == "prediction-rule");
        Assert.Equal(["yes", "no", "cant-tell"], checklists[0].GetProperty("answers").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task ASecondLibrarianPublishesWhatTheAuthorSubmittedNeverTheAuthor()
    {
        var (id, _) = await CompleteDraftAsync();
        var author = await As(Author);

        var submitted = await author.PostAsync($"/api/appraisals/{id}/submit", null);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("submitted", (await JsonAsync(submitted)).GetProperty("status").GetString());

        var byAuthor = await author.PostAsync($"/api/appraisals/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Forbidden, byAuthor.StatusCode);
        Assert.Contains("second librarian", (await JsonAsync(byAuthor)).GetProperty("detail").GetString());

        var byGp = await (await As("gp@example.org")).PostAsync($"/api/appraisals/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Forbidden, byGp.StatusCode);

        var published = await (await As(Checker)).PostAsync($"/api/appraisals/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var body = await JsonAsync(published);
        Assert.Equal("published", body.GetProperty("status").GetString());
        Assert.Equal(await UserIdAsync(Checker), body.GetProperty("checkedBy").GetProperty("id").GetGuid());

        var twice = await (await As("admin@example.org")).PostAsync($"/api/appraisals/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task AnAdminWhoWroteTheAppraisalCannotPublishItEither()
    {
        var (id, _) = await CompleteDraftAsync("admin@example.org");
        var admin = await As("admin@example.org");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync($"/api/appraisals/{id}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task AReturnedAppraisalGoesBackToItsAuthorWithTheComment()
    {
        var (id, _) = await CompleteDraftAsync();
        var author = await As(Author);
        var checker = await As(Checker);
        await author.PostAsync($"/api/appraisals/{id}/submit", null);

        var noComment = await checker.PostAsJsonAsync($"/api/appraisals/{id}/return", new { comment = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        var byAuthor = await author.PostAsJsonAsync($"/api/appraisals/{id}/return", new { comment = "Looks fine to me" });
        Assert.Equal(HttpStatusCode.Forbidden, byAuthor.StatusCode);

        var returned = await checker.PostAsJsonAsync($"/api/appraisals/{id}/return", new { comment = "The CI in result 1 looks wrong." });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        var body = await JsonAsync(returned);
        Assert.Equal(("returned", "The CI in result 1 looks wrong."), (body.GetProperty("status").GetString(), body.GetProperty("returnComment").GetString()));

        var edited = await PatchAsync(author, id, returned.Headers.ETag!.Tag, new { bottomLine = "Corrected bottom line." });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await author.PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);
    }

    [Fact]
    public async Task SubmittingAnIncompleteDraftNamesWhatIsMissing()
    {
        var (id, _) = await CreateDraftAsync(await As(Author));
        var response = await (await As(Author)).PostAsync($"/api/appraisals/{id}/submit", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        foreach (var field in new[] { "papers", "evidenceLevel", "grade", "bottomLine", "reviewBy" })
            Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task DraftsAreHiddenFromMembersAndPublishedAppraisalsAreReadByTheWholeNetwork()
    {
        var (id, _) = await CompleteDraftAsync();
        var gp = await As("gp.luton@example.org");

        Assert.Equal(HttpStatusCode.NotFound, (await gp.GetAsync($"/api/appraisals/{id}")).StatusCode);
        Assert.DoesNotContain(id, await ListIdsAsync(gp));
        Assert.Equal(HttpStatusCode.OK, (await (await As(Checker)).GetAsync($"/api/appraisals/{id}")).StatusCode);
        Assert.Contains(id, await ListIdsAsync(await As(Checker), "?status=draft"));

        await (await As(Author)).PostAsync($"/api/appraisals/{id}/submit", null);
        await (await As(Checker)).PostAsync($"/api/appraisals/{id}/publish", null);

        Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/api/appraisals/{id}")).StatusCode);
        Assert.Contains(id, await ListIdsAsync(gp, "?status=published"));
    }

    [Fact]
    public async Task AnEditNeedsTheCurrentETagAndOnlyTheAuthorMakesIt()
    {
        var author = await As(Author);
        var (id, etag) = await CreateDraftAsync(author);

        var noIfMatch = await author.PatchAsJsonAsync($"/api/appraisals/{id}", new { bottomLine = "x" });
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        var first = await PatchAsync(author, id, etag, new { bottomLine = "First" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PatchAsync(author, id, etag, new { bottomLine = "Stale" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PatchAsync(await As(Checker), id, first.Headers.ETag!.Tag, new { bottomLine = "Not mine" })).StatusCode);
    }

    [Fact]
    public async Task ChecklistAnswersMustBelongToTheDesignsChecklistAndComeBackInItsOrder()
    {
        var author = await As(Author);
        var (id, etag) = await CreateDraftAsync(author);

        var wrong = await PatchAsync(author, id, etag, new { answers = new[] { new { questionKey = "cohort.valid.1", answer = "yes" } } });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var badAnswer = await PatchAsync(author, id, etag, new { answers = new[] { new { questionKey = "rct.valid.1", answer = "maybe" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badAnswer.StatusCode);

        var ok = await PatchAsync(author, id, etag, new
        {
            answers = new[]
            {
                new { questionKey = "rct.local.1", answer = "cant-tell", comment = "Secondary care patients" },
                new { questionKey = "rct.valid.2", answer = "yes", comment = "Central computer randomisation" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var answers = (await JsonAsync(ok)).GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(["rct.valid.2", "rct.local.1"], answers.Select(a => a.GetProperty("questionKey").GetString()));
        Assert.Equal("cant-tell", answers[1].GetProperty("answer").GetString());

        // Another design: the old checklist's answers go.
        var cohort = await PatchAsync(author, id, ok.Headers.ETag!.Tag, new { studyDesign = "cohort" });
        Assert.Equal(0, (await JsonAsync(cohort)).GetProperty("answers").GetArrayLength());
    }

    [Fact]
    public async Task AKeyResultMayBelongToOneOfTheAppraisedPapers()
    {
        var author = await As(Author);
        var (id, etag) = await CompleteDraftAsync();
        var paperId = (await JsonAsync(await author.GetAsync($"/api/appraisals/{id}"))).GetProperty("papers")[0].GetProperty("paperId").GetGuid();

        var stranger = await PatchAsync(author, id, etag, new { results = new[] { new { outcome = "Cure", paperId = Guid.NewGuid() } } });
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        var tied = await PatchAsync(author, id, etag, new { results = new[] { new { outcome = "Cure", paperId } } });
        Assert.Equal(paperId, (await JsonAsync(tied)).GetProperty("results")[0].GetProperty("paperId").GetGuid());

        // Taking the paper off the appraisal unties its results rather than losing them.
        var untied = await PatchAsync(author, id, tied.Headers.ETag!.Tag, new { papers = Array.Empty<object>() });
        var result = (await JsonAsync(untied)).GetProperty("results")[0];
        Assert.Equal(("Cure", System.Text.Json.JsonValueKind.Null), (result.GetProperty("outcome").GetString(), result.GetProperty("paperId").ValueKind));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](&#106;avascript:alert(1))")]
    [InlineData("[click](&#x6A;&#x61;vascript&colon;alert(1))")]
    [InlineData("[click](java\tscript:alert(1))")]
    [InlineData("[click](vbscript:msgbox(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[a]: javascript:alert(1)\n\n[click][a]")]
    public async Task TheNarrativeNeverCarriesScriptThroughTheApi(string payload)
    {
        var author = await As(Author);
        var (id, etag) = await CreateDraftAsync(author);

        var response = await PatchAsync(author, id, etag, new { narrative = $"**Summary**\n\n{payload}\n\n[NICE](https://www.nice.org.uk)" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = (await JsonAsync(await author.GetAsync($"/api/appraisals/{id}"))).GetProperty("narrativeHtml").GetString()!;

        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed"));
        Assert.All(document.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        var urls = document.All.SelectMany(e => e.Attributes).Where(a => a.Name is "href" or "src").Select(a => a.Value).ToList();
        Assert.All(urls, url => Assert.Matches("^(https?:|mailto:|[^:]*$)", url));
        Assert.Contains("https://www.nice.org.uk", urls);
        Assert.Contains("<strong>Summary</strong>", html);
    }

    [Fact]
    public async Task APdfIsStoredAndServedOnlyAsAnAttachmentWhateverItsName()
    {
        var author = await As(Author);
        var (id, _) = await CreateDraftAsync(author);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

        var upload = await author.PutAsync($"/api/appraisals/{id}/document", Upload(pdf, "../../../etc/passwd.pdf"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal("passwd.pdf", (await JsonAsync(upload)).GetProperty("fileName").GetString());

        var download = await (await As(Checker)).GetAsync($"/api/appraisals/{id}/document");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("passwd.pdf", download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("gp@example.org")).GetAsync($"/api/appraisals/{id}/document")).StatusCode);
    }

    [Fact]
    public async Task ADocxAndAMarkdownFileAreRecognisedFromTheirBytes()
    {
        var author = await As(Author);
        var (id, _) = await CreateDraftAsync(author);

        var docx = await author.PutAsync($"/api/appraisals/{id}/document", Upload(Docx(), "appraisal.pdf"));
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("appraisal.docx", (await JsonAsync(docx)).GetProperty("fileName").GetString());

        var markdown = await author.PutAsync($"/api/appraisals/{id}/document", Upload(Encoding.UTF8.GetBytes("# Appraisal\n\n<script>alert(1)</script>\n"), "notes.html"));
        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.Equal("notes.md", (await JsonAsync(markdown)).GetProperty("fileName").GetString());
        var download = await author.GetAsync($"/api/appraisals/{id}/document");
        Assert.Equal("text/markdown", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("zip")]
    [InlineData("exe")]
    public async Task AFileWhoseBytesAreNotPdfDocxOrTextIsRefused(string kind)
    {
        var author = await As(Author);
        var (id, _) = await CreateDraftAsync(author);
        byte[] bytes = kind switch
        {
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D],
            "zip" => Zip(("readme.txt", "not a Word document")),
            _ => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00],
        };

        var response = await author.PutAsync($"/api/appraisals/{id}/document", Upload(bytes, "appraisal.pdf"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await author.GetAsync($"/api/appraisals/{id}/document")).StatusCode);
    }

    [Fact]
    public async Task ADocumentOver20MbIsRefused()
    {
        var author = await As(Author);
        var (id, _) = await CreateDraftAsync(author);
        var big = new byte[20 * 1024 * 1024 + 1];
        "%PDF-1.7\n"u8.CopyTo(big);

        var response = await author.PutAsync($"/api/appraisals/{id}/document", Upload(big, "big.pdf"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task APublishedAppraisalCannotBeChanged()
    {
        var (id, _) = await CompleteDraftAsync();
        var author = await As(Author);
        await author.PostAsync($"/api/appraisals/{id}/submit", null);
        var published = await (await As(Checker)).PostAsync($"/api/appraisals/{id}/publish", null);

        Assert.Equal(HttpStatusCode.Conflict, (await PatchAsync(author, id, published.Headers.ETag!.Tag, new { bottomLine = "Changed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await author.PutAsync($"/api/appraisals/{id}/document",
            Upload(Encoding.UTF8.GetBytes("# late"), "late.md"))).StatusCode);
    }

    // ----- helpers -----

    private async Task<(Guid Id, string ETag)> CreateDraftAsync(HttpClient client, string design = "rct")
    {
        var response = await client.PostAsJsonAsync("/api/appraisals", new { questionId = await QuestionAsync(), studyDesign = design });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await JsonAsync(response)).GetProperty("id").GetGuid(), response.Headers.ETag!.Tag);
    }

    /// <summary>A draft with everything submitting needs.</summary>
    private async Task<(Guid Id, string ETag)> CompleteDraftAsync(string author = Author)
    {
        var client = await As(author);
        var paper = await JsonAsync(await client.PostAsJsonAsync("/api/papers",
            new { title = $"Blue light for acne {Guid.NewGuid():N}", year = 2016, journal = "Cochrane Database Syst Rev" }));
        var (id, etag) = await CreateDraftAsync(client);
        var response = await PatchAsync(client, id, etag, new
        {
            papers = new[] { new { paperId = paper.GetProperty("id").GetGuid(), studyType = "RCT", population = "Adults with acne", weaknesses = "Small" } },
            results = new[] { new { outcome = "Lesion count", measure = "MD", value = -4.5m, ciLower = -8.1m, ciUpper = -0.9m, nnt = (int?)null } },
            evidenceLevel = 2, grade = "low", bottomLine = "Light therapy may help a little; the evidence is weak.", reviewBy = "2028-01-31",
            answers = Answered.All(),
            narrative = "Small trials, *high risk of bias*.",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await JsonAsync(response);
        Assert.Equal("Lesion count: MD -4.5 (95% CI -8.1 to -0.9)", body.GetProperty("results")[0].GetProperty("summary").GetString());
        return (id, response.Headers.ETag!.Tag);
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, Guid id, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return client.SendAsync(request);
    }

    private static async Task<List<Guid>> ListIdsAsync(HttpClient client, string query = "")
    {
        var page = await JsonAsync(await client.GetAsync($"/api/appraisals{query}{(query.Length == 0 ? "?" : "&")}pageSize=100"));
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    private static MultipartFormDataContent Upload(byte[] content, string name) => PapersApiTests.File(content, name);

    private static byte[] Docx() => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in entries)
                using (var writer = new StreamWriter(zip.CreateEntry(name).Open()))
                    writer.Write(text);
        return stream.ToArray();
    }
}
