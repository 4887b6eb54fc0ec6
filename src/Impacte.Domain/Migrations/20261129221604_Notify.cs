using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class Notify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "updates",
                table: "member_preferences",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Immediately");

            migrationBuilder.AddColumn<string>(
                name: "cancel_reason",
                table: "meetings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "was_ends_at",
                table: "meetings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "was_location",
                table: "meetings",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "was_online_url",
                table: "meetings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "was_starts_at",
                table: "meetings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "for_starts_at",
                table: "meeting_rsvps",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // ---- Raw SQL the model cannot say (branch feat/notify): answers given before this migration were given
            // for the meeting's start as it is now.
            migrationBuilder.Sql("UPDATE meeting_rsvps r SET for_starts_at = m.starts_at FROM meetings m WHERE m.id = r.meeting_id;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "updates",
                table: "member_preferences");

            migrationBuilder.DropColumn(
                name: "cancel_reason",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "was_ends_at",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "was_location",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "was_online_url",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "was_starts_at",
                table: "meetings");

            migrationBuilder.DropColumn(
                name: "for_starts_at",
                table: "meeting_rsvps");
        }
    }
}
