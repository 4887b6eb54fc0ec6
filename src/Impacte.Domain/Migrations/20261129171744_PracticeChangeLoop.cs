using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class PracticeChangeLoop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "chase_key",
                table: "practice_changes",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.CreateTable(
                name: "measures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    change_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    numerator_definition = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    denominator_definition = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    standard_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    data_source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    period = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    direction = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    baseline_points = table.Column<int>(type: "integer", nullable: false),
                    chart_preference = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measures", x => x.id);
                    table.CheckConstraint("ck_measures_baseline_points", "baseline_points >= 6 AND baseline_points <= 52");
                    table.CheckConstraint("ck_measures_standard_percent", "standard_percent >= 0 AND standard_percent <= 100");
                    table.ForeignKey(
                        name: "fk_measures_practice_changes_change_id",
                        column: x => x.change_id,
                        principalTable: "practice_changes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_measures_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "meeting_reflections",
                columns: table => new
                {
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    what_i_learned = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    what_i_will_change = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_reflections", x => new { x.meeting_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_meeting_reflections_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_meeting_reflections_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pdsa_cycles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    change_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    plan_what = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    plan_who = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    plan_when = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    plan_where = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    prediction = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: false),
                    what_happened = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    done_on = table.Column<DateOnly>(type: "date", nullable: true),
                    study = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    studied_on = table.Column<DateOnly>(type: "date", nullable: true),
                    act = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    act_note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    acted_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pdsa_cycles", x => x.id);
                    table.ForeignKey(
                        name: "fk_pdsa_cycles_practice_changes_change_id",
                        column: x => x.change_id,
                        principalTable: "practice_changes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_pdsa_cycles_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "measure_audits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    measure_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: true),
                    period = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    ordinal = table.Column<int>(type: "integer", nullable: true),
                    months_after_implementation = table.Column<int>(type: "integer", nullable: true),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    value = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: true),
                    standard_met = table.Column<bool>(type: "boolean", nullable: true),
                    baseline_centre = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: true),
                    against_baseline = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    result_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    recorded_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measure_audits", x => x.id);
                    table.ForeignKey(
                        name: "fk_measure_audits_measures_measure_id",
                        column: x => x.measure_id,
                        principalTable: "measures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_measure_audits_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_measure_audits_users_recorded_by_id",
                        column: x => x.recorded_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "measure_baselines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    measure_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_period = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    from_ordinal = table.Column<int>(type: "integer", nullable: true),
                    points = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    frozen_through = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    frozen_through_ordinal = table.Column<int>(type: "integer", nullable: true),
                    frozen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measure_baselines", x => x.id);
                    table.ForeignKey(
                        name: "fk_measure_baselines_measures_measure_id",
                        column: x => x.measure_id,
                        principalTable: "measures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_measure_baselines_users_by_id",
                        column: x => x.by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "measurements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    measure_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    numerator = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: false),
                    denominator = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    entered_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measurements", x => x.id);
                    table.CheckConstraint("ck_measurements_numerator", "numerator >= 0 AND (denominator IS NULL OR numerator <= denominator)");
                    table.ForeignKey(
                        name: "fk_measurements_measures_measure_id",
                        column: x => x.measure_id,
                        principalTable: "measures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_measurements_users_entered_by_id",
                        column: x => x.entered_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_measurements_users_updated_by_id",
                        column: x => x.updated_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "measurement_revisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    measurement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    numerator = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: false),
                    denominator = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    is_correction = table.Column<bool>(type: "boolean", nullable: false),
                    by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measurement_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_measurement_revisions_measurements_measurement_id",
                        column: x => x.measurement_id,
                        principalTable: "measurements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_measurement_revisions_users_by_id",
                        column: x => x.by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_practice_changes_status_due_on",
                table: "practice_changes",
                columns: new[] { "status", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_measure_audits_created_by_id",
                table: "measure_audits",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_measure_audits_due_on",
                table: "measure_audits",
                column: "due_on",
                filter: "recorded_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_measure_audits_measure_id_due_on",
                table: "measure_audits",
                columns: new[] { "measure_id", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_measure_audits_recorded_by_id",
                table: "measure_audits",
                column: "recorded_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_measure_baselines_by_id",
                table: "measure_baselines",
                column: "by_id");

            migrationBuilder.CreateIndex(
                name: "ix_measure_baselines_measure_id_from_ordinal",
                table: "measure_baselines",
                columns: new[] { "measure_id", "from_ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_measurement_revisions_by_id",
                table: "measurement_revisions",
                column: "by_id");

            migrationBuilder.CreateIndex(
                name: "ix_measurement_revisions_measurement_id_at",
                table: "measurement_revisions",
                columns: new[] { "measurement_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_measurements_entered_by_id",
                table: "measurements",
                column: "entered_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_measurements_measure_id_ordinal",
                table: "measurements",
                columns: new[] { "measure_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_measurements_updated_by_id",
                table: "measurements",
                column: "updated_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_change_id",
                table: "measures",
                column: "change_id");

            migrationBuilder.CreateIndex(
                name: "ix_measures_created_by_id",
                table: "measures",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_reflections_user_id",
                table: "meeting_reflections",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_pdsa_cycles_change_id_ordinal",
                table: "pdsa_cycles",
                columns: new[] { "change_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pdsa_cycles_created_by_id",
                table: "pdsa_cycles",
                column: "created_by_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "measure_audits");

            migrationBuilder.DropTable(
                name: "measure_baselines");

            migrationBuilder.DropTable(
                name: "measurement_revisions");

            migrationBuilder.DropTable(
                name: "meeting_reflections");

            migrationBuilder.DropTable(
                name: "pdsa_cycles");

            migrationBuilder.DropTable(
                name: "measurements");

            migrationBuilder.DropTable(
                name: "measures");

            migrationBuilder.DropIndex(
                name: "ix_practice_changes_status_due_on",
                table: "practice_changes");

            migrationBuilder.DropColumn(
                name: "chase_key",
                table: "practice_changes");
        }
    }
}
