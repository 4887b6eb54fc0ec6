using Impacte.Api.Cli;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Cli;

public sealed class MigrateCommandTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task MigratingMakesTheKeyRingsFirstKeySoApisStartedTogetherSignWithOneKey()
    {
        await using var db = Db();
        await db.DataProtectionKeys.ExecuteDeleteAsync(); // a new installation's empty ring

        Assert.Equal(0, await Commands.RunAsync(Api.Services, ["migrate"]));
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());

        // The next release's migrate finds the key in use and makes no other.
        Assert.Equal(0, await Commands.RunAsync(Api.Services, ["migrate"]));
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }
}
