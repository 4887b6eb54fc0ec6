using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Impacte.Domain.Migrations
{
    /// <inheritdoc />
    public partial class ForgivingSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "search_words",
                columns: table => new
                {
                    word = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_words", x => x.word);
                });

            migrationBuilder.CreateIndex(
                name: "ix_search_words_word_trgm",
                table: "search_words",
                column: "word")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            // The lexicon follows the questions: every word (3-40 letters or digits, lower case) of a question's PICO
            // parts and trigger as it is written, the same text search_vector reads. Sorted, so two writers never
            // wait on each other's words in opposite orders.
            migrationBuilder.Sql("""
                CREATE FUNCTION questions_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO search_words (word)
                    SELECT DISTINCT w
                    FROM regexp_split_to_table(lower(concat_ws(' ', NEW.population, NEW.intervention, NEW.comparison,
                                                               NEW.outcome, NEW.trigger)), '[^[:alnum:]]+') w
                    WHERE length(w) BETWEEN 3 AND 40
                    ORDER BY w
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER questions_search_words
                    AFTER INSERT OR UPDATE OF population, intervention, comparison, outcome, trigger ON questions
                    FOR EACH ROW EXECUTE FUNCTION questions_search_words();
                INSERT INTO search_words (word)
                SELECT DISTINCT w
                FROM questions q,
                     regexp_split_to_table(lower(concat_ws(' ', q.population, q.intervention, q.comparison, q.outcome, q.trigger)),
                                           '[^[:alnum:]]+') w
                WHERE length(w) BETWEEN 3 AND 40
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER questions_search_words ON questions;
                DROP FUNCTION questions_search_words();
                """);

            migrationBuilder.DropTable(
                name: "search_words");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
