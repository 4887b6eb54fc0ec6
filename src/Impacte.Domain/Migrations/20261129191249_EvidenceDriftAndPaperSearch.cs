using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class EvidenceDriftAndPaperSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "keywords",
                table: "papers",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "papers",
                type: "tsvector",
                nullable: false,
                computedColumnSql: "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', coalesce(keywords, '')), 'B') || setweight(to_tsvector('english', coalesce(abstract, '')), 'C')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_papers_search_vector",
                table: "papers",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_appraisals_status_review_by",
                table: "appraisals",
                columns: new[] { "status", "review_by" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_papers_search_vector",
                table: "papers");

            migrationBuilder.DropIndex(
                name: "ix_appraisals_status_review_by",
                table: "appraisals");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "papers");

            migrationBuilder.DropColumn(
                name: "keywords",
                table: "papers");
        }
    }
}
