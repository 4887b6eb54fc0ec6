using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Impacte.Domain.Migrations;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611290400_DropQuartz")]
public sealed class DropQuartz : SqlMigration;
