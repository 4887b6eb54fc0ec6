using System.Net;
using System.Net.Http.Json;
using Impacte.Testing;

namespace Impacte.Api.Tests.Auth;

public sealed class StrictRateLimitFactory : ApiFactory
{
    protected override int SignInPermitsPerMinute => 3;
}

public sealed class RateLimitTests(StrictRateLimitFactory api) : IClassFixture<StrictRateLimitFactory>
{
    [Fact]
    public async Task TooManySignInsFromOneAddressGet429ProblemDetailsWithRetryAfter()
    {
        var client = api.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await client.PostAsJsonAsync("/api/auth/login", new { email = "gp@example.org", password = $"guess-{i}" })).StatusCode);

        var throttled = await client.PostAsJsonAsync("/api/auth/login", new { email = "gp@example.org", password = ApiFactory.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.True(throttled.Headers.RetryAfter is not null);
        // Reading pages is not throttled, only attempts.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode);
    }
}
