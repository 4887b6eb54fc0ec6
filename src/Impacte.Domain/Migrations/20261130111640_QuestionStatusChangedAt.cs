using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class QuestionStatusChangedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "status_changed_at",
                table: "questions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            // Existing questions: when their history says they reached their status, else when they were proposed.
            migrationBuilder.Sql("""
                UPDATE questions q
                SET status_changed_at = coalesce(
                    (SELECT max(t.at) FROM question_transitions t WHERE t.question_id = q.id AND t.to_status = q.status), q.created_at);
                """);

            migrationBuilder.CreateIndex(
                name: "ix_questions_status_urgency_status_changed_at_id",
                table: "questions",
                columns: new[] { "status", "urgency", "status_changed_at", "id" },
                descending: new[] { false, true, false, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_questions_status_urgency_status_changed_at_id",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "status_changed_at",
                table: "questions");
        }
    }
}
