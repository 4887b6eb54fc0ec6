using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Domain;
using Impacte.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Audit;

/// <summary>
/// The Api whose in-memory requests come from an address (the test server leaves it unset), so the audit trail's
/// "from where" can be checked.
/// </summary>
public sealed class AddressedApiFactory : ApiFactory
{
    public static readonly IPAddress ClientAddress = IPAddress.Parse("203.0.113.9");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, AddressFilter>());
    }

    private sealed class AddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= ClientAddress;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>The helpers of <see cref="ApiTestBase"/>, over <see cref="AddressedApiFactory"/>.</summary>
public abstract class AddressedTestBase(AddressedApiFactory api) : IClassFixture<AddressedApiFactory>
{
    protected AddressedApiFactory Api { get; } = api;

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

    protected static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    protected const string MiltonKeynes = "K83901", Bedford = "E81901", Luton = "E81902";
}
