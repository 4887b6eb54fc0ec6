using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class UnsubscribeAndBounces : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_bounces");

            migrationBuilder.DropColumn(
                name: "unsubscribe_key",
                table: "users");
        }
    }
}
