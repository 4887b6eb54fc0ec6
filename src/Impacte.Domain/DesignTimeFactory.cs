using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Impacte.Domain;

/// <summary>
/// How <c>dotnet ef</c> makes the context (Domain is its own startup project): the same options as Api and Worker
/// (<see cref="DependencyInjection.Configure"/>, so the same history table). <c>migrations add</c> never connects;
/// <c>database update</c> and <c>migrations list</c> use ConnectionStrings__Impacte, else the local socket.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ImpacteDbContext>
{
    public ImpacteDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable($"ConnectionStrings__{DependencyInjection.ConnectionStringName}")
            is { Length: > 0 } cs ? cs : "Host=/var/run/postgresql;Database=impacte";
        var options = new DbContextOptionsBuilder<ImpacteDbContext>();
        DependencyInjection.Configure(options, connectionString);
        return new ImpacteDbContext(options.Options);
    }
}
