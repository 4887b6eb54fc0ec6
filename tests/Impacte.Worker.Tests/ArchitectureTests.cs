using System.Reflection;

namespace Impacte.Worker.Tests;

/// <summary>
/// The house of DESIGN.md, read from the compiled assemblies' references: Api and Worker both stand on Domain and
/// never on each other (they meet only in PostgreSQL), and Domain holds no ASP.NET Core beyond the stores it keeps
/// in its DbContext. This project is the one that has all three assemblies (Worker directly, Api through
/// Impacte.Testing), so the check lives here.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// What Domain may take from ASP.NET Core: Identity's EF Core stores (users, roles, tokens in ImpacteDbContext)
    /// and the data-protection key store (the key ring's table in the same DbContext).
    /// </summary>
    private static readonly string[] DomainMayUse =
    [
        "Microsoft.AspNetCore.Identity.EntityFrameworkCore",
        "Microsoft.AspNetCore.DataProtection.EntityFrameworkCore",
    ];

    private static string[] ReferencesOf(string assembly) =>
        Assembly.Load(assembly).GetReferencedAssemblies().Select(r => r.Name!).Order().ToArray();

    [Fact]
    public void TheApiDoesNotReferenceTheWorker() =>
        Assert.DoesNotContain("Impacte.Worker", ReferencesOf("Impacte.Api"));

    [Fact]
    public void TheWorkerDoesNotReferenceTheApi() =>
        Assert.DoesNotContain("Impacte.Api", ReferencesOf("Impacte.Worker"));

    [Fact]
    public void BothStandOnTheDomain()
    {
        Assert.Contains("Impacte.Domain", ReferencesOf("Impacte.Api"));
        Assert.Contains("Impacte.Domain", ReferencesOf("Impacte.Worker"));
    }

    [Fact]
    public void TheDomainUsesAspNetCoreOnlyForTheStoresInItsDbContext()
    {
        var references = ReferencesOf("Impacte.Domain");
        Assert.DoesNotContain("Impacte.Api", references);
        Assert.DoesNotContain("Impacte.Worker", references);
        var aspNetCore = references.Where(IsAspNetCore).Except(DomainMayUse);
        Assert.Empty(aspNetCore);
    }

    /// <summary>ASP.NET Core's own assemblies (hosting, HTTP, MVC, Razor, authentication, data protection, …).</summary>
    private static bool IsAspNetCore(string name) =>
        name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name == "Microsoft.Net.Http.Headers";
}
