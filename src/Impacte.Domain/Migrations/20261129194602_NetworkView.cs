using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class NetworkView : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_practice_changes_title_description",
                table: "practice_changes",
                columns: new[] { "title", "description" })
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:TsVectorConfig", "english");

            migrationBuilder.CreateIndex(
                name: "ix_practice_changes_updated_at_id",
                table: "practice_changes",
                columns: new[] { "updated_at", "id" },
                descending: new[] { true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_practice_changes_title_description",
                table: "practice_changes");

            migrationBuilder.DropIndex(
                name: "ix_practice_changes_updated_at_id",
                table: "practice_changes");
        }
    }
}
