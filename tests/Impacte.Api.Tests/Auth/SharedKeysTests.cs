using System.Net;
using Impacte.Api.Tests.Pages;
using Impacte.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Impacte.Api.Tests.Auth;

public sealed class SharedKeysTests(ApiFactory api) : ApiTestBase(api)
{
    /// <summary>A second Api instance over the same database, as behind a load balancer.</summary>
    private sealed class SecondInstance(TestDatabase database) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Impacte", database.ConnectionString);
        }
    }

    [Fact]
    public async Task ASignInCookieFromOneApiInstanceIsAcceptedByAnother()
    {
        var first = PageSession.For(Api);
        await first.SignInAsync("gp@example.org");

        await using var second = new SecondInstance(Api.Database);
        var page = await PageSession.For(second, first.Cookies).GetAsync("/");

        Assert.NotNull(page.QuerySelector("[data-testid=club-card]"));
    }

    [Fact]
    public async Task TheKeyRingIsKeptInTheDatabase()
    {
        await PageSession.For(Api).SignInAsync("gp@example.org");
        await using var db = Db();
        Assert.NotEmpty(db.DataProtectionKeys);
    }
}
