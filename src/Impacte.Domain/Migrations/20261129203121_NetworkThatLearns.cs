using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class NetworkThatLearns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "unsubscribe_key",
                table: "users",
                type: "bytea",
                nullable: false,
                defaultValueSql: "uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())");

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

            migrationBuilder.CreateTable(
                name: "email_bounces",
                columns: table => new
                {
                    address = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    consecutive_failures = table.Column<int>(type: "integer", nullable: false),
                    undeliverable_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_bounces", x => x.address);
                });

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
            migrationBuilder.DropTable(
                name: "email_bounces");

            migrationBuilder.DropIndex(
                name: "ix_practice_changes_title_description",
                table: "practice_changes");

            migrationBuilder.DropIndex(
                name: "ix_practice_changes_updated_at_id",
                table: "practice_changes");

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
                name: "unsubscribe_key",
                table: "users");

            migrationBuilder.DropColumn(
                name: "keywords",
                table: "papers");
        }
    }
}
