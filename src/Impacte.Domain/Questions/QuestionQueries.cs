using Npgsql;
using NpgsqlTypes;

namespace Impacte.Domain.Questions;

/// <summary>A question found by similarity: best first, with its bottom line when it has been answered.</summary>
public sealed record SimilarQuestion(Guid Id, string Title, QuestionStatus Status, string? BottomLine, double Score);

/// <summary>One row of a search result, with the counts a list shows.</summary>
public sealed record QuestionListItem(
    Guid Id, string Title, QuestionStatus Status, QuestionType Type, Urgency Urgency, Guid ClubId, string ClubName,
    string? BottomLine, int Votes, int Askers, DateTimeOffset CreatedAt, ClinicalArea? Area = null);

/// <summary>Who is searching: enough for the SQL to apply <see cref="Access.AccessRules.CanSeeQuestion"/> itself.</summary>
public sealed record QuestionReader(Guid UserId, bool SeesAll);

public enum QuestionSort
{
    Relevance,
    Date,
}

/// <param name="Forgiving">
/// Search as the similar-question lookup forgives: synonyms and abbreviations (<see cref="ClinicalTerms"/>), and
/// misspelt words corrected against the questions' own words when the words as typed find few; every concept must
/// be there. Otherwise <paramref name="Search"/> is PostgreSQL's web search syntax, as typed.
/// </param>
/// <summary>A search's text as sent, and the full-text query made of it (NULL: a forgiving search of stop words only, which finds nothing).</summary>
public sealed record SearchQuery(string Search, string? Query);

public sealed record QuestionFilter(
    string? Search = null, Guid? ClubId = null, QuestionStatus? Status = null, QuestionType? Type = null,
    QuestionSort Sort = QuestionSort.Relevance, bool Forgiving = false);

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

    // Visibility, as in AccessRules.CanSeeQuestion, with the reader's clubs looked up in the same statement.
    private const string Visible =
        "(@seesAll OR q.status = 'Answered' OR q.club_id IN (SELECT m.club_id FROM memberships m WHERE m.user_id = @userId))";

    /// <summary>Question scaffolding that says nothing about the clinical question ("does X, compared with Y, …").</summary>
    private const string Scaffolding = "ARRAY['compar', 'versus', 'vs', 'effect', 'better', 'work', 'help']";

    /// <summary>
    /// Similar questions by shared concepts across the PICO parts (full text, so "statin" finds "statins"; a concept is
    /// a word, or a listed term with its synonyms: see <see cref="ClinicalTerms"/>). A question must share both
    /// concepts of a one- or two-concept text, and at least half the concepts of a longer one (its six longest, which
    /// are usually the rarest): requiring combinations keeps the GIN lookup selective where a single common word
    /// ("adults") would match half the network. The best share the most; the score is the share they have.
    /// </summary>
    /// <remarks>
    /// pg_trgm on the questions themselves was measured first (GIN with the similarity operators, and GiST
    /// nearest-neighbour): at 100,000 questions its rechecks took 60 ms to 4 s on this 2-core machine, far over the
    /// 50 ms goal; see bench/README.md. So trigrams only correct the words (<see cref="CorrectSql"/>), against the
    /// small lexicon of words questions use, and full text runs again on the corrected words.
    /// </remarks>
    public static readonly string SimilarSql = SimilarSqlOver(among: false);

    /// <summary>
    /// The same search among given questions only (@among): those are read first, by id, and each matched in turn. Left
    /// to itself the planner finds the network's matches in the full-text index and intersects them with the ids: at
    /// a million questions and 1,800 among, 143 ms a text against 14 ms this way (bench/README.md, Capacity).
    /// </summary>
    private static readonly string SimilarAmongSql = SimilarSqlOver(among: true);

    private static string SimilarSqlOver(bool among) => $"""
        WITH {(among ? "candidates AS MATERIALIZED (SELECT q.id, q.club_id, q.title, q.status, q.bottom_line, q.search_vector, q.created_at FROM questions q WHERE q.id = ANY(@among)), " : "")}concept AS (
            SELECT DISTINCT (SELECT string_agg('(' || p::text || ')', ' | ')
                             FROM unnest(string_to_array(c, '|')) a, phraseto_tsquery('english', a) p
                             WHERE numnode(p) > 0) AS t
            FROM unnest(@concepts::text[]) c
        ), terms AS (
            SELECT ARRAY(SELECT t FROM concept
                         WHERE t IS NOT NULL AND btrim(t, '()''') <> ALL ({Scaffolding})
                         ORDER BY length(t) DESC, t LIMIT {MaxSimilarTerms}) AS l
        ), query AS (
            SELECT l,
                   (CASE
                       WHEN cardinality(l) <= 2 THEN array_to_string(ARRAY(SELECT '(' || x || ')' FROM unnest(l) x), ' & ')
                       WHEN cardinality(l) <= 4 THEN (SELECT string_agg('(' || a || ') & (' || b || ')', ' | ')
                                                      FROM unnest(l) a, unnest(l) b WHERE a < b)
                       ELSE (SELECT string_agg('(' || a || ') & (' || b || ') & (' || c || ')', ' | ')
                             FROM unnest(l) a, unnest(l) b, unnest(l) c WHERE a < b AND b < c)
                   END)::tsquery AS enough,
                   array_to_string(ARRAY(SELECT '(' || x || ')' FROM unnest(l) x), ' | ')::tsquery AS any_word
            FROM terms
        ), best AS (
            SELECT q.id, q.title, q.status, q.bottom_line, q.search_vector, q.created_at,
                   ts_rank(q.search_vector, query.any_word) AS rank
            FROM {(among ? "candidates" : "questions")} q, query
            WHERE q.search_vector @@ query.enough
              AND q.status NOT IN ('Duplicate', 'Withdrawn')
              AND {Visible}
              AND (@clubId::uuid IS NULL OR q.club_id = @clubId OR q.status = 'Answered')
            ORDER BY rank DESC, q.created_at DESC
            LIMIT {MaxSimilar}
        )
        SELECT b.id, b.title, b.status, b.bottom_line,
               (SELECT count(*) FROM unnest(query.l) t WHERE b.search_vector @@ t::tsquery)::float8
                   / greatest(cardinality(query.l), 1) AS score
        FROM best b, query
        ORDER BY b.rank DESC, b.created_at DESC
        """;

    /// <summary>Fewer full-text results than this and the words are checked for spelling.</summary>
    public const int FewSimilar = 3;

    /// <summary>How alike (trigram similarity, 0-1) a known word must be to replace an unknown one.</summary>
    public const double MinWordSimilarity = 0.4;

    /// <summary>
    /// Each word no question uses, with the known word most like it (pg_trgm), if one is alike enough. The % operator
    /// (threshold 0.3) lets the trigram index find candidates; the stricter similarity then keeps the best.
    /// </summary>
    public const string CorrectSql = """
        SELECT w, (SELECT s.word FROM search_words s
                   WHERE s.word % w AND similarity(s.word, w) >= @minSimilarity
                   ORDER BY similarity(s.word, w) DESC, s.word LIMIT 1)
        FROM unnest(@words::text[]) w
        WHERE NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = w)
        """;

    /// <summary>
    /// The most matches a list counts and a search ranks: past it the total says "at least this many", and a search by
    /// relevance ranks the newest this many. Counting or ranking a million visible questions for every page would cost
    /// more than the page (a national network), and no one pages that far.
    /// </summary>
    public const int MaxTotal = 10_000;

    private const string SearchFilter = $"""
        (@search::text IS NULL OR q.search_vector @@ query)
              AND {Visible}
              AND (@clubId::uuid IS NULL OR q.club_id = @clubId)
              AND (@status::text IS NULL OR q.status = @status)
              AND (@type::text IS NULL OR q.type = @type)
        """;

    /// <summary>
    /// The search takes its full-text query as a value (<see cref="SearchQuery.Query"/>), made first by a statement of
    /// its own: the plain search's from what was typed (<see cref="PlainQuerySql"/>), the forgiving one's from its
    /// concepts (<see cref="ForgivingQuerySql"/>). Written into the search as a subquery, the forgiving query was
    /// invisible to the planner, which guessed a few thousand matches for any word and, for one in half the network
    /// ("adults", 578,000 matches at national size), chose a lossy bitmap scan without parallel workers: the questions
    /// page's search took 550 ms through the API, and 256 ms since (bench/README.md, "Capacity").
    /// </summary>
    private const string QueryValue = "(SELECT @query::tsquery AS query) typed";

    /// <summary>A listed question's columns, from the page's rows (p) and their club (c); the total is added by each search.</summary>
    private const string ItemColumns = """
        p.id, p.title, p.status, p.type, p.urgency, p.club_id, c.name, p.bottom_line, p.created_at,
        (SELECT count(*) FROM question_votes v WHERE v.question_id = p.id)::int AS votes,
        (SELECT count(*) FROM question_askers a WHERE a.question_id = p.id)::int + 1 AS askers
        """;

    /// <summary>
    /// Newest first: reads the (created_at DESC, id) index and stops at the page; the total is counted once (an
    /// InitPlan), up to <see cref="MaxTotal"/>.
    /// </summary>
    public static readonly string SearchByDateSql = $"""
        WITH page AS (
            SELECT q.id, q.title, q.status, q.type, q.urgency, q.club_id, q.bottom_line, q.created_at, q.area
            FROM questions q, {QueryValue}
            WHERE {SearchFilter}
            ORDER BY q.created_at DESC, q.id
            LIMIT @limit OFFSET @offset
        )
        SELECT {ItemColumns},
               (SELECT count(*) FROM (SELECT 1 FROM questions q, {QueryValue} WHERE {SearchFilter} LIMIT {MaxTotal}) counted) AS total,
               p.area
        FROM page p JOIN clubs c ON c.id = p.club_id
        ORDER BY p.created_at DESC, p.id
        """;

    /// <summary>
    /// By relevance: ranks the newest <see cref="MaxTotal"/> matches, and counts them for the total, from one scan.
    /// That is every match of all but the broadest searches, whose total already reads "at least" that many. Ranking
    /// every match of a word in half the network ("adults", a parallel scan of a million questions) took 300 ms at
    /// national size, and a phrase of two common words was read twice, for the page and for the total
    /// (bench/README.md, "Sixth pass"). Only ids, dates and search vectors are sorted; the page's 20 rows are read after.
    /// </summary>
    public static readonly string SearchSql = $"""
        WITH newest AS MATERIALIZED (
            SELECT q.id, q.created_at, q.search_vector FROM questions q, {QueryValue}
            WHERE {SearchFilter}
            ORDER BY q.created_at DESC, q.id
            LIMIT {MaxTotal}
        ), ranked AS (
            SELECT n.id, ts_rank(n.search_vector, query) AS rank FROM newest n, {QueryValue}
            ORDER BY rank DESC, n.created_at DESC, n.id
            LIMIT @limit OFFSET @offset
        )
        SELECT {ItemColumns}, (SELECT count(*) FROM newest) AS total, p.area
        FROM ranked r JOIN questions p ON p.id = r.id JOIN clubs c ON c.id = p.club_id
        ORDER BY r.rank DESC, p.created_at DESC, p.id
        """;

    private const string PlainQuerySql = "SELECT websearch_to_tsquery('english', @search)::text";

    /// <summary>
    /// The forgiving search's query: every concept (a word, or a listed term as any of its phrases) must be there.
    /// Concepts that are only stop words drop out; none left is a query (NULL) that finds nothing.
    /// </summary>
    private const string ForgivingQuerySql = """
        SELECT string_agg('(' || t || ')', ' & ')
        FROM (SELECT (SELECT string_agg('(' || p::text || ')', ' | ')
                      FROM unnest(string_to_array(c, '|')) a, phraseto_tsquery('english', a) p
                      WHERE numnode(p) > 0) AS t
              FROM unnest(@concepts::text[]) c) concept
        WHERE t IS NOT NULL
        """;

    public static NpgsqlCommand SimilarCommand(NpgsqlConnection connection, string text, Guid? clubId, QuestionReader searcher) =>
        SimilarCommand(connection, ClinicalTerms.Concepts(ClinicalTerms.Words(text)), clubId, searcher);

    private static NpgsqlCommand SimilarCommand(NpgsqlConnection connection, IReadOnlyList<string> concepts, Guid? clubId, QuestionReader searcher)
    {
        var command = new NpgsqlCommand(SimilarSql, connection);
        command.Parameters.Add(new NpgsqlParameter("concepts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = concepts.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("clubId", NpgsqlDbType.Uuid) { Value = (object?)clubId ?? DBNull.Value });
        AddSearcher(command, searcher);
        return command;
    }

    /// <summary>
    /// For each text, the ids of the questions among <paramref name="among"/> that are similar to it (the same rule as
    /// <see cref="SimilarAsync"/>, full text only), every text in one round trip. For asking "which of those many
    /// questions are like these few texts" without a network-wide search (the digest's answered elsewhere: a member's
    /// open questions among the period's answered ones).
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyList<Guid>>> SimilarAmongAsync(
        NpgsqlConnection connection, IReadOnlyList<string> texts, IReadOnlyList<Guid> among, CancellationToken ct = default)
    {
        if (texts.Count == 0 || among.Count == 0) return texts.Select(_ => (IReadOnlyList<Guid>)[]).ToList();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var text in texts)
        {
            var command = new NpgsqlBatchCommand(SimilarAmongSql);
            command.Parameters.Add(new NpgsqlParameter("concepts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ClinicalTerms.Concepts(ClinicalTerms.Words(text)).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("clubId", NpgsqlDbType.Uuid) { Value = DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("among", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = among.ToArray() });
            command.Parameters.Add(new NpgsqlParameter("seesAll", NpgsqlDbType.Boolean) { Value = true });
            command.Parameters.Add(new NpgsqlParameter("userId", NpgsqlDbType.Uuid) { Value = Guid.Empty });
            batch.BatchCommands.Add(command);
        }
        var found = new List<IReadOnlyList<Guid>>(texts.Count);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            var ids = new List<Guid>();
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
            found.Add(ids);
        } while (await reader.NextResultAsync(ct));
        return found;
    }

    /// <summary>
    /// Full text first (with the synonym list); when it finds fewer than <see cref="FewSimilar"/>, words no question
    /// uses are replaced by the nearest known word ("apixiban" -> "apixaban") and full text runs again. Both lists
    /// are merged, best score first.
    /// </summary>
    public static async Task<IReadOnlyList<SimilarQuestion>> SimilarAsync(
        NpgsqlConnection connection, string text, Guid? clubId, QuestionReader searcher, CancellationToken ct = default)
    {
        var words = ClinicalTerms.Words(text);
        var found = await ReadSimilarAsync(connection, ClinicalTerms.Concepts(words), clubId, searcher, ct);
        if (found.Count >= FewSimilar) return found;

        var corrected = await CorrectAsync(connection, words, ct);
        if (corrected.SequenceEqual(words)) return found;
        var more = await ReadSimilarAsync(connection, ClinicalTerms.Concepts(corrected), clubId, searcher, ct);
        return found.Concat(more.Where(m => found.All(f => f.Id != m.Id)))
            .OrderByDescending(s => s.Score) // stable: among equals, the first pass's come first
            .Take(MaxSimilar).ToList();
    }

    /// <summary>The words with each misspelled one replaced; words the synonym list knows, numbers and short words stay.</summary>
    public static async Task<IReadOnlyList<string>> CorrectAsync(NpgsqlConnection connection, IReadOnlyList<string> words, CancellationToken ct = default)
    {
        var doubtful = words.Where(w => w.Length >= 4 && w.Length <= SearchWordConfiguration.MaxWord && !w.Any(char.IsDigit)
                                        && !ClinicalTerms.Vocabulary.Contains(w)).Distinct().ToArray();
        if (doubtful.Length == 0) return words;
        await using var command = new NpgsqlCommand(CorrectSql, connection);
        command.Parameters.Add(new NpgsqlParameter("words", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = doubtful });
        command.Parameters.Add(new NpgsqlParameter("minSimilarity", NpgsqlDbType.Real) { Value = (float)MinWordSimilarity });
        var replace = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (!reader.IsDBNull(1)) replace[reader.GetString(0)] = reader.GetString(1);
        return words.Select(w => replace.GetValueOrDefault(w, w)).ToList();
    }

    private static async Task<List<SimilarQuestion>> ReadSimilarAsync(
        NpgsqlConnection connection, IReadOnlyList<string> concepts, Guid? clubId, QuestionReader searcher, CancellationToken ct)
    {
        await using var command = SimilarCommand(connection, concepts, clubId, searcher);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<SimilarQuestion>();
        while (await reader.ReadAsync(ct))
            found.Add(new SimilarQuestion(reader.GetGuid(0), reader.GetString(1), Enum.Parse<QuestionStatus>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetDouble(4)));
        return found;
    }

    /// <param name="query">The search's words and full-text query (<see cref="QueryAsync"/>); none lists every question.</param>
    public static NpgsqlCommand SearchCommand(NpgsqlConnection connection, QuestionFilter filter, QuestionReader searcher, int skip, int take,
        SearchQuery? query = null)
    {
        // Without words there is no relevance to sort by.
        var byDate = query is null || filter.Sort == QuestionSort.Date;
        var command = new NpgsqlCommand(byDate ? SearchByDateSql : SearchSql, connection);
        command.Parameters.Add(new NpgsqlParameter("query", NpgsqlDbType.Text) { Value = (object?)query?.Query ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("search", NpgsqlDbType.Text) { Value = (object?)query?.Search ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("clubId", NpgsqlDbType.Uuid) { Value = (object?)filter.ClubId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)filter.Status?.ToString() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = (object?)filter.Type?.ToString() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = take });
        command.Parameters.Add(new NpgsqlParameter("offset", NpgsqlDbType.Integer) { Value = skip });
        AddSearcher(command, searcher);
        return command;
    }

    /// <summary>
    /// One page of the search. Forgiving: the words as typed (with the synonym list) first; when they find fewer than
    /// <see cref="FewSimilar"/>, the words no question uses are corrected ("apixiban" -> "apixaban") and the search
    /// runs again, and the run that found more is the answer.
    /// </summary>
    public static async Task<(IReadOnlyList<QuestionListItem> Items, int Total)> SearchAsync(
        NpgsqlConnection connection, QuestionFilter filter, QuestionReader searcher, int skip, int take, CancellationToken ct = default)
    {
        var query = await QueryAsync(connection, filter, ct: ct);
        var found = await ReadSearchAsync(connection, filter, searcher, skip, take, query, ct);
        if (!filter.Forgiving || query is null) return found;
        // A total is only known when the page has a row; past the end, the first page's count tells.
        var total = found.Items.Count > 0 || skip == 0 ? found.Total : (await ReadSearchAsync(connection, filter, searcher, 0, 1, query, ct)).Total;
        if (total >= FewSimilar) return found;
        var words = ClinicalTerms.Words(filter.Search!);
        var corrected = await CorrectAsync(connection, words, ct);
        if (corrected.SequenceEqual(words)) return found;
        var more = await ReadSearchAsync(connection, filter, searcher, skip, take, await QueryAsync(connection, filter, corrected, ct), ct);
        return more.Total > found.Total ? more : found;
    }

    private static async Task<(IReadOnlyList<QuestionListItem> Items, int Total)> ReadSearchAsync(
        NpgsqlConnection connection, QuestionFilter filter, QuestionReader searcher, int skip, int take, SearchQuery? query, CancellationToken ct)
    {
        await using var command = SearchCommand(connection, filter, searcher, skip, take, query);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var items = new List<QuestionListItem>();
        var total = 0;
        while (await reader.ReadAsync(ct))
        {
            items.Add(new QuestionListItem(reader.GetGuid(0), reader.GetString(1), Enum.Parse<QuestionStatus>(reader.GetString(2)),
                Enum.Parse<QuestionType>(reader.GetString(3)), Enum.Parse<Urgency>(reader.GetString(4)), reader.GetGuid(5),
                reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(9), reader.GetInt32(10),
                reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(12) ? null : Enum.Parse<ClinicalArea>(reader.GetString(12))));
            total = (int)reader.GetInt64(11);
        }
        return (items, total);
    }

    /// <summary>
    /// What a search sends: its text (for the forgiving search, only its <paramref name="words"/>: whatever else was typed,
    /// a control character, never reaches the server) and the full-text query made of it. None when nothing was typed.
    /// </summary>
    public static async Task<SearchQuery?> QueryAsync(
        NpgsqlConnection connection, QuestionFilter filter, IReadOnlyList<string>? words = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(filter.Search)) return null;
        var search = filter.Search.Trim();
        await using var command = new NpgsqlCommand(filter.Forgiving ? ForgivingQuerySql : PlainQuerySql, connection);
        if (filter.Forgiving)
        {
            words ??= ClinicalTerms.Words(search);
            search = string.Join(' ', words);
            command.Parameters.Add(new NpgsqlParameter("concepts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ClinicalTerms.Concepts(words).ToArray() });
        }
        else command.Parameters.Add(new NpgsqlParameter("search", NpgsqlDbType.Text) { Value = search });
        return new SearchQuery(search, await command.ExecuteScalarAsync(ct) as string);
    }

    private static void AddSearcher(NpgsqlCommand command, QuestionReader searcher)
    {
        command.Parameters.Add(new NpgsqlParameter("seesAll", NpgsqlDbType.Boolean) { Value = searcher.SeesAll });
        command.Parameters.Add(new NpgsqlParameter("userId", NpgsqlDbType.Uuid) { Value = searcher.UserId });
    }
}
