using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class DigestLeftovers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "meeting_moves",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    was_starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    was_location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_moves", x => x.id);
                    table.ForeignKey(
                        name: "fk_meeting_moves_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meeting_pack_recipients",
                columns: table => new
                {
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_pack_recipients", x => new { x.meeting_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_meeting_pack_recipients_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_meeting_pack_recipients_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_meeting_moves_at",
                table: "meeting_moves",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_moves_meeting_id_at",
                table: "meeting_moves",
                columns: new[] { "meeting_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_meeting_pack_recipients_user_id",
                table: "meeting_pack_recipients",
                column: "user_id");

            // ---- Raw SQL the model cannot say (keep when regenerating): back-fill who was sent each pack from the
            // reading-pack outbox rows written before this table existed (keys "reading-pack:{meeting}:{member}:{sequence}").
            migrationBuilder.Sql("""
                INSERT INTO meeting_pack_recipients (meeting_id, user_id, sequence, sent_at)
                SELECT DISTINCT ON (m.id, e.recipient_id) m.id, e.recipient_id, split_part(e.idempotency_key, ':', 4)::int, e.created_at
                FROM email_outbox e
                JOIN meetings m ON m.id::text = split_part(e.idempotency_key, ':', 2)
                JOIN users u ON u.id = e.recipient_id
                WHERE e.kind = 'reading-pack' AND e.recipient_id IS NOT NULL AND split_part(e.idempotency_key, ':', 4) ~ '^[0-9]+$'
                ORDER BY m.id, e.recipient_id, e.created_at
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meeting_moves");

            migrationBuilder.DropTable(
                name: "meeting_pack_recipients");
        }
    }
}
