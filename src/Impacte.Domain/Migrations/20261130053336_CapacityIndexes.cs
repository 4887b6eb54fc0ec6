using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class CapacityIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_users_name_id",
                table: "users",
                columns: new[] { "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_questions_created_at_id",
                table: "questions",
                columns: new[] { "created_at", "id" },
                descending: new[] { true, false });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_actor_id_at",
                table: "audit_events",
                columns: new[] { "actor_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_name_id",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_questions_created_at_id",
                table: "questions");

            migrationBuilder.DropIndex(
                name: "ix_audit_events_actor_id_at",
                table: "audit_events");
        }
    }
}
