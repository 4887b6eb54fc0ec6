namespace Impacte.Domain.Tests; public class Smoke { [Fact] public void DomainAssemblyLoads() => Assert.NotNull(typeof(Impacte.Domain.ImpacteDbContext).Assembly); }
