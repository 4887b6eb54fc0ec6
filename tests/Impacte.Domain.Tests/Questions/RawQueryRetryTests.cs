using Impacte.Domain.Email;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Impacte.Domain.Tests.Questions;

/// <summary>
/// The question search runs plain SQL on the context's connection, outside EF's own queries: when PostgreSQL restarts
/// (every pooled connection ended, 57P01) it is retried like them instead of failing (the cluster's fault suite saw a 500).
/// </summary>
public sealed class RawQueryRetryTests
{
    [Fact]
    public async Task TheQuestionSearchIsRetriedWhenPostgreSqlEndsThePooledConnections()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0, "the migration left a pooled connection to end");
        }

        await using var db = database.CreateContext();
        var questions = new ClinicalQuestions(db, TimeProvider.System, new MemberNotices(db, Options.Create(new EmailOptions()), TimeProvider.System));
        var (items, total) = await questions.SearchAsync(new QuestionFilter(Search: "apixaban"), new PageRequest(1, 10), new QuestionReader(Guid.NewGuid(), SeesAll: true));

        Assert.Equal((0, 0), (items.Count, total));
    }
}
