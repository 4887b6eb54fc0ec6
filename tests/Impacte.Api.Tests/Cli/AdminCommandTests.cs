using Impacte.Api.Cli;
using Impacte.Domain.Identity;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Cli;

public sealed class AdminCommandTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task AdminCreateMakesAFirstAdminWhoCanSignIn()
    {
        var email = $"first-admin-{Guid.NewGuid():N}@example.org";
        Environment.SetEnvironmentVariable("IMPACTE_ADMIN_PASSWORD", "violet meadow copper lantern");
        try
        {
            var code = await Commands.RunAsync(Api.Services, ["admin", "create", "--email", email, "--name", "First Admin"]);
            Assert.Equal(0, code);
        }
        finally
        {
            Environment.SetEnvironmentVariable("IMPACTE_ADMIN_PASSWORD", null);
        }

        var me = await JsonAsync(await (await Api.ClientForAsync(email, "violet meadow copper lantern")).GetAsync("/api/me"));
        Assert.Equal([NetworkRoles.Admin], me.GetProperty("networkRoles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task AdminCreateRefusesACommonPasswordAndCreatesNobody()
    {
        var email = $"weak-admin-{Guid.NewGuid():N}@example.org";
        Environment.SetEnvironmentVariable("IMPACTE_ADMIN_PASSWORD", "password1234");
        try
        {
            Assert.NotEqual(0, await Commands.RunAsync(Api.Services, ["admin", "create", "--email", email, "--name", "Weak"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("IMPACTE_ADMIN_PASSWORD", null);
        }
        await using var db = Db();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }
}
