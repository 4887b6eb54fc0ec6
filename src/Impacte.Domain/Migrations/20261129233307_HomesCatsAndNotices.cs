using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class HomesCatsAndNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deactivated_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

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

            migrationBuilder.AddColumn<decimal>(
                name: "control_event_rate",
                table: "appraisal_results",
                type: "numeric(6,5)",
                precision: 6,
                scale: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "time_horizon",
                table: "appraisal_results",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    target_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    target_id = table.Column<Guid>(type: "uuid", nullable: false),
                    before = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    after = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_at",
                table: "audit_events",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_target_type_target_id_at",
                table: "audit_events",
                columns: new[] { "target_type", "target_id", "at" });

            // --- raw SQL the model cannot say (keep when regenerating this migration) ---
            // audit_events is append-only: the application's own role cannot rewrite the trail.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
                END $$;
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
                """);
            // Answers given before RSVPs recorded their start were given for the meeting's current start.
            migrationBuilder.Sql("UPDATE meeting_rsvps r SET for_starts_at = m.starts_at FROM meetings m WHERE m.id = r.meeting_id;");
            // --- end of raw SQL ---
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events; DROP FUNCTION IF EXISTS audit_events_append_only();");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropColumn(
                name: "deactivated_at",
                table: "users");

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

            migrationBuilder.DropColumn(
                name: "control_event_rate",
                table: "appraisal_results");

            migrationBuilder.DropColumn(
                name: "time_horizon",
                table: "appraisal_results");
        }
    }
}
