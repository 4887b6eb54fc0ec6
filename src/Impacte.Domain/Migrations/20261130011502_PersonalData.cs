using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class PersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            // --- raw SQL the model cannot say (keep when regenerating this migration) ---
            // audit_events stays append-only: TRUNCATE is refused too (the row trigger does not see it), and the role that
            // runs the migrations (the application's, here) loses UPDATE, DELETE and TRUNCATE on it, so the app cannot rewrite the trail.
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
                REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
                REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM CURRENT_USER;
                """);
            // --- end of raw SQL ---
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO CURRENT_USER; DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;");
            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "users");
        }
    }
}
