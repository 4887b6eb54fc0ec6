using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class AgendaPresenters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agenda_item_presenters",
                columns: table => new
                {
                    agenda_item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_item_presenters", x => new { x.agenda_item_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_agenda_item_presenters_agenda_items_agenda_item_id",
                        column: x => x.agenda_item_id,
                        principalTable: "agenda_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_agenda_item_presenters_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agenda_item_presenters_user_id",
                table: "agenda_item_presenters",
                column: "user_id");

            // --- Hand-written (the model cannot say it): each item's one presenter, as kept before, becomes its first
            // presenter, before the old column goes. Keep this block when regenerating the migration.
            migrationBuilder.Sql("""
                INSERT INTO agenda_item_presenters (agenda_item_id, user_id, position)
                SELECT id, presenter_id, 1 FROM agenda_items WHERE presenter_id IS NOT NULL;
                """);
            // --- End of hand-written block.

            migrationBuilder.DropForeignKey(
                name: "fk_agenda_items_users_presenter_id",
                table: "agenda_items");

            migrationBuilder.DropIndex(
                name: "ix_agenda_items_presenter_id",
                table: "agenda_items");

            migrationBuilder.DropColumn(
                name: "presenter_id",
                table: "agenda_items");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.AddColumn<Guid>(
                name: "presenter_id",
                table: "agenda_items",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_agenda_items_presenter_id",
                table: "agenda_items",
                column: "presenter_id");

            migrationBuilder.AddForeignKey(
                name: "fk_agenda_items_users_presenter_id",
                table: "agenda_items",
                column: "presenter_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Hand-written: the first presenter goes back into the single column.
            migrationBuilder.Sql("""
                UPDATE agenda_items a SET presenter_id = p.user_id FROM agenda_item_presenters p WHERE p.agenda_item_id = a.id AND p.position = 1;
                """);

            migrationBuilder.DropTable(
                name: "agenda_item_presenters");
        }
    }
}
