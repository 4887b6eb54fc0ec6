using System.Net;
using System.Net.Http.Json;
using Impacte.Api.Security;
using Impacte.Api.Tests.Pages;
using Impacte.Testing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Impacte.Api.Tests.Security;

/// <summary>
/// The Api as production runs it behind a proxy (10.0.0.1, or anything in 10.1.0.0/16), with HTTPS required and tight
/// limits. The in-memory server has no network, so each request says which address it comes from in a test header.
/// </summary>
public sealed class BehindProxyFactory : ApiFactory
{
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Clients speak HTTPS (the in-memory server takes the scheme from the address); tests of plain HTTP say so.</summary>
    public BehindProxyFactory() => ClientOptions.BaseAddress = new Uri("https://localhost");

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.BaseAddress = new Uri("https://localhost");
    }

    protected override int SignInPermitsPerMinute => 4;
    protected override int SignInPermitsPerAccountPerMinute => 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForwardedHeaders:KnownProxies", "10.0.0.1");
        builder.UseSetting("ForwardedHeaders:KnownNetworks", "10.1.0.0/16");
        builder.UseSetting("Https:Required", "true");
        builder.UseSetting("RateLimiting:PreviewPermitsPerUserPerMinute", "3");
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddressFilter>());
    }

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var address))
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class ReverseProxyTests(BehindProxyFactory api) : IClassFixture<BehindProxyFactory>
{
    [Fact]
    public async Task TheClientAddressIsTakenFromForwardedHeadersOnlyWhenAConfiguredProxySentThem()
    {
        await LoginAsync("203.0.113.5", "10.0.0.1", "gp@example.org", forwardedFor: "203.0.113.5");
        await LoginAsync("203.0.113.6", "10.1.4.2", "gp@example.org", forwardedFor: "203.0.113.6");
        // A stranger writing the header itself gets its own address recorded.
        await LoginAsync("198.51.100.7", "198.51.100.7", "gp@example.org", forwardedFor: "203.0.113.9");

        await using var db = api.Database.CreateContext();
        var addresses = await db.SignInAttempts.Select(a => a.IpAddress).ToListAsync();
        Assert.Contains("203.0.113.5", addresses);
        Assert.Contains("203.0.113.6", addresses);
        Assert.Contains("198.51.100.7", addresses);
        Assert.DoesNotContain("203.0.113.9", addresses);
    }

    [Fact]
    public async Task PagesRedirectToHttpsAndAnswerWithHstsOverIt()
    {
        var client = api.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://impacte.example.org") });

        var plain = await client.GetAsync("/account/sign-in?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
        Assert.Equal("https://impacte.example.org/account/sign-in?returnUrl=%2F", plain.Headers.Location!.ToString());

        var secure = await api.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://impacte.example.org") }).GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single());
        // Every cookie is Secure (the antiforgery cookie is set by this page).
        var cookies = secure.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        // The balancer's health checks stay on plain HTTP.
        Assert.NotEqual(HttpStatusCode.PermanentRedirect, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task TheApiOverPlainHttpAnswersProblemDetailsNotARedirect()
    {
        var response = await api.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") }).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void EveryCookieIsSecureWhenHttpsIsRequired()
    {
        var services = api.Services;
        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);
    }

    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Development", null, false)]
    [InlineData("Testing", null, false)]
    [InlineData("Production", "false", false)]
    [InlineData("Staging", "true", true)]
    public void HttpsIsRequiredInProductionUnlessSaidOtherwise(string environment, string? setting, bool required)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            setting is null ? [] : [new KeyValuePair<string, string?>(ReverseProxy.RequireHttpsKey, setting)]).Build();
        Assert.Equal(required, ReverseProxy.RequiresHttps(configuration, new Env { EnvironmentName = environment }));
    }

    [Fact]
    public async Task OneAccountCannotBeGuessedAtFasterFromManyAddresses()
    {
        var email = $"target-{Guid.NewGuid():N}@example.org";
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
            statuses.Add((await LoginAsync($"192.0.2.{i}", $"192.0.2.{i}", email)).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AddressesInOneIpv6Slash64ShareALimitAndOtherAddressesAreNotShutOut()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 5; i++)
            statuses.Add((await LoginAsync($"2001:db8:1:2::{i:x}", $"2001:db8:1:2::{i:x}", $"v6-{i}-{Guid.NewGuid():N}@example.org")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[4]);
        Assert.All(statuses.Take(4), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        // Another network, and someone behind the same proxy with another real address, still get through.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("2001:db8:1:3::1", "2001:db8:1:3::1", $"v6-other-{Guid.NewGuid():N}@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("10.0.0.1", "10.0.0.1", $"v4-{Guid.NewGuid():N}@example.org", forwardedFor: "203.0.113.77")).StatusCode);
    }

    [Fact]
    public async Task SimilarQuestionLookupsAndPreviewsAreLimitedPerPerson()
    {
        var gp = await api.ClientForAsync("gp.bedford@example.org");
        gp.DefaultRequestHeaders.Add(BehindProxyFactory.ClientAddressHeader, "10.0.0.1");
        gp.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.20");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await gp.GetAsync("/api/questions/similar?text=statins%20for%20older%20adults")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.All(statuses.Take(3), s => Assert.Equal(HttpStatusCode.OK, s));

        // Someone else from the same address is not held back by it.
        var other = await api.ClientForAsync("nurse.bedford@example.org");
        other.DefaultRequestHeaders.Add(BehindProxyFactory.ClientAddressHeader, "10.0.0.1");
        other.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.20");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/questions/similar?text=statins%20for%20older%20adults")).StatusCode);

        // The pages' preview handlers count the same way.
        var session = PageSession.For(api);
        session.Client.DefaultRequestHeaders.Add(BehindProxyFactory.ClientAddressHeader, "10.0.0.1");
        await session.SignInAsync("gp2.bedford@example.org");
        var previews = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            previews.Add((await session.Client.GetAsync("/questions/new?handler=Preview&intervention=statins&population=older%20adults")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, previews[3]);
    }

    private Task<HttpResponseMessage> LoginAsync(string client, string from, string email, string? forwardedFor = null) =>
        Send(HttpMethod.Post, "/api/auth/login", from, forwardedFor: forwardedFor ?? (from.StartsWith("10.") ? client : null),
            content: JsonContent.Create(new { email, password = "not the password" }));

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string from, string? forwardedFor = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(BehindProxyFactory.ClientAddressHeader, from);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await api.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }).SendAsync(request);
    }

    private sealed class Env : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
