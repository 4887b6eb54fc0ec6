using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Impacte.Domain.Migrations;

// In its own file (not SqlMigration.cs) so that branches adding migrations at once do not collide.
[DbContext(typeof(ImpacteDbContext))]
[Migration("202611291300_MeetingReflections")]
public sealed class MeetingReflections : SqlMigration;
