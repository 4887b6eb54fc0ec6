using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Impacte.Api.Tests.Auth;

/// <summary>Every log line the Api writes, with its structured values, for tests that read what was logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);
    public void Dispose() { }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.Lines.Enqueue($"{formatter(state, exception)} {values} {exception}");
        }
    }
}

public sealed class LoggedApiFactory : ApiFactory
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }
}

/// <summary>Sign-in tells nobody who has an account, and keeps no text typed as email that is not an account's.</summary>
public sealed class SignInPrivacyTests(LoggedApiFactory api) : IClassFixture<LoggedApiFactory>
{
    [Fact]
    public async Task ALockedAccountAndAnAddressWithNoAccountGetTheSameAnswerFromTheApi()
    {
        var client = api.CreateClient();
        async Task<(HttpStatusCode, string)> SixthAttemptAsync(string email)
        {
            for (var i = 0; i < 5; i++) await client.PostAsJsonAsync("/api/auth/login", new { email, password = $"wrong-{i}" });
            var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.Password });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, $"{body.GetProperty("title")}|{body.GetProperty("detail")}");
        }

        var locked = await SixthAttemptAsync("anp.luton@example.org");
        var unknown = await SixthAttemptAsync($"no-account-{Guid.NewGuid():N}@example.org");

        Assert.Equal(HttpStatusCode.Unauthorized, locked.Item1);
        Assert.Equal(locked, unknown);
    }

    [Fact]
    public async Task ALockedAccountAndAnAddressWithNoAccountGetTheSameSignInPage()
    {
        async Task<string> SixthAttemptAsync(string email)
        {
            var session = PageSession.For(api);
            for (var i = 0; i < 5; i++) await session.SignInAsync(email, $"wrong-{i}");
            var (_, page) = await session.SubmitAsync("/account/sign-in",
                new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = ApiFactory.Password });
            return page.QuerySelector(".nhsuk-error-summary")!.TextContent.Trim();
        }

        var locked = await SixthAttemptAsync("public.luton@example.org");
        var unknown = await SixthAttemptAsync($"no-account-{Guid.NewGuid():N}@example.org");

        Assert.Equal(locked, unknown);
    }

    [Fact]
    public async Task TextTypedAsEmailThatIsNoAccountIsNeitherStoredNorLogged()
    {
        var typed = $"Hunter2-{Guid.NewGuid():N}";
        await api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = typed, password = "whatever it is" });
        await PageSession.For(api).SignInAsync(typed, "whatever it is");

        await using var db = api.Database.CreateContext();
        var attempts = await db.SignInAttempts.Where(a => a.FailureReason == "unknown-account").ToListAsync();
        Assert.NotEmpty(attempts);
        Assert.All(attempts, a => Assert.Null(a.Email));
        Assert.Equal(2, attempts.Count(a => a.EmailHash == attempts.Last().EmailHash)); // the same text, the same keyed hash
        Assert.False(await AnyColumnContainsAsync(typed.ToLowerInvariant()), "the typed text is somewhere in sign_in_attempts");
        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(typed, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnAttemptOnAnExistingAccountIsRecordedWithThatAccount()
    {
        await api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "GP2.Luton@Example.org", password = "not it" });

        await using var db = api.Database.CreateContext();
        var userId = await db.Users.Where(u => u.Email == "gp2.luton@example.org").Select(u => u.Id).SingleAsync();
        var attempt = await db.SignInAttempts.SingleAsync(a => a.UserId == userId);
        Assert.Equal("gp2.luton@example.org", attempt.Email);
        Assert.Equal("wrong-password", attempt.FailureReason);
        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains("gp2.luton@example.org", StringComparison.OrdinalIgnoreCase) && line.Contains("Sign-in"));
    }

    private async Task<bool> AnyColumnContainsAsync(string text)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM sign_in_attempts s WHERE lower(s::text) LIKE '%' || @t || '%'", connection);
        command.Parameters.AddWithValue("t", text);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}

/// <summary>Passwords hashed at full strength, as in production, so the time a hash takes can be seen.</summary>
public sealed class FullStrengthHashingFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 100_000));
    }
}

public sealed class SignInTimingTests(FullStrengthHashingFactory api) : IClassFixture<FullStrengthHashingFactory>
{
    [Fact]
    public async Task SignInTakesAsLongForAnAddressWithNoAccountAsForAWrongPassword()
    {
        var client = api.CreateClient();
        var known = new List<double>();
        var unknown = new List<double>();
        string[] accounts = ["gp.luton@example.org", "gp2.luton@example.org", "nurse.luton@example.org"];
        await TimeAsync(accounts[0]); // warm up
        for (var i = 0; i < 9; i++)
        {
            // Interleaved, so a busy machine slows both alike; at most three failures per account (no lockout).
            known.Add(await TimeAsync(accounts[i % 3]));
            unknown.Add(await TimeAsync($"no-account-{i}@example.org"));
        }

        // The quickest of each: what the work costs when the machine let it run (CI at load 20 once had the medians at
        // 0.49 of each other). Without the decoy hash an unknown address would answer after one indexed look-up, a few
        // milliseconds against the hash's hundreds, far under a quarter.
        var (k, u) = (known.Min(), unknown.Min());
        Assert.True(u >= k * 0.25, $"unknown addresses answer in {u:F1} ms at best, wrong passwords in {k:F1} ms");

        async Task<double> TimeAsync(string email)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "not the password" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return watch.Elapsed.TotalMilliseconds;
        }
    }
}
