using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class LibrarySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "learning_vector",
                table: "practice_changes",
                type: "tsvector",
                nullable: false,
                computedColumnSql: "to_tsvector('english', title || ' ' || description || ' ' || coalesce(what_did_not_work, '') || ' ' || coalesce(how_it_made_a_difference, '') || ' ' || coalesce(abandon_reason, ''))",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_practice_changes_learning_vector",
                table: "practice_changes",
                column: "learning_vector")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_practice_changes_learning_vector",
                table: "practice_changes");

            migrationBuilder.DropColumn(
                name: "learning_vector",
                table: "practice_changes");
        }
    }
}
