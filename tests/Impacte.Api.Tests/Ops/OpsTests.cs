using System.Net;
using AngleSharp.Html.Parser;
using Hangfire;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Email;
using Impacte.Domain.Operations;
using Impacte.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Ops;

/// <summary>
/// The operations view and API over one Domain service, and Hangfire's Dashboard at /ops/hangfire. Only reading-packs is
/// registered here, as a Worker would register it (no Worker runs: the Api only enqueues, and the tests look at the queue).
/// </summary>
public sealed class OpsTests(ApiFactory api) : ApiTestBase(api)
{
    private JobStorage Storage => Api.Services.GetRequiredService<JobStorage>();

    private void RegisterReadingPacks() =>
        Api.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<IReadingPackJob>(RecurringJobIds.ReadingPacks, j => j.RunAsync(CancellationToken.None), Cron.Yearly());

    /// <summary>Runs of reading-packs enqueued by a trigger (the recurring job remembers the last).</summary>
    private long Enqueued() => Storage.GetMonitoringApi().EnqueuedCount("default");

    private async Task<OutboxEmail> FailedEmailAsync()
    {
        var row = new Emails(new(), TimeProvider.System).AddedToClub(Guid.NewGuid(), Guid.NewGuid(), $"ops-{Guid.NewGuid():N}@example.org", "X", "Club", "Lead");
        (row.Status, row.LastError) = (OutboxStatus.Failed, "550 5.1.1 User unknown");
        await using var db = Db();
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    [Fact]
    public async Task AnotherApiStoppingInTheSameProcessLeavesHangfireWorkingHere()
    {
        _ = Storage;
        await using (var other = new ApiFactory())
        {
            await other.InitializeAsync();
            _ = other.Services.GetRequiredService<JobStorage>();
        }
        // Hangfire logs through one process-wide provider: one still bound to the stopped Api's logger factory throws here.
        Hangfire.Logging.LogProvider.GetLogger("ops-test").Log(Hangfire.Logging.LogLevel.Info, () => "after another Api stopped");
        var admin = await As("admin@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/ops/jobs/no-such-job/trigger", null)).StatusCode);
    }

    /// <summary>A form post from the ops page, with its antiforgery token, the way its buttons post.</summary>
    private static Task<HttpResponseMessage> PostAsync(PageSession session, string action, string token) =>
        session.Client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

    private async Task<PageSession> SignedInAsync(string email)
    {
        var session = PageSession.For(Api);
        Assert.Equal(HttpStatusCode.OK, (await session.SignInAsync(email)).StatusCode);
        return session;
    }

    [Fact]
    public async Task RetryingAnEmailThatHasNotFailedIsRefusedAlikeByTheApiAndThePage()
    {
        var email = await FailedEmailAsync();
        var session = await SignedInAsync("admin@example.org");

        var (retried, page) = await session.SubmitAsync("/ops?status=failed", new Dictionary<string, string>(), handler: "Retry");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Contains($"Email to {email.ToAddress} will be sent again.", page.QuerySelector("[data-testid=message]")!.TextContent);

        // Pending now: the page says why it will not retry it, as the API does with 409.
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var again = await PostAsync(session, $"/ops?handler=Retry&id={email.Id}", token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var error = new HtmlParser().ParseDocument(await again.Content.ReadAsStringAsync()).QuerySelector(".nhsuk-error-summary");
        Assert.Contains("Only a failed email can be retried.", error!.TextContent);

        var admin = await As("admin@example.org");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/ops/outbox/{email.Id}/retry", null)).StatusCode);
        await using var db = Db();
        var row = await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == email.Id);
        Assert.Equal((OutboxStatus.Pending, email.MessageId), (row.Status, row.MessageId));
    }

    [Fact]
    public async Task RunNowOnThePageAndThroughTheApiEnqueuesOneRunOfTheRecurringJob()
    {
        RegisterReadingPacks();
        var before = Enqueued();
        var session = await SignedInAsync("admin@example.org");

        var ops = await session.GetAsync("/ops");
        var token = ops.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var ran = await PostAsync(session, "/ops?handler=Trigger&name=reading-packs", token);
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        var page = new HtmlParser().ParseDocument(await ran.Content.ReadAsStringAsync());
        Assert.Contains("reading-packs will run now", page.QuerySelector("[data-testid=message]")!.TextContent);
        Assert.Equal(before + 1, Enqueued());
        Assert.NotNull(page.QuerySelector($"a[href='{JobsDashboard()}']"));

        var admin = await As("admin@example.org");
        var accepted = await admin.PostAsync("/api/ops/jobs/reading-packs/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(before + 2, Enqueued());
        var jobs = await JsonAsync(await admin.GetAsync("/api/ops/jobs"));
        var job = Assert.Single(jobs.EnumerateArray());
        Assert.Equal(("reading-packs", "/ops/hangfire/recurring/details/reading-packs"), (job.GetProperty("id").GetString(), job.GetProperty("dashboard").GetString()));

        // A job no Worker registered: the page says so, the API answers 404; neither enqueues anything.
        var missing = await PostAsync(session, "/ops?handler=Trigger&name=meeting-reminders", token);
        Assert.Contains("No Worker has registered meeting-reminders yet", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/ops/jobs/meeting-reminders/trigger", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/ops/jobs/no-such-job/trigger", null)).StatusCode);
        Assert.Equal(before + 2, Enqueued());

        // Not an admin: the API and the page refuse.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("lead@example.org")).PostAsync("/api/ops/jobs/reading-packs/trigger", null)).StatusCode);
        var lead = await SignedInAsync("lead@example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.Client.GetAsync("/ops")).StatusCode);
        Assert.Equal(before + 2, Enqueued());
    }

    private static string JobsDashboard() => "/ops/hangfire";

    [Fact]
    public async Task TheJobsDashboardSendsAnonymousPeopleToSignIn()
    {
        var client = Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/ops/hangfire", "/ops/hangfire/recurring", "/ops/hangfire/stats" })
        {
            var response = path.EndsWith("stats") ? await client.PostAsync(path, null) : await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("http://localhost/account/sign-in", response.Headers.Location!.ToString());
        }
    }

    [Theory]
    [InlineData("gp@example.org")]
    [InlineData("lead@example.org")]
    [InlineData("librarian@example.org")]
    public async Task TheJobsDashboardIsForbiddenToEveryoneButNetworkAdmins(string email)
    {
        var session = await SignedInAsync(email);
        foreach (var path in new[] { "/ops/hangfire", "/ops/hangfire/recurring", "/ops/hangfire/jobs/enqueued" })
        {
            var response = await session.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("IMPACTE jobs", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task AnAdminSeesTheJobsDashboardAndItsActionsNeedTheAntiforgeryToken()
    {
        RegisterReadingPacks();
        var session = await SignedInAsync("admin@example.org");
        var home = await session.Client.GetAsync("/ops/hangfire");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("IMPACTE jobs", await home.Content.ReadAsStringAsync());

        var recurring = await session.GetAsync("/ops/hangfire/recurring");
        Assert.Contains("reading-packs", recurring.Body!.TextContent);
        var header = recurring.QuerySelector("meta[name=csrf-header]")!.GetAttribute("content")!;
        var token = recurring.QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!;
        HttpContent Trigger() => new FormUrlEncodedContent([new("jobs[]", RecurringJobIds.ReadingPacks)]);
        var before = Enqueued();

        var forged = await session.Client.PostAsync("/ops/hangfire/recurring/trigger", Trigger());
        Assert.True(forged.StatusCode == HttpStatusCode.Forbidden, $"{forged.StatusCode}: {await forged.Content.ReadAsStringAsync()}");
        Assert.Equal(before, Enqueued());

        var request = new HttpRequestMessage(HttpMethod.Post, "/ops/hangfire/recurring/trigger") { Content = Trigger() };
        request.Headers.Add(header, token);
        var triggered = await session.Client.SendAsync(request);
        Assert.True(triggered.IsSuccessStatusCode, $"got {triggered.StatusCode}");
        Assert.Equal(before + 1, Enqueued());
    }
}
