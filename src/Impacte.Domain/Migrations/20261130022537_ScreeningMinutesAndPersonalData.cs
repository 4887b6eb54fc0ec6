using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class ScreeningMinutesAndPersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "discussion",
                table: "agenda_items",
                type: "text",
                nullable: true);

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

            migrationBuilder.CreateTable(
                name: "question_search_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    question_id = table.Column<Guid>(type: "uuid", nullable: false),
                    database = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    searched_on = table.Column<DateOnly>(type: "date", nullable: false),
                    strategy = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    hits = table.Column<int>(type: "integer", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_question_search_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_question_search_entries_questions_question_id",
                        column: x => x.question_id,
                        principalTable: "questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_question_search_entries_users_recorded_by_id",
                        column: x => x.recorded_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "screening_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    question_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    records = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_screening_imports_questions_question_id",
                        column: x => x.question_id,
                        principalTable: "questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_screening_imports_users_by_id",
                        column: x => x.by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "screening_records",
                columns: table => new
                {
                    question_id = table.Column<Guid>(type: "uuid", nullable: false),
                    paper_id = table.Column<Guid>(type: "uuid", nullable: false),
                    decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_records", x => new { x.question_id, x.paper_id });
                    table.ForeignKey(
                        name: "fk_screening_records_papers_paper_id",
                        column: x => x.paper_id,
                        principalTable: "papers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_screening_records_questions_question_id",
                        column: x => x.question_id,
                        principalTable: "questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_screening_records_users_decided_by_id",
                        column: x => x.decided_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
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

            migrationBuilder.CreateIndex(
                name: "ix_question_search_entries_question_id_searched_on",
                table: "question_search_entries",
                columns: new[] { "question_id", "searched_on" });

            migrationBuilder.CreateIndex(
                name: "ix_question_search_entries_recorded_by_id",
                table: "question_search_entries",
                column: "recorded_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_screening_imports_by_id",
                table: "screening_imports",
                column: "by_id");

            migrationBuilder.CreateIndex(
                name: "ix_screening_imports_question_id",
                table: "screening_imports",
                column: "question_id");

            migrationBuilder.CreateIndex(
                name: "ix_screening_records_decided_by_id",
                table: "screening_records",
                column: "decided_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_screening_records_paper_id",
                table: "screening_records",
                column: "paper_id");

            // --- Raw SQL (the model cannot say it): each question's one search record, as it was kept before search
            // entries, becomes that question's first entry: its sources joined as the database, its date, strategy and
            // papers found as the hits.
            migrationBuilder.Sql("""
                INSERT INTO question_search_entries (id, question_id, database, searched_on, strategy, hits, recorded_at, recorded_by_id)
                SELECT gen_random_uuid(), s.question_id, coalesce(nullif(left(array_to_string(s.sources, ', '), 100), ''), 'Not recorded'), s.searched_on, s.strategy, s.found,
                       s.updated_at, s.updated_by_id
                FROM question_searches s
                WHERE NOT EXISTS (SELECT 1 FROM question_search_entries e WHERE e.question_id = s.question_id);
                """);
            // --- end of raw SQL

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

            // --- raw SQL the model cannot say (keep when regenerating this migration) ---
            // audit_events stays append-only: TRUNCATE is refused too (the row trigger does not see it), and the role that
            // runs the migrations (the application's, here) loses UPDATE, DELETE and TRUNCATE on it, so the app cannot rewrite the trail.
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
                REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
                REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM CURRENT_USER;
                """);
            // --- end of raw SQL ---
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO CURRENT_USER; DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;");

            migrationBuilder.DropTable(
                name: "meeting_moves");

            migrationBuilder.DropTable(
                name: "meeting_pack_recipients");

            migrationBuilder.DropTable(
                name: "question_search_entries");

            migrationBuilder.DropTable(
                name: "screening_imports");

            migrationBuilder.DropTable(
                name: "screening_records");

            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "discussion",
                table: "agenda_items");
        }
    }
}
