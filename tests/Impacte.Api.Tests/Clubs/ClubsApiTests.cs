using System.Net;
using System.Net.Http.Json;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Clubs;

public sealed class ClubsApiTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task AMemberListsOnlyTheirOwnClubs()
    {
        var page = await JsonAsync(await (await As("gp@example.org")).GetAsync("/api/clubs"));

        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal(MiltonKeynes, page.GetProperty("items")[0].GetProperty("odsCode").GetString());
        Assert.Equal("member", page.GetProperty("items")[0].GetProperty("myRole").GetString());
    }

    [Theory]
    [InlineData("admin@example.org")]
    [InlineData("librarian@example.org")]
    public async Task AdminsAndLibrariansListEveryClub(string email)
    {
        var page = await JsonAsync(await (await As(email)).GetAsync("/api/clubs"));
        Assert.True(page.GetProperty("total").GetInt32() >= 3);
    }

    [Fact]
    public async Task ClubListsArePaged()
    {
        var page = await JsonAsync(await (await As("admin@example.org")).GetAsync("/api/clubs?page=2&pageSize=1"));

        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.Equal(1, page.GetProperty("pageSize").GetInt32());
        Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task APageSizeOverTheLimitIsAFieldError()
    {
        var response = await (await As("admin@example.org")).GetAsync("/api/clubs?pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task AnAdminCreatesAClubWithTheDefaultTimeZone()
    {
        var response = await (await As("admin@example.org")).PostAsJsonAsync("/api/clubs", new { name = "Kingsbrook Surgery", odsCode = "k83950" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var club = await JsonAsync(response);
        Assert.Equal("K83950", club.GetProperty("odsCode").GetString());
        Assert.Equal("Europe/London", club.GetProperty("timeZone").GetString());
        Assert.Equal($"/api/clubs/{club.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ALeadCannotCreateAClub()
    {
        var response = await (await As("lead@example.org")).PostAsJsonAsync("/api/clubs", new { name = "Rogue club", odsCode = "K83951" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task CreatingAClubWithBadFieldsNamesEachField()
    {
        var response = await (await As("admin@example.org")).PostAsJsonAsync("/api/clubs",
            new { name = new string('x', 121), odsCode = "123", timeZone = "Mars/Olympus_Mons" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("odsCode", out _));
        Assert.True(errors.TryGetProperty("timeZone", out _));
    }

    [Fact]
    public async Task ADuplicateOdsCodeIsRefused()
    {
        var response = await (await As("admin@example.org")).PostAsJsonAsync("/api/clubs", new { name = "Copy", odsCode = Bedford });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Bedford, (await JsonAsync(response)).GetProperty("errors").GetProperty("odsCode")[0].GetString());
    }

    [Fact]
    public async Task AMemberAskingForAnotherClubGets404()
    {
        var response = await (await As("gp@example.org")).GetAsync($"/api/clubs/{await ClubIdAsync(Luton)}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GettingAClubGivesItsETag()
    {
        var response = await (await As("gp@example.org")).GetAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task ALeadRenamesTheirClubWithTheCurrentETag()
    {
        var client = await As("lead.luton@example.org");
        var id = await ClubIdAsync(Luton);
        var etag = (await client.GetAsync($"/api/clubs/{id}")).Headers.ETag!;

        var response = await client.SendAsync(Patch($"/api/clubs/{id}", new { name = "Marsh Farm journal club" }, etag.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Marsh Farm journal club", (await JsonAsync(response)).GetProperty("name").GetString());
        Assert.NotEqual(etag, response.Headers.ETag);
    }

    [Fact]
    public async Task AStaleETagIs412AndChangesNothing()
    {
        var client = await As("lead.bedford@example.org");
        var id = await ClubIdAsync(Bedford);
        var etag = (await client.GetAsync($"/api/clubs/{id}")).Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Patch($"/api/clubs/{id}", new { timeZone = "Europe/Dublin" }, etag))).StatusCode);

        var stale = await client.SendAsync(Patch($"/api/clubs/{id}", new { name = "Overwritten" }, etag));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await using var db = Db();
        var club = await db.Clubs.SingleAsync(c => c.Id == id);
        Assert.NotEqual("Overwritten", club.Name);
        Assert.Equal("Europe/Dublin", club.TimeZone);
    }

    [Fact]
    public async Task APatchWithoutIfMatchIs428()
    {
        var response = await (await As("lead@example.org")).SendAsync(Patch($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}", new { name = "No precondition" }, null));
        Assert.Equal((HttpStatusCode)428, response.StatusCode);
    }

    [Fact]
    public async Task AMemberWhoIsNotLeadCannotChangeTheClub()
    {
        var client = await As("gp@example.org");
        var id = await ClubIdAsync(MiltonKeynes);
        var etag = (await client.GetAsync($"/api/clubs/{id}")).Headers.ETag!.ToString();
        var response = await client.SendAsync(Patch($"/api/clubs/{id}", new { name = "Taken over" }, etag));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static HttpRequestMessage Patch(string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
