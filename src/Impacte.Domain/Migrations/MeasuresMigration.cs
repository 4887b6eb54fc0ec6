using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Impacte.Domain.Migrations;

// In its own file (not SqlMigration.cs) so branches adding migrations at the same time do not collide.
[DbContext(typeof(ImpacteDbContext))]
[Migration("202611291000_Measures")]
public sealed class MeasuresAndAudits : SqlMigration;
