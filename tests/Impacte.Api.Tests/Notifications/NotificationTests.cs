using System.Net;
using System.Net.Http.Json;
using Impacte.Api.Tests.Appraisals;
using Impacte.Domain;
using Impacte.Domain.Digests;
using Impacte.Domain.Email;
using Impacte.Domain.Preferences;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Notifications;

/// <summary>
/// The notices that close the loop: the people behind a question (proposer, voters, askers) and an appraisal's author
/// hear what happened, once, through the outbox, as their preferences say.
/// </summary>
public sealed class NotificationTests(ApiFactory api) : LibrarianTestBase(api)
{
    private const string Gp = "gp@example.org", Nurse = "nurse.mk@example.org", Lead = "lead@example.org",
        Author = "librarian@example.org", Checker = "librarian2@example.org";

    private async Task<Guid> ProposedAsync(string email, string outcome)
    {
        var response = await (await As(email)).PostAsJsonAsync("/api/questions", new
        {
            clubId = await ClubIdAsync(MiltonKeynes), population = "adults with chronic plaque psoriasis", intervention = "topical calcipotriol",
            comparison = "topical corticosteroid", outcome, type = "therapy", urgency = "routine", trigger = "A patient asked.",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("id").GetGuid();
    }

    private async Task<HttpResponseMessage> MoveAsync(string email, Guid question, object body) =>
        await (await As(email)).PostAsJsonAsync($"/api/questions/{question}/transitions", body);

    private async Task VoteAsync(string email, Guid question) =>
        Assert.Equal(HttpStatusCode.OK, (await (await As(email)).PutAsync($"/api/questions/{question}/vote", null)).StatusCode);

    /// <summary>The outbox rows of one kind about one thing, by recipient's address.</summary>
    private async Task<List<OutboxEmail>> RowsAsync(string kind, Guid about)
    {
        await using var db = Db();
        var prefix = $"{kind}:{about}:";
        return await db.Outbox.AsNoTracking().Where(e => e.Kind == kind && e.IdempotencyKey.StartsWith(prefix)).OrderBy(e => e.ToAddress).ToListAsync();
    }

    private static void AssertToldOnce(IReadOnlyList<OutboxEmail> rows, params string[] to)
    {
        Assert.Equal(to.Order().ToList(), rows.Select(r => r.ToAddress).ToList());
        foreach (var row in rows)
        {
            Assert.Contains(EmailLayout.Marker, row.HtmlBody);
            Assert.Contains("Dear ", row.TextBody);
        }
    }

    [Fact]
    public async Task TheProposerAndAVoterAreToldOnceWhenTheirQuestionIsAcceptedEvenWhenItIsTriedTwice()
    {
        var question = await ProposedAsync(Gp, "scaling at 12 weeks");
        await VoteAsync(Nurse, question);

        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(Lead, question, new { to = "accepted" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await MoveAsync(Lead, question, new { to = "accepted" })).StatusCode);

        var rows = await RowsAsync("question-accepted", question);
        AssertToldOnce(rows, Gp, Nurse);
        Assert.StartsWith("Accepted: ", rows[0].Subject);
        Assert.Contains($"/questions/{question}", rows[0].TextBody);

        // The notice written again for the same move (a retry) writes no second row.
        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
            var notices = scope.ServiceProvider.GetRequiredService<MemberNotices>();
            var q = await db.Questions.SingleAsync(x => x.Id == question);
            var move = await db.QuestionTransitions.Where(t => t.QuestionId == question && t.ToStatus == QuestionStatus.Accepted).Select(t => t.Id).SingleAsync();
            Assert.Equal(0, await QuestionNotices.AddAsync(notices, q, "Willen Park", QuestionStatus.Accepted, move,
                await QuestionNotices.VoicesAsync(db, q, default), null, null, null, null, default));
            await db.SaveChangesAsync();
        }
        AssertToldOnce(await RowsAsync("question-accepted", question), Gp, Nurse);
    }

    [Fact]
    public async Task ADeclineCarriesTheReasonAndADuplicateLinksToTheOriginal()
    {
        var declined = await ProposedAsync(Gp, "itch at 2 weeks");
        await VoteAsync(Nurse, declined);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(Lead, declined, new { to = "declined", reason = "NICE CKS answers it already." })).StatusCode);
        var rows = await RowsAsync("question-declined", declined);
        AssertToldOnce(rows, Gp, Nurse);
        Assert.All(rows, r => Assert.Contains("NICE CKS answers it already.", r.TextBody));
        Assert.All(rows, r => Assert.Contains("NICE CKS answers it already.", r.HtmlBody));

        var original = await ProposedAsync(Nurse, "nail involvement");
        var duplicate = await ProposedAsync(Gp, "nail involvement severity");
        await VoteAsync(Nurse, duplicate);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(Lead, duplicate, new { to = "duplicate", duplicateOfId = original })).StatusCode);
        rows = await RowsAsync("question-duplicate", duplicate);
        AssertToldOnce(rows, Gp, Nurse);
        Assert.All(rows, r => Assert.Contains($"/questions/{original}", r.TextBody));
        Assert.All(rows, r => Assert.StartsWith("Already asked: ", r.Subject));
    }

    [Fact]
    public async Task ReturningTellsTheAuthorTheCommentAndPublishingTellsTheAuthorAndTheQuestionsPeople()
    {
        var question = await QuestionAsync();
        await using (var db = Db())
        {
            db.QuestionVotes.Add(new QuestionVote { QuestionId = question, UserId = await UserIdAsync(Gp), CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var id = await CompleteDraftAsync(question);
        var author = await As(Author);
        var checker = await As(Checker);
        Assert.Equal(HttpStatusCode.OK, (await author.PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await checker.PostAsJsonAsync($"/api/appraisals/{id}/return", new { comment = "Give the NNT with its CI." })).StatusCode);

        var returned = Assert.Single(await RowsAsync("appraisal-returned", id));
        Assert.Equal(Author, returned.ToAddress);
        Assert.Contains("Give the NNT with its CI.", returned.TextBody);
        Assert.Contains(EmailLayout.Marker, returned.HtmlBody);

        Assert.Equal(HttpStatusCode.OK, (await author.PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await checker.PostAsync($"/api/appraisals/{id}/publish", null)).StatusCode);
        Assert.Equal(Author, Assert.Single(await RowsAsync("appraisal-published", id)).ToAddress);

        await using (var db = Db())
        {
            var proposer = await db.Questions.Where(q => q.Id == question).Select(q => q.Proposer.Email).SingleAsync();
            var rows = await RowsAsync("question-appraised", question);
            AssertToldOnce(rows, [.. new[] { proposer!, Gp }.Distinct()]);
            Assert.All(rows, r => Assert.Contains($"/appraisals/{id}", r.TextBody));
        }
    }

    [Fact]
    public async Task PuttingAQuestionOnAnAgendaAndAnsweringItTellTheProposerAndAVoterOnce()
    {
        var question = await ProposedAsync(Gp, "flares over a year");
        await VoteAsync(Nurse, question);
        await using (var db = Db())
            await db.Questions.Where(q => q.Id == question).ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, QuestionStatus.Appraised));
        var lead = await As(Lead);
        var created = await lead.PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/meetings",
            new { startsAt = DateTimeOffset.UtcNow.AddDays(20), durationMinutes = 60, location = "Willen Park library" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var meeting = (await JsonAsync(created)).GetProperty("id").GetGuid();

        for (var i = 0; i < 2; i++) // setting the same agenda again tells nobody twice
            Assert.Equal(HttpStatusCode.OK, (await lead.PutAsJsonAsync($"/api/meetings/{meeting}/agenda", new { questionIds = new[] { question } })).StatusCode);
        var rows = await RowsAsync("question-scheduled", question);
        AssertToldOnce(rows, Gp, Nurse);
        Assert.All(rows, r => Assert.StartsWith("On the agenda ", r.Subject));
        Assert.All(rows, r => Assert.Contains($"/meetings/{meeting}", r.TextBody));

        await using (var db = Db())
            await db.Questions.Where(q => q.Id == question).ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, QuestionStatus.Discussed));
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(Lead, question, new { to = "answered", bottomLine = "Use it for flares; not daily." })).StatusCode);
        rows = await RowsAsync("question-answered", question);
        AssertToldOnce(rows, Gp, Nurse);
        Assert.All(rows, r => Assert.Contains("Use it for flares; not daily.", r.TextBody));
    }

    [Fact]
    public async Task AVoterWhoTakesNewsInTheDigestGetsNoEmailButFindsItInTheDigest()
    {
        var nurse = await UserIdAsync(Nurse);
        await SetUpdatesAsync(nurse, EmailDelivery.InDigest);
        try
        {
            await VoterFindsTheNewsInTheDigestAsync(nurse);
        }
        finally
        {
            // The class shares one database: the other tests expect the nurse told at once.
            await SetUpdatesAsync(nurse, EmailDelivery.Immediately);
        }
    }

    private async Task SetUpdatesAsync(Guid userId, EmailDelivery delivery)
    {
        await using var db = Db();
        var preferences = await db.Preferences.ForAsync(userId);
        preferences.Updates = delivery;
        await db.SaveChangesAsync();
    }

    private async Task VoterFindsTheNewsInTheDigestAsync(Guid nurse)
    {
        var question = await ProposedAsync(Gp, "sleep at 4 weeks");
        await VoteAsync(Nurse, question);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(Lead, question, new { to = "accepted" })).StatusCode);

        AssertToldOnce(await RowsAsync("question-accepted", question), Gp);

        await using var scope = Api.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var preferences = await services.GetRequiredService<ImpacteDbContext>().Preferences.AsNoTracking().SingleAsync(p => p.UserId == nurse);
        var now = DateTimeOffset.UtcNow;
        var period = new DigestPeriod(nurse, now.AddDays(-1), now.AddMinutes(1), DateOnly.FromDateTime(now.UtcDateTime), DigestFrequency.Weekly);
        var digest = Assert.Single(await services.GetRequiredService<DigestBuilder>()
            .BuildAsync([new DigestRecipient(nurse, Nurse, "Nurse", preferences, period)], now.AddMinutes(1)));
        var news = Assert.Single(digest.Sections, s => s.Kind == DigestSectionKind.YourNews);
        Assert.Contains(news.Items, i => i.Url.EndsWith($"/questions/{question}") && i.Detail!.StartsWith("Accepted"));
    }

    /// <summary>The author's complete draft for a question, ready to submit.</summary>
}
