using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class PreferencesAndAreas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "area",
                table: "questions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "list",
                table: "email_outbox",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "recipient_id",
                table: "email_outbox",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "member_preferences",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    digest_frequency = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    digest_day = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    areas = table.Column<string[]>(type: "text[]", nullable: false),
                    reading_packs = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reminders = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    chasers = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_preferences", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_member_preferences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_questions_area_status",
                table: "questions",
                columns: new[] { "area", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "member_preferences");

            migrationBuilder.DropIndex(
                name: "ix_questions_area_status",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "area",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "list",
                table: "email_outbox");

            migrationBuilder.DropColumn(
                name: "recipient_id",
                table: "email_outbox");
        }
    }
}
