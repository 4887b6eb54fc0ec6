using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Domain;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests;

/// <summary>Shared by the API test classes: one Api and one demo-network database per class.</summary>
public abstract class ApiTestBase(ApiFactory api) : IClassFixture<ApiFactory>
{
    protected ApiFactory Api { get; } = api;

    protected Task<HttpClient> As(string email) => Api.ClientForAsync(email);

    protected ImpacteDbContext Db() => Api.Database.CreateContext();

    protected async Task<Guid> ClubIdAsync(string odsCode)
    {
        await using var db = Db();
        return await db.Clubs.Where(c => c.OdsCode == odsCode).Select(c => c.Id).SingleAsync();
    }

    protected async Task<Guid> UserIdAsync(string email)
    {
        await using var db = Db();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>Asserts the status, showing the body when it differs (a 500's ProblemDetails names its exception under test).</summary>
    protected static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Demo clubs by ODS code: the lead@ and gp@ accounts belong to Milton Keynes only.</summary>
    protected const string MiltonKeynes = "K83901", Bedford = "E81901", Luton = "E81902";
}
