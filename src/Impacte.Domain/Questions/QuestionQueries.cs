using Npgsql;
using NpgsqlTypes;

namespace Impacte.Domain.Questions;

/// <summary>A question found by similarity: best first, with its bottom line when it has been answered.</summary>
public sealed record SimilarQuestion(Guid Id, string Title, QuestionStatus Status, string? BottomLine, double Score);

/// <summary>One row of a search result, with the counts a list shows.</summary>
public sealed record QuestionListItem(
    Guid Id, string Title, QuestionStatus Status, QuestionType Type, Urgency Urgency, Guid ClubId, string ClubName,
    string? BottomLine, int Votes, int Askers, DateTimeOffset CreatedAt);

/// <summary>Who is searching: enough for the SQL to apply <see cref="QuestionViewer"/>'s rule itself.</summary>
public sealed record QuestionReader(Guid UserId, bool SeesAll);

public enum QuestionSort
{
    Relevance,
    Date,
}

public sealed record QuestionFilter(
    string? Search = null, Guid? ClubId = null, QuestionStatus? Status = null, QuestionType? Type = null,
    QuestionSort Sort = QuestionSort.Relevance);

/// <summary>
/// Similar-question lookup and search, as plain SQL: the statements build text-search queries LINQ cannot express,
/// and the benchmark runs exactly these statements directly to compare with the API. Both are written so PostgreSQL
/// answers from the GIN index on search_vector.
/// </summary>
public static class QuestionQueries
{
    public const int MaxSimilar = 10;
    public const int MinSimilarText = 3;
    public const int MaxSimilarText = 1000;

    /// <summary>The most words of the text that similarity looks at: enough to recognise a clinical question.</summary>
    public const int MaxSimilarTerms = 6;

    // Visibility, as in QuestionViewer.CanSee, with the reader's clubs looked up in the same statement.
    private const string Visible =
        "(@seesAll OR q.status = 'Answered' OR q.club_id IN (SELECT m.club_id FROM memberships m WHERE m.user_id = @userId))";

    /// <summary>Question scaffolding that says nothing about the clinical question ("does X, compared with Y, …").</summary>
    private const string Scaffolding = "ARRAY['compar', 'versus', 'vs', 'effect', 'better', 'work', 'help']";

    /// <summary>
    /// Similar questions by shared words across the PICO parts (full text, so "statin" finds "statins"). A question
    /// must share both words of a one- or two-word text, and at least half the words of a longer one (its six longest,
    /// which are usually the rarest): requiring combinations keeps the GIN lookup selective where a single common
    /// word ("adults") would match half the network. The best share the most words; the score is the share they have.
    /// </summary>
    /// <remarks>
    /// pg_trgm was measured first (GIN with the similarity operators, and GiST nearest-neighbour): at 100,000
    /// questions its rechecks took 60 ms to 4 s on this 2-core machine, far over the 50 ms goal; see bench/README.md.
    /// </remarks>
    public static readonly string SimilarSql = $"""
        WITH terms AS (
            SELECT ARRAY(SELECT lexeme FROM unnest(to_tsvector('english', @text))
                         WHERE lexeme <> ALL ({Scaffolding})
                         ORDER BY length(lexeme) DESC, lexeme LIMIT {MaxSimilarTerms}) AS l
        ), query AS (
            SELECT l,
                   (CASE
                       WHEN cardinality(l) <= 2 THEN array_to_string(ARRAY(SELECT quote_literal(x) FROM unnest(l) x), ' & ')
                       WHEN cardinality(l) <= 4 THEN (SELECT string_agg(quote_literal(a) || ' & ' || quote_literal(b), ' | ')
                                                      FROM unnest(l) a, unnest(l) b WHERE a < b)
                       ELSE (SELECT string_agg(quote_literal(a) || ' & ' || quote_literal(b) || ' & ' || quote_literal(c), ' | ')
                             FROM unnest(l) a, unnest(l) b, unnest(l) c WHERE a < b AND b < c)
                   END)::tsquery AS enough,
                   array_to_string(ARRAY(SELECT quote_literal(x) FROM unnest(l) x), ' | ')::tsquery AS any_word
            FROM terms
        ), best AS (
            SELECT q.id, q.title, q.status, q.bottom_line, q.search_vector, q.created_at,
                   ts_rank(q.search_vector, query.any_word) AS rank
            FROM questions q, query
            WHERE q.search_vector @@ query.enough
              AND q.status <> 'Duplicate'
              AND {Visible}
              AND (@clubId::uuid IS NULL OR q.club_id = @clubId OR q.status = 'Answered')
            ORDER BY rank DESC, q.created_at DESC
            LIMIT {MaxSimilar}
        )
        SELECT b.id, b.title, b.status, b.bottom_line,
               (SELECT count(*) FROM unnest(query.l) t WHERE b.search_vector @@ quote_literal(t)::tsquery)::float8
                   / greatest(cardinality(query.l), 1) AS score
        FROM best b, query
        ORDER BY b.rank DESC, b.created_at DESC
        """;

    // The window count is taken before LIMIT, so one statement gives the page and the total.
    public static readonly string SearchSql = $"""
        WITH page AS (
            SELECT q.id, q.title, q.status, q.type, q.urgency, q.club_id, q.bottom_line, q.created_at,
                   ts_rank(q.search_vector, query) AS rank, count(*) OVER () AS total
            FROM questions q, websearch_to_tsquery('english', @search) query
            WHERE (@search::text IS NULL OR q.search_vector @@ query)
              AND {Visible}
              AND (@clubId::uuid IS NULL OR q.club_id = @clubId)
              AND (@status::text IS NULL OR q.status = @status)
              AND (@type::text IS NULL OR q.type = @type)
            ORDER BY CASE WHEN @byDate THEN 0 ELSE ts_rank(q.search_vector, query) END DESC, q.created_at DESC, q.id
            LIMIT @limit OFFSET @offset
        )
        SELECT p.id, p.title, p.status, p.type, p.urgency, p.club_id, c.name, p.bottom_line, p.created_at,
               (SELECT count(*) FROM question_votes v WHERE v.question_id = p.id)::int AS votes,
               (SELECT count(*) FROM question_askers a WHERE a.question_id = p.id)::int + 1 AS askers,
               p.total
        FROM page p JOIN clubs c ON c.id = p.club_id
        ORDER BY CASE WHEN @byDate THEN 0 ELSE p.rank END DESC, p.created_at DESC, p.id
        """;

    public static NpgsqlCommand SimilarCommand(NpgsqlConnection connection, string text, Guid? clubId, QuestionReader searcher)
    {
        var command = new NpgsqlCommand(SimilarSql, connection);
        command.Parameters.Add(new NpgsqlParameter("text", NpgsqlDbType.Text) { Value = text });
        command.Parameters.Add(new NpgsqlParameter("clubId", NpgsqlDbType.Uuid) { Value = (object?)clubId ?? DBNull.Value });
        AddSearcher(command, searcher);
        return command;
    }

    public static async Task<IReadOnlyList<SimilarQuestion>> SimilarAsync(
        NpgsqlConnection connection, string text, Guid? clubId, QuestionReader searcher, CancellationToken ct = default)
    {
        await using var command = SimilarCommand(connection, text, clubId, searcher);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<SimilarQuestion>();
        while (await reader.ReadAsync(ct))
            found.Add(new SimilarQuestion(reader.GetGuid(0), reader.GetString(1), Enum.Parse<QuestionStatus>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetDouble(4)));
        return found;
    }

    public static NpgsqlCommand SearchCommand(NpgsqlConnection connection, QuestionFilter filter, QuestionReader searcher, int skip, int take)
    {
        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim();
        var command = new NpgsqlCommand(SearchSql, connection);
        command.Parameters.Add(new NpgsqlParameter("search", NpgsqlDbType.Text) { Value = (object?)search ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("clubId", NpgsqlDbType.Uuid) { Value = (object?)filter.ClubId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)filter.Status?.ToString() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = (object?)filter.Type?.ToString() ?? DBNull.Value });
        // Without words there is no relevance to sort by.
        command.Parameters.Add(new NpgsqlParameter("byDate", NpgsqlDbType.Boolean) { Value = search is null || filter.Sort == QuestionSort.Date });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = take });
        command.Parameters.Add(new NpgsqlParameter("offset", NpgsqlDbType.Integer) { Value = skip });
        AddSearcher(command, searcher);
        return command;
    }

    public static async Task<(IReadOnlyList<QuestionListItem> Items, int Total)> SearchAsync(
        NpgsqlConnection connection, QuestionFilter filter, QuestionReader searcher, int skip, int take, CancellationToken ct = default)
    {
        await using var command = SearchCommand(connection, filter, searcher, skip, take);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var items = new List<QuestionListItem>();
        var total = 0;
        while (await reader.ReadAsync(ct))
        {
            items.Add(new QuestionListItem(reader.GetGuid(0), reader.GetString(1), Enum.Parse<QuestionStatus>(reader.GetString(2)),
                Enum.Parse<QuestionType>(reader.GetString(3)), Enum.Parse<Urgency>(reader.GetString(4)), reader.GetGuid(5),
                reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(9), reader.GetInt32(10),
                reader.GetFieldValue<DateTimeOffset>(8)));
            total = (int)reader.GetInt64(11);
        }
        return (items, total);
    }

    private static void AddSearcher(NpgsqlCommand command, QuestionReader searcher)
    {
        command.Parameters.Add(new NpgsqlParameter("seesAll", NpgsqlDbType.Boolean) { Value = searcher.SeesAll });
        command.Parameters.Add(new NpgsqlParameter("userId", NpgsqlDbType.Uuid) { Value = searcher.UserId });
    }
}
