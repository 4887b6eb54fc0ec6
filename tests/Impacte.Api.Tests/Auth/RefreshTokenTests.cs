using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Domain.Identity;
using Impacte.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Auth;

/// <summary>A clock the test moves forward: the Api's TimeProvider, which its bearer tokens also read.</summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Ahead { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Ahead;
}

public sealed class MovableClockFactory : ApiFactory
{
    public MovableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class RefreshTokenTests(MovableClockFactory api) : IClassFixture<MovableClockFactory>
{
    [Fact]
    public async Task ARefreshTokenWorksOnlyOnce()
    {
        var login = await LoginAsync("gp@example.org");
        var first = await RefreshAsync(login.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var next = (await first.Content.ReadFromJsonAsync<ApiFactory.TokenResponse>())!;
        Assert.NotEqual(login.RefreshToken, next.RefreshToken);

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(login.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task ReusingARefreshTokenRevokesTheFamily()
    {
        var login = await LoginAsync("gp2.mk@example.org");
        var stolen = login.RefreshToken;
        var legitimate = (await (await RefreshAsync(stolen)).Content.ReadFromJsonAsync<ApiFactory.TokenResponse>())!;

        // The thief replays the old one: refused, and the whole family with it, the owner's newer token included.
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(stolen)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(legitimate.RefreshToken)).StatusCode);
        // Another sign-in (another family) is untouched.
        var other = await LoginAsync("gp2.mk@example.org");
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(other.RefreshToken)).StatusCode);
        await using var db = api.Database.CreateContext();
        Assert.True(await db.RefreshTokens.AnyAsync(t => t.RevokedAt != null));
    }

    [Fact]
    public async Task LogoutRevokesTheCallersRefreshTokens()
    {
        var phone = await LoginAsync("nurse.mk@example.org");
        var laptop = await LoginAsync("nurse.mk@example.org");
        var someoneElse = await LoginAsync("pa.mk@example.org");

        var response = await Bearer(phone.AccessToken).PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(phone.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(laptop.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(someoneElse.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().PostAsync("/api/auth/logout", null)).StatusCode);
    }

    [Fact]
    public async Task ARemovedRoleOrALockedAccountTakesEffectOnTheApiWithinFiveMinutes()
    {
        var librarian = await LoginAsync("librarian2@example.org");
        var member = await LoginAsync("gp.bedford@example.org");
        Assert.Equal(HttpStatusCode.OK, (await Bearer(librarian.AccessToken).GetAsync("/api/librarian/queue")).StatusCode);
        Assert.True(librarian.ExpiresIn <= 300);

        using (var scope = api.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            await users.RemoveFromRoleAsync((await users.FindByEmailAsync("librarian2@example.org"))!, NetworkRoles.Librarian);
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("gp.bedford@example.org"))!, DateTimeOffset.UtcNow.AddDays(1));
        }
        api.Clock.Ahead += TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1);
        try
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(librarian.AccessToken).GetAsync("/api/librarian/queue")).StatusCode);
            var refreshed = (await (await RefreshAsync(librarian.RefreshToken)).Content.ReadFromJsonAsync<ApiFactory.TokenResponse>())!;
            Assert.Equal(HttpStatusCode.Forbidden, (await Bearer(refreshed.AccessToken).GetAsync("/api/librarian/queue")).StatusCode);

            Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(member.AccessToken).GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(member.RefreshToken)).StatusCode);
        }
        finally
        {
            api.Clock.Ahead -= TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1);
        }
    }

    private async Task<ApiFactory.TokenResponse> LoginAsync(string email)
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiFactory.TokenResponse>())!;
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    private HttpClient Bearer(string accessToken)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
