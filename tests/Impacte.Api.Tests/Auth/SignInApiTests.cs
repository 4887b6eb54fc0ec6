using System.Net;
using System.Net.Http.Json;
using System.Text;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Auth;

public sealed class SignInApiTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task LoginWithTheRightPasswordReturnsAccessAndRefreshTokens()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "gp@example.org", password = ApiFactory.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refreshToken").GetString()));
        Assert.Equal(300, body.GetProperty("expiresIn").GetInt32());
    }

    [Fact]
    public async Task LoginIsCaseInsensitiveOnTheEmailAddress()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "  GP@Example.org ", password = ApiFactory.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WrongPasswordReturns401ProblemDetailsAndIsAudited()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "nurse.mk@example.org", password = "not the password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await JsonAsync(response)).GetProperty("status").GetInt32());
        await using var db = Db();
        var attempt = await db.SignInAttempts.OrderByDescending(a => a.At).FirstAsync(a => a.Email == "nurse.mk@example.org");
        Assert.False(attempt.Succeeded);
        Assert.Equal("wrong-password", attempt.FailureReason);
        Assert.Equal("api", attempt.Channel);
    }

    [Fact]
    public async Task UnknownAccountGetsTheSameAnswerAsAWrongPassword()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.org", password = "whatever-it-is" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("The email address or password is not right.", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task FiveFailuresLockTheAccountEvenAgainstTheRightPassword()
    {
        var client = Api.CreateClient();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/auth/login", new { email = "paramedic.bedford@example.org", password = $"wrong-{i}" });

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "paramedic.bedford@example.org", password = ApiFactory.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("locked", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MalformedJsonReturns400ProblemDetails()
    {
        var response = await Api.CreateClient().PostAsync("/api/auth/login",
            new StringContent("{\"email\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MissingFieldsReturnFieldErrors()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task RefreshTokenGivesANewAccessTokenThatWorks()
    {
        var login = await (await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "gp@example.org", password = ApiFactory.Password }))
            .Content.ReadFromJsonAsync<ApiFactory.TokenResponse>();

        var response = await Api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login!.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refreshed = await response.Content.ReadFromJsonAsync<ApiFactory.TokenResponse>();
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", refreshed!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task ARefreshTokenThatIsNotOneOfOursReturns401()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "forged-token" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheSignInCookieDoesNotOpenTheApi()
    {
        // The API takes bearer tokens only, so a cross-site request carrying the browser's cookie gets nowhere.
        var client = Api.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
