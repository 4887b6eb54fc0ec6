using Impacte.Api.Tests.Pages;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Npgsql;

namespace Impacte.Api.Tests.Questions;

/// <summary>
/// An Api over a database of its own with more answered questions naming "sarcopenia" than a list counts: added to
/// the shared one, they would change every other test's lists.
/// </summary>
public sealed class BroadSearchSite : IAsyncLifetime
{
    public ApiFactory Api { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Api.InitializeAsync();
        await using var connection = new NpgsqlConnection(Api.Database.ConnectionString);
        await connection.OpenAsync();
        // Answered, so every member may see them.
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO questions (id, club_id, proposer_id, population, intervention, comparison, outcome, type, urgency,
                                   title, sentence, status, created_at, updated_at)
            SELECT gen_random_uuid(), c.id, u.id, 'older adults', 'resistance training', NULL, 'sarcopenia ' || g, 'Therapy', 'Routine',
                   'Resistance training for sarcopenia ' || g, 'In older adults, what is the effect of resistance training on sarcopenia?',
                   'Answered', now() - g * interval '1 minute', now()
            FROM generate_series(1, {QuestionQueries.MaxTotal + 5}) g,
                 (SELECT id FROM clubs ORDER BY id LIMIT 1) c, (SELECT id FROM users ORDER BY id LIMIT 1) u
            """, connection);
        await insert.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>The questions page tells a GP when a search by best match is broader than the list counts, and so ranks only its newest matches.</summary>
public sealed class BroadSearchPageTests(BroadSearchSite site) : IClassFixture<BroadSearchSite>
{
    [Theory]
    [InlineData("/questions?q=sarcopenia", true)]
    [InlineData("/questions?q=sarcopenia&sort=date", false)]
    [InlineData("/questions?q=sarcopenia+42", false)]
    [InlineData("/questions", false)]
    public async Task ABestMatchSearchWithMoreMatchesThanTheListCountsSaysItRanksTheNewest(string path, bool broad)
    {
        var session = PageSession.For(site.Api);
        await session.SignInAsync("gp2.mk@example.org");

        var page = await session.GetAsync(path);

        var total = page.QuerySelector("[data-testid=total]")!.TextContent;
        var hint = page.QuerySelector("[data-testid=broad-search]");
        if (broad)
        {
            Assert.Contains("10,000 or more questions", total);
            Assert.Equal("These are the best matches among the newest 10,000. Add words to narrow the search.", hint?.TextContent.Trim());
        }
        else Assert.Null(hint);
    }
}
