using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Domain.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Impacte.Testing;

/// <summary>
/// The Api over its own fresh database holding the demo network (seeds/), for one test class.
/// API tests call it in memory; browser tests ask for a real port with <see cref="WithKestrel"/>.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = DemoNetwork.DefaultPassword;

    private readonly Dictionary<string, (string Token, DateTimeOffset At)> tokens = new(StringComparer.OrdinalIgnoreCase);

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>Sign-in requests allowed per minute; high by default so tests are not throttled, unless they test it.</summary>
    protected virtual int SignInPermitsPerMinute => 10_000;

    /// <summary>Sign-in attempts allowed per email address per minute; high unless a test is about it.</summary>
    protected virtual int SignInPermitsPerAccountPerMinute => 10_000;

    public virtual async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DemoNetwork>()
            .LoadAsync(DemoNetwork.FindSeedsDirectory(RepoPaths.Seeds), Password);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Impacte", Database.ConnectionString);
        builder.UseSetting("RateLimiting:SignInPermitsPerMinute", SignInPermitsPerMinute.ToString());
        builder.UseSetting("RateLimiting:SignInPermitsPerAccountPerMinute", SignInPermitsPerAccountPerMinute.ToString());
        builder.UseSetting("Email:PublicBaseUrl", "http://127.0.0.1");
        builder.UseSetting("DataProtection:CertificatePath", TestCertificate.Path);
        builder.UseSetting("DataProtection:CertificatePassword", TestCertificate.Password);
        // Hashing 30 demo passwords at full strength would only slow the suite; strength is not under test here.
        builder.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorLog(GetType().Name)));
    }

    public ApiFactory WithKestrel()
    {
        UseKestrel(0);
        return this;
    }

    /// <summary>An HttpClient signed in as a demo (or test-made) account through POST /api/auth/login.</summary>
    public async Task<HttpClient> ClientForAsync(string email, string password = Password)
    {
        // Access tokens last 5 minutes: a long test class signs in again before one runs out.
        if (!tokens.TryGetValue(email, out var cached) || DateTimeOffset.UtcNow - cached.At > TimeSpan.FromMinutes(3))
        {
            var response = await CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password });
            response.EnsureSuccessStatusCode();
            cached = ((await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken, DateTimeOffset.UtcNow);
            tokens[email] = cached;
        }
        var token = cached.Token;
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string RefreshToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
