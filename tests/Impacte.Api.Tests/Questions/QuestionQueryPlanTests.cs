using Impacte.Domain.Questions;
using Impacte.Testing;
using Npgsql;

namespace Impacte.Api.Tests.Questions;

/// <summary>
/// Similar-question lookup and search must stay index lookups as the network grows: on 8,000 questions (enough for
/// PostgreSQL to prefer an index when one fits), EXPLAIN shows the GIN index on search_vector, never a Seq Scan.
/// </summary>
public sealed class QuestionQueryPlanTests : IAsyncLifetime
{
    private const int Rows = 8000;
    private TestDatabase database = null!;
    private QuestionReader reader = null!;
    private readonly Guid clubId = Guid.NewGuid();
    private readonly Guid userId = Guid.NewGuid();

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await using var connection = await OpenAsync();
        await using var seed = new NpgsqlCommand($"""
            INSERT INTO clubs (id, name, ods_code, time_zone, created_at) VALUES (@club, 'Plan club', 'P00001', 'Europe/London', now());
            INSERT INTO users (id, name, created_at, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
                VALUES (@user, 'Plan person', now(), true, false, false, false, 0);
            INSERT INTO memberships (club_id, user_id, role, is_public_representative, joined_at) VALUES (@club, @user, 'Member', false, now());
            INSERT INTO questions (id, club_id, proposer_id, population, intervention, comparison, outcome, type, urgency,
                                   title, sentence, status, created_at, updated_at)
            SELECT gen_random_uuid(), @club, @user, p, i, NULL, o, 'Therapy', 'Routine',
                   left(initcap(i) || ': effect on ' || o || ' in ' || p || ' (' || g || ')', 200),
                   'In ' || p || ', what is the effect of ' || i || ' on ' || o || '?',
                   (ARRAY['Proposed','Accepted','Answered','Declined'])[1 + g % 4], now() - g * interval '1 hour', now()
            FROM generate_series(1, {Rows}) g,
                 LATERAL (SELECT
                     (ARRAY['adults with type 2 diabetes','children with asthma','older adults with frailty','women with menopausal symptoms',
                            'adults with hypertension','people with COPD','adults with depression','children with eczema',
                            'adults with knee osteoarthritis','people with atrial fibrillation','adults with gout'])[1 + g % 11] AS p,
                     (ARRAY['statins','SGLT2 inhibitors','exercise therapy','inhaled corticosteroids','emollients','sertraline',
                            'home blood pressure monitoring','apixaban','allopurinol','pulmonary rehabilitation','vitamin D',
                            'social prescribing','metformin'])[1 + (g / 11) % 13] AS i,
                     (ARRAY['hospital admission','mortality','quality of life','HbA1c','falls','exacerbations','pain and function',
                            'stroke','remission'])[1 + (g / 143) % 9] || ' ' || g AS o) parts;
            """, connection);
        seed.Parameters.AddWithValue("club", clubId);
        seed.Parameters.AddWithValue("user", userId);
        await seed.ExecuteNonQueryAsync();
        // As autovacuum would: statistics for the planner, and the GIN pending list merged into the index proper.
        await new NpgsqlCommand("VACUUM ANALYZE questions", connection).ExecuteNonQueryAsync();
        reader = new QuestionReader(userId, SeesAll: false);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string> PlanAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        do
            while (await reader.ReadAsync())
                if (reader.GetFieldType(0) == typeof(string)) lines.Add(reader.GetString(0));
        while (await reader.NextResultAsync());
        return string.Join('\n', lines);
    }

    [Theory]
    [InlineData("statins in older adults with frailty")]
    [InlineData("knee osteoarthritis")]
    [InlineData("In adults with type 2 diabetes, does metformin compared with insulin reduce HbA1c and falls?")]
    public async Task SimilarQuestionsUseTheFullTextIndex(string text)
    {
        await using var connection = await OpenAsync();
        await using var command = QuestionQueries.SimilarCommand(connection, text, null, reader);
        command.CommandText = command.CommandText.Replace(QuestionQueries.SimilarSql, "EXPLAIN " + QuestionQueries.SimilarSql);

        var plan = await PlanAsync(command);
        Assert.True(plan.Contains("ix_questions_search_vector"), plan);
        Assert.DoesNotContain("Seq Scan on questions", plan);
        Assert.NotEmpty(await QuestionQueries.SimilarAsync(connection, text, null, reader));
    }

    [Theory]
    [InlineData("statins frailty")]
    [InlineData("\"pulmonary rehabilitation\" -children")]
    public async Task SearchUsesTheFullTextIndex(string search)
    {
        await using var connection = await OpenAsync();
        var filter = new QuestionFilter(search);
        await using var command = QuestionQueries.SearchCommand(connection, filter, reader, 0, 20, await QuestionQueries.QueryAsync(connection, filter));
        command.CommandText = "EXPLAIN " + command.CommandText;

        var plan = await PlanAsync(command);
        Assert.True(plan.Contains("ix_questions_search_vector"), plan);
        Assert.DoesNotContain("Seq Scan on questions", plan);
        var (items, total) = await QuestionQueries.SearchAsync(connection, filter, reader, 0, 20);
        Assert.NotEmpty(items);
        Assert.True(total >= items.Count);
    }

    [Fact]
    public async Task TheListNewestFirstReadsTheDateIndexInOrderInsteadOfSortingEveryQuestion()
    {
        await using var connection = await OpenAsync();
        var everyone = new QuestionReader(Guid.NewGuid(), SeesAll: true);
        await using var command = QuestionQueries.SearchCommand(connection, new QuestionFilter(null), everyone, 40, 20);
        command.CommandText = "EXPLAIN " + command.CommandText;

        var plan = await PlanAsync(command);
        Assert.True(plan.Contains("ix_questions_created_at_id"), plan);
        Assert.DoesNotContain("Sort", plan);
        var (items, total) = await QuestionQueries.SearchAsync(connection, new QuestionFilter(null), everyone, 40, 20);
        Assert.Equal(20, items.Count);
        Assert.Equal(Rows, total);
        Assert.True(items.Zip(items.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt));
    }

    [Fact]
    public async Task TheTotalIsCountedUpToItsCap()
    {
        await using var connection = await OpenAsync();
        var everyone = new QuestionReader(Guid.NewGuid(), SeesAll: true);
        // The cap is above any list a test makes; the statement counts through a LIMIT of exactly the cap.
        Assert.Contains($"LIMIT {QuestionQueries.MaxTotal}) counted", QuestionQueries.SearchByDateSql);
        var (_, total) = await QuestionQueries.SearchAsync(connection, new QuestionFilter("statins"), everyone, 0, 20);
        var counted = (long)(await new NpgsqlCommand(
            "SELECT count(*) FROM questions WHERE search_vector @@ websearch_to_tsquery('english', 'statins')", connection).ExecuteScalarAsync())!;
        Assert.Equal(counted, total);
    }

    [Fact]
    public async Task AForgivingSearchIsPlannedKnowingItsQueryAsAPlainSearchIs()
    {
        // Written into the search as a subquery, the forgiving query was a guess to the planner (a few thousand matches
        // at national size, whatever the word), which chose a lossy bitmap scan for a word in half the network.
        await using var connection = await OpenAsync();
        var (forgivingFilter, plainFilter) = (new QuestionFilter("adults", Forgiving: true), new QuestionFilter("adults"));
        await using var forgiving = QuestionQueries.SearchCommand(connection, forgivingFilter, reader, 0, 20, await QuestionQueries.QueryAsync(connection, forgivingFilter));
        await using var plain = QuestionQueries.SearchCommand(connection, plainFilter, reader, 0, 20, await QuestionQueries.QueryAsync(connection, plainFilter));

        var (expected, estimated) = (await EstimatedMatchesAsync(plain), await EstimatedMatchesAsync(forgiving));
        Assert.InRange(estimated, expected / 2, expected * 2);
    }

    [Fact]
    public async Task ASearchBroaderThanTheCapRanksItsNewestMatchesWhereANarrowerOneRanksThemAll()
    {
        // Old questions that name the word three times in their outcome, and newer ones that name it once: ranked among
        // all matches, the old ones come first. "sarcopenia" matches more questions than the cap, "myopathy" fewer.
        await using var connection = await OpenAsync();
        await AddAsync(connection, "sarcopenia", QuestionQueries.MaxTotal, old: false);
        await AddAsync(connection, "sarcopenia", 30, old: true);
        await AddAsync(connection, "myopathy", 100, old: false);
        await AddAsync(connection, "myopathy", 30, old: true);
        await new NpgsqlCommand("VACUUM ANALYZE questions", connection).ExecuteNonQueryAsync();
        var everyone = new QuestionReader(Guid.NewGuid(), SeesAll: true);
        var longAgo = DateTimeOffset.UtcNow.AddYears(-5);

        var (narrow, narrowTotal) = await QuestionQueries.SearchAsync(connection, new QuestionFilter("myopathy", Forgiving: true), everyone, 0, 20);
        Assert.Equal(130, narrowTotal);
        Assert.All(narrow, q => Assert.True(q.CreatedAt < longAgo, $"{q.Title} is not one of the best matches"));

        var (broad, broadTotal) = await QuestionQueries.SearchAsync(connection, new QuestionFilter("sarcopenia", Forgiving: true), everyone, 0, 20);
        Assert.Equal(QuestionQueries.MaxTotal, broadTotal);
        Assert.Equal(20, broad.Count);
        Assert.All(broad, q => Assert.True(q.CreatedAt > longAgo, $"{q.Title}, older than the newest {QuestionQueries.MaxTotal} matches, was ranked"));
    }

    /// <summary>Answered questions whose outcome names the word: old ones three times, newer ones once.</summary>
    private async Task AddAsync(NpgsqlConnection connection, string word, int count, bool old)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO questions (id, club_id, proposer_id, population, intervention, comparison, outcome, type, urgency,
                                   title, sentence, status, created_at, updated_at)
            SELECT gen_random_uuid(), @club, @user, 'older adults', 'resistance training', NULL,
                   CASE WHEN @old THEN @word || ', ' || @word || ' and ' || @word || ' ' || g ELSE @word || ' ' || g END, 'Therapy', 'Routine',
                   'Resistance training in older adults ' || g,
                   'In older adults, what is the effect of resistance training?', 'Answered',
                   CASE WHEN @old THEN now() - interval '10 years' - g * interval '1 hour' ELSE now() - g * interval '1 minute' END, now()
            FROM generate_series(1, @count) g
            """, connection);
        insert.Parameters.AddWithValue("club", clubId);
        insert.Parameters.AddWithValue("user", userId);
        insert.Parameters.AddWithValue("word", word);
        insert.Parameters.AddWithValue("count", count);
        insert.Parameters.AddWithValue("old", old);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>The planner's estimate of the questions the search's scan returns (the largest, where it scans twice).</summary>
    private static async Task<long> EstimatedMatchesAsync(NpgsqlCommand command)
    {
        command.CommandText = "EXPLAIN " + command.CommandText;
        var plan = await PlanAsync(command);
        return plan.Split('\n').Where(l => l.Contains(" on questions q"))
            .Select(l => long.Parse(System.Text.RegularExpressions.Regex.Match(l, @"rows=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Max();
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();
}
