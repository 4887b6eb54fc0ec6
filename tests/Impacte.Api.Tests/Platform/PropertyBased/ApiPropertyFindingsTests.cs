using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Impacte.Domain.Appraisals;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Platform.PropertyBased;

/// <summary>
/// What <see cref="ApiPropertyTests"/> found, one request each: answers the document did not declare. The document was
/// wrong (the Api's answers were right), so each test sends the failing request and checks the document now says so.
/// </summary>
public sealed class ApiPropertyFindingsTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task MeetingsAskedFromAnUnreadableDateAnswerA400TheDocumentDeclares()
    {
        // Found as: GET /api/clubs/{clubId}/meetings?from=yesterday → 400, declared 401, 200, 403, 404.
        var response = await (await As("gp@example.org")).GetAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/meetings?from=yesterday");
        await AssertStatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/problem+json", await DeclaredAsync("/api/clubs/{clubId}/meetings", "get", 400));
    }

    [Fact]
    public async Task RolesSentAsAnUnreadableBodyAnswerA400TheDocumentDeclares()
    {
        // Found as: PUT /api/admin/people/{userId}/roles {"admin":{"a":1},"librarian":false} → 400, declared 401, 404, 200, 409.
        var body = new StringContent("""{"admin":{"a":1},"librarian":false}""", Encoding.UTF8, "application/json");
        var response = await (await As("admin@example.org")).PutAsync($"/api/admin/people/{await UserIdAsync("gp@example.org")}/roles", body);
        await AssertStatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/problem+json", await DeclaredAsync("/api/admin/people/{userId}/roles", "put", 400));
    }

    [Fact]
    public async Task ADocumentUploadedToAPublishedAppraisalAnswersA409TheDocumentDeclares()
    {
        // Found as: PUT /api/appraisals/{id}/document (a published one, as admin) → 409, declared 401, 200, 400, 403, 404, 413.
        Guid id;
        await using (var db = Db())
            id = await db.Appraisals.Where(a => a.Status == AppraisalStatus.Published).Select(a => a.Id).FirstAsync();
        var upload = new MultipartFormDataContent { { new StringContent("email,name,role\n"), "file", "upload.txt" } };
        var response = await (await As("admin@example.org")).PutAsync($"/api/appraisals/{id}/document", upload);
        await AssertStatusAsync(HttpStatusCode.Conflict, response);
        Assert.Contains("application/problem+json", await DeclaredAsync("/api/appraisals/{id}/document", "put", 409));
    }

    [Theory]
    [InlineData("/api/me/cpd.csv", "get", "text/csv")]
    [InlineData("/api/clubs/{clubId}/impact.csv", "get", "text/csv")]
    [InlineData("/api/impact.csv", "get", "text/csv")]
    [InlineData("/api/me/export", "get", "application/zip")]
    [InlineData("/api/admin/people/{userId}/export", "post", "application/zip")]
    [InlineData("/api/admin/audit.csv", "get", "text/csv")]
    [InlineData("/api/measures/{measureId}/chart.svg", "get", "image/svg+xml")]
    [InlineData("/api/measures/{measureId}/chart.png", "get", "image/png")]
    public async Task FilesAreDeclaredWithTheirContentType(string path, string method, string contentType)
    {
        // Found as: GET /api/impact.csv → 200 text/csv where the document declared a 200 with no body (.Produces with
        // a content type but no type is left out of the document: the Api's other files say Produces<string>).
        Assert.Contains(contentType, await DeclaredAsync(path, method, 200));
        if (path == "/api/impact.csv")
        {
            var response = await (await As("gp@example.org")).GetAsync(path);
            await AssertStatusAsync(HttpStatusCode.OK, response);
            Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>The media types /openapi/v1.json declares for one status of one operation (empty when not declared).</summary>
    private async Task<List<string>> DeclaredAsync(string path, string method, int status)
    {
        var document = await Api.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        return responses.TryGetProperty(status.ToString(), out var response) && response.TryGetProperty("content", out var content)
            ? [.. content.EnumerateObject().Select(c => c.Name)] : [];
    }
}
