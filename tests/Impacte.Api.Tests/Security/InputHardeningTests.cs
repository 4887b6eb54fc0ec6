using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Impacte.Api.Tests.Appraisals;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Security;

/// <summary>
/// Input that used to break things: control characters, line breaks where a header is made, NHS numbers in free text,
/// huge page numbers, and the API answering with pages or redirects.
/// </summary>
public sealed class InputHardeningTests(ApiFactory api) : LibrarianTestBase(api)
{
    private const string Nul = "\u0000";
    /// <summary>A valid NHS number (modulus 11), the NHS's own example.</summary>
    private const string NhsNumber = "401 023 2137";

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {text}");
    }

    private HttpClient NoRedirects() => Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    // ---- 8. control characters, per endpoint family ----

    [Fact]
    public async Task ANulInAQuestionIsRefusedNamingTheField()
    {
        var gp = await As("gp@example.org");
        var response = await gp.PostAsJsonAsync("/api/questions", new
        {
            clubId = await ClubIdAsync(MiltonKeynes), population = $"adults{Nul} with gout", intervention = "colchicine",
            outcome = "flares", type = "therapy",
        });
        await AssertFieldErrorAsync(response, "population");

        var search = await gp.GetAsync("/api/questions?search=gout%00");
        await AssertFieldErrorAsync(search, "search");
    }

    [Fact]
    public async Task ANulInAMeetingOrItsMinutesIsRefusedNamingTheField()
    {
        var lead = await As("lead@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);
        var bad = await lead.PostAsJsonAsync($"/api/clubs/{clubId}/meetings",
            new { startsAt = DateTimeOffset.UtcNow.AddDays(40), location = $"Room{Nul} 1" });
        await AssertFieldErrorAsync(bad, "location");

        var created = await lead.PostAsJsonAsync($"/api/clubs/{clubId}/meetings", new { startsAt = DateTimeOffset.UtcNow.AddDays(41), location = "Room 1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        await AssertFieldErrorAsync(await lead.PutAsJsonAsync($"/api/meetings/{id}/minutes", new { markdown = $"We met{Nul}." }), "markdown");
    }

    [Fact]
    public async Task ANulOrALineBreakInAClubNameIsRefusedNamingTheField()
    {
        var admin = await As("admin@example.org");
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/clubs", new { name = $"Nul{Nul} club", odsCode = "Y99901" }), "name");
        await AssertFieldErrorAsync(await admin.PostAsJsonAsync("/api/clubs", new { name = "Two\r\nBcc: everyone@example.org", odsCode = "Y99902" }), "name");
    }

    [Fact]
    public async Task ANulOrALineBreakInAPersonsNameIsRefusedInAnInviteAndInACsvImport()
    {
        var lead = await As("lead@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);
        await AssertFieldErrorAsync(await lead.PostAsJsonAsync($"/api/clubs/{clubId}/members",
            new { email = $"nul-{Guid.NewGuid():N}@example.org", name = $"Ann{Nul} Other" }), "name");

        var csv = $"email,name,profession,role\nok-{Guid.NewGuid():N}@example.org,Ann Bee,GP,member\nnul-{Guid.NewGuid():N}@example.org,Ann{Nul} Cee,GP,member\n";
        var import = await lead.PostAsync($"/api/clubs/{clubId}/members/import", Papers.PapersApiTests.File(Encoding.UTF8.GetBytes(csv), "members.csv"));
        await AssertFieldErrorAsync(import, "line 3");
        Assert.Contains("name", await import.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ANulInAnAppraisalIsRefusedNamingTheField()
    {
        var librarian = await As("librarian@example.org");
        var (id, etag) = await DraftAsync(librarian);
        await AssertFieldErrorAsync(await PatchAppraisalAsync(librarian, id, etag, new { bottomLine = $"Works{Nul}." }), "bottomLine");
        await AssertFieldErrorAsync(await PatchAppraisalAsync(librarian, id, etag,
            new { results = new[] { new { outcome = "Flares", note = $"small{Nul}" } } }), "results[0].note");
    }

    [Fact]
    public async Task ANulInASearchRecordIsRefusedNamingTheField()
    {
        var librarian = await As("librarian@example.org");
        var questionId = await QuestionAsync();
        var response = await librarian.PutAsJsonAsync($"/api/questions/{questionId}/search", new
        {
            sources = new[] { "MEDLINE" }, strategy = "gout AND colchicine", searchedOn = "2026-11-01", found = 3, relevant = 1,
            notes = $"fine{Nul}",
        });
        await AssertFieldErrorAsync(response, "notes");
    }

    [Fact]
    public async Task ACitationFileWithANulIsRefusedNamingTheFile()
    {
        var librarian = await As("librarian@example.org");
        var ris = $"TY  - JOUR\r\nTI  - Colchicine{Nul} for gout\r\nPY  - 2020\r\nER  - \r\n";
        var response = await librarian.PostAsync("/api/papers/import", Papers.PapersApiTests.File(Encoding.UTF8.GetBytes(ris), "export.ris"));
        await AssertFieldErrorAsync(response, "file");
    }

    [Fact]
    public async Task ControlCharactersInAnImportedCitationAreDropped()
    {
        var librarian = await As("librarian@example.org");
        // A NUL past the part of the file that format detection looks at reaches the parser.
        var title = $"Colchicine{Nul} for gout\u000B flares {Guid.NewGuid():N}";
        var first = $"TY  - JOUR\r\nTI  - Allopurinol dosing {Guid.NewGuid():N}\r\nPY  - 2019\r\nAB  - {new string('x', 20_000)}\r\nER  - \r\n";
        var ris = first + $"TY  - JOUR\r\nTI  - {title}\r\nPY  - 2020\r\nJO  - BMJ\u0001\r\nER  - \r\n";
        var response = await librarian.PostAsync("/api/papers/import", Papers.PapersApiTests.File(Encoding.UTF8.GetBytes(ris), "export.ris"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await using var db = Db();
        var stored = await db.Papers.Where(p => p.Title.StartsWith("Colchicine for gout flares")).Select(p => p.Title).ToListAsync();
        Assert.Single(stored);
        Assert.DoesNotContain(stored[0], c => char.IsControl(c));
    }

    [Theory]
    [InlineData("\u0001")]
    [InlineData("\u001B")]
    public async Task AControlCharacterTypedIntoAPageFormIsAFieldErrorNotA500(string control)
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("admin@example.org");
        var (response, page) = await session.SubmitAsync("/clubs/new",
            new Dictionary<string, string> { ["Input.Name"] = $"Page{control} club", ["Input.OdsCode"] = "Y99903" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {page.Body?.TextContent}");
        Assert.Contains("control characters", page.QuerySelector(".nhsuk-error-summary")?.TextContent ?? "");
        await using var db = Db();
        Assert.False(await db.Clubs.AnyAsync(c => c.OdsCode == "Y99903"));
    }

    [Fact]
    public async Task ANulInAUrlEncodedPageFormIsAFriendly400Page()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("admin@example.org");
        // ASP.NET Core's form reader refuses %00 itself, so the antiforgery check cannot read the form either.
        var (response, page) = await session.SubmitAsync("/clubs/new",
            new Dictionary<string, string> { ["Input.Name"] = $"Page{Nul} club", ["Input.OdsCode"] = "Y99905" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be read", page.QuerySelector("h1")?.TextContent ?? "");
    }

    /// <summary>ASP.NET Core refuses %00 in a URL-encoded form itself (400); a multipart form carries it to binding.</summary>
    [Fact]
    public async Task ANulInAMultipartPageFormIsAFieldErrorNotA500()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("admin@example.org");
        var form = await session.GetAsync("/clubs/new");
        var token = form.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent($"Page{Nul} club"), "Input.Name" },
            { new StringContent("Y99904"), "Input.OdsCode" },
        };
        var response = await session.Client.PostAsync("/clubs/new", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        Assert.Contains("control characters", text);
        await using var db = Db();
        Assert.False(await db.Clubs.AnyAsync(c => c.OdsCode == "Y99904"));
    }

    // ---- 12. NHS numbers in every free text ----

    [Theory]
    [InlineData("401 023 2137")]
    [InlineData("4010232137")]
    [InlineData("401-023-2137")]
    [InlineData("401.023.2137")]
    [InlineData("40102 32137")]
    public async Task AnNhsNumberInAnAppraisalIsRefusedHoweverItIsWritten(string number)
    {
        var librarian = await As("librarian@example.org");
        var (id, etag) = await DraftAsync(librarian);
        await AssertFieldErrorAsync(await PatchAppraisalAsync(librarian, id, etag, new { narrative = $"Patient {number} did well." }), "narrative");
        await AssertFieldErrorAsync(await PatchAppraisalAsync(librarian, id, etag,
            new { answers = new[] { new { questionKey = "rct.valid.1", answer = "yes", comment = $"see {number}" } } }), "answers[0].comment");
    }

    [Fact]
    public async Task AnNhsNumberInMinutesOutcomesOrSearchNotesIsRefused()
    {
        var lead = await As("lead@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);
        var created = await lead.PostAsJsonAsync($"/api/clubs/{clubId}/meetings", new { startsAt = DateTimeOffset.UtcNow.AddDays(42) });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        await AssertFieldErrorAsync(await lead.PutAsJsonAsync($"/api/meetings/{id}/minutes", new { markdown = $"Discussed {NhsNumber}" }), "markdown");

        var librarian = await As("librarian@example.org");
        var questionId = await QuestionAsync();
        await AssertFieldErrorAsync(await librarian.PutAsJsonAsync($"/api/questions/{questionId}/search", new
        {
            sources = new[] { "MEDLINE" }, strategy = "gout", searchedOn = "2026-11-01", found = 3, relevant = 1, notes = $"from {NhsNumber}",
        }), "notes");
    }

    [Fact]
    public async Task AnNhsNumberInAReturnCommentIsRefused()
    {
        var librarian = await As("librarian@example.org");
        var (id, _) = await DraftAsync(librarian);
        // Returning is refused for the number before anything about the appraisal's state is looked at.
        var response = await (await As("librarian2@example.org")).PostAsJsonAsync($"/api/appraisals/{id}/return", new { comment = $"about {NhsNumber}" });
        await AssertFieldErrorAsync(response, "comment");
    }

    [Fact]
    public async Task AnNhsNumberInTheMinutesPageIsAFieldError()
    {
        var lead = await As("lead@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);
        var created = await lead.PostAsJsonAsync($"/api/clubs/{clubId}/meetings", new { startsAt = DateTimeOffset.UtcNow.AddDays(43) });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        // Minutes open once the meeting has started: this one began an hour ago.
        await using (var started = Db())
            await started.Meetings.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.StartsAt, DateTimeOffset.UtcNow.AddHours(-1)).SetProperty(m => m.EndsAt, DateTimeOffset.UtcNow));
        var session = PageSession.For(Api);
        await session.SignInAsync("lead@example.org");
        var (response, page) = await session.SubmitAsync($"/meetings/{id}", new Dictionary<string, string> { ["Minutes"] = $"Seen {NhsNumber}" }, "minutes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("NHS number", page.QuerySelector(".nhsuk-error-summary")?.TextContent ?? "");
        await using var db = Db();
        Assert.Null(await db.Meetings.Where(m => m.Id == id).Select(m => m.Minutes).SingleAsync());
    }

    // ---- 10. paging ----

    [Theory]
    [InlineData("/api/questions")]
    [InlineData("/api/clubs")]
    [InlineData("/api/papers")]
    [InlineData("/api/appraisals")]
    public async Task AHugePageNumberIsRefusedNamingPage(string path)
    {
        var client = await As("admin@example.org");
        await AssertFieldErrorAsync(await client.GetAsync($"{path}?page=2000000000"), "page");
    }

    [Fact]
    public async Task AHugePageNumberOnTheQuestionsPageIsNotAnError()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        // (page − 1) × 20 overflows to a negative offset here.
        foreach (var query in new[] { "page=2147483647", "page=2147483647&search=statins" })
        {
            var response = await session.Client.GetAsync($"/questions?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task TheQuestionsPageTurnsToItsSecondPage()
    {
        var session = PageSession.For(Api);
        await session.SignInAsync("admin@example.org");
        var second = await session.GetAsync("/questions?page=2");
        Assert.Contains("Previous", second.QuerySelector(".nhsuk-pagination")?.TextContent ?? "");
        var next = second.QuerySelector(".nhsuk-pagination__link--prev")!.GetAttribute("href")!;
        Assert.Contains("page=1", next);
    }

    // ---- 11. under /api, always ProblemDetails ----

    [Fact]
    public async Task AnUnknownApiPathIs404ProblemDetailsSignedInOrNot()
    {
        foreach (var client in new[] { NoRedirects(), await As("gp@example.org") })
        {
            var response = await client.GetAsync("/api/no-such-thing/here");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task NoTokenIs401ProblemDetailsNeverARedirect()
    {
        var response = await NoRedirects().GetAsync("/api/clubs");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task JsonSentToAnUploadEndpointIs415ProblemDetails()
    {
        var librarian = await As("librarian@example.org");
        var lead = await As("lead@example.org");
        var (appraisalId, _) = await DraftAsync(librarian);
        var json = () => JsonContent.Create(new { file = "x" });
        foreach (var response in new[]
        {
            await librarian.PostAsync("/api/papers/import", json()),
            await lead.PostAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/members/import", json()),
            await librarian.PutAsync($"/api/appraisals/{appraisalId}/document", json()),
        })
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task EveryOperationAnswersJunkWithoutHtmlOrA5xx()
    {
        var document = JsonDocument.Parse(await Api.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var clients = new[] { NoRedirects(), await As("admin@example.org"), await As("gp@example.org") };
        var failures = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var url = System.Text.RegularExpressions.Regex.Replace(path.Name, "{[^}]+}", Guid.NewGuid().ToString()) + "?page=0&search=%00&text=%00";
            foreach (var client in clients)
            foreach (var body in new HttpContent[]
            {
                new StringContent("{\"name\":\"\\u0000\",\"markdown\":{},\"x\":[1,", Encoding.UTF8, "application/json"),
                new StringContent("<junk/>\u0000", Encoding.UTF8, "text/plain"),
            })
            {
                var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url) { Content = body };
                request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
                var response = await client.SendAsync(request);
                var type = response.Content.Headers.ContentType?.MediaType ?? "";
                if ((int)response.StatusCode >= 500 || type.Contains("html") || (int)response.StatusCode is >= 300 and < 400)
                    failures.Add($"{operation.Name.ToUpperInvariant()} {path.Name} ({body.Headers.ContentType?.MediaType}): {(int)response.StatusCode} {type}");
            }
        }
        Assert.Empty(failures);
    }

    // ---- helpers ----

    private async Task<(Guid Id, string ETag)> DraftAsync(HttpClient librarian)
    {
        var response = await librarian.PostAsJsonAsync("/api/appraisals", new { questionId = await QuestionAsync(), studyDesign = "rct" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await JsonAsync(response)).GetProperty("id").GetGuid(), response.Headers.ETag!.Tag);
    }

    private static Task<HttpResponseMessage> PatchAppraisalAsync(HttpClient client, Guid id, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return client.SendAsync(request);
    }
}
