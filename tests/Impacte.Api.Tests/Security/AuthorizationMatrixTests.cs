using System.Net;
using System.Net.Http.Json;
using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Security;

/// <summary>
/// Walks every endpoint the Api maps. Each must be guarded (or on the short list of public ones), and each API
/// endpoint is called by every kind of person, in their own club and in another, expecting the rule's answer.
/// A new endpoint that nobody added to <see cref="Rules"/> fails here.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory api) : ApiTestBase(api)
{
    private enum Rule
    {
        Public, SignedIn, Admin, Librarian, ClubView, ClubMembers, ClubManage,
        /// <summary>Whoever may see the question ({questionId}: a proposed Milton Keynes question): its club, librarians, admins.</summary>
        QuestionView,
        /// <summary>Its proposer, the club's lead, admins (the matrix's question was proposed by someone else).</summary>
        QuestionEdit,
        /// <summary>Members of the question's club only: not librarians, nor admins, who are in no club.</summary>
        QuestionMembers,
        /// <summary>Its proposer only (nobody in the matrix): whoever may see the question hears 403, others 404.</summary>
        QuestionProposer,
        /// <summary>Network admins only; everyone else is told it does not exist (404).</summary>
        AdminHidden,
        /// <summary>Whoever may see the change ({changeId}: an agreed Milton Keynes change): its club, admins.</summary>
        ChangeView,
        /// <summary>Its owner, the club's lead, admins (the matrix's change is owned by someone else).</summary>
        ChangeEdit,
        /// <summary>Only those recorded as attending the meeting (nobody, for the matrix's meeting): its club and admins hear 403, others 404.</summary>
        MeetingAttendee,
    }

    /// <summary>Every API endpoint, by method and route pattern, with the rule that guards it.</summary>
    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["POST api/auth/login"] = Rule.Public,
        ["POST api/auth/refresh"] = Rule.Public,
        ["POST api/auth/logout"] = Rule.SignedIn,
        ["GET api/me"] = Rule.SignedIn,
        ["GET api/clubs/"] = Rule.SignedIn,
        ["POST api/clubs/"] = Rule.Admin,
        ["GET api/clubs/{clubId:guid}"] = Rule.ClubView,
        ["PATCH api/clubs/{clubId:guid}"] = Rule.ClubManage,
        ["GET api/clubs/{clubId:guid}/members/"] = Rule.ClubMembers,
        ["POST api/clubs/{clubId:guid}/members/"] = Rule.ClubManage,
        ["DELETE api/clubs/{clubId:guid}/members/{userId:guid}"] = Rule.ClubManage,
        ["POST api/clubs/{clubId:guid}/members/import"] = Rule.ClubManage,
        ["GET api/clubs/{clubId:guid}/invitations/"] = Rule.ClubManage,
        ["DELETE api/clubs/{clubId:guid}/invitations/{invitationId:guid}"] = Rule.ClubManage,
        ["POST api/clubs/{clubId:guid}/invitations/{invitationId:guid}/resend"] = Rule.ClubManage,
        ["GET api/papers/"] = Rule.SignedIn,
        ["POST api/papers/"] = Rule.Librarian,
        ["GET api/papers/{id:guid}"] = Rule.SignedIn,
        ["POST api/papers/import"] = Rule.Librarian,
        ["GET api/appraisals/"] = Rule.SignedIn,
        ["POST api/appraisals/"] = Rule.Librarian,
        ["GET api/appraisals/{id:guid}"] = Rule.SignedIn,
        ["PATCH api/appraisals/{id:guid}"] = Rule.Librarian,
        ["POST api/appraisals/{id:guid}/submit"] = Rule.Librarian,
        ["POST api/appraisals/{id:guid}/publish"] = Rule.Librarian,
        ["POST api/appraisals/{id:guid}/return"] = Rule.Librarian,
        ["PUT api/appraisals/{id:guid}/review-by"] = Rule.Librarian,
        ["PUT api/appraisals/{id:guid}/document"] = Rule.Librarian,
        ["GET api/appraisals/{id:guid}/document"] = Rule.SignedIn,
        ["GET api/checklists"] = Rule.SignedIn,
        ["POST api/questions/{questionId:guid}/papers"] = Rule.Librarian,
        ["DELETE api/questions/{questionId:guid}/papers/{paperId:guid}"] = Rule.Librarian,
        ["PUT api/questions/{questionId:guid}/search"] = Rule.Librarian,
        ["GET api/librarian/queue"] = Rule.Librarian,
        ["GET api/questions/{questionId:guid}/search/entries"] = Rule.Librarian,
        ["POST api/questions/{questionId:guid}/search/entries"] = Rule.Librarian,
        ["DELETE api/questions/{questionId:guid}/search/entries/{entryId:guid}"] = Rule.Librarian,
        ["POST api/questions/{questionId:guid}/release"] = Rule.Librarian,
        ["POST api/questions/{questionId:guid}/handover"] = Rule.Librarian,
        ["GET api/questions/{questionId:guid}/screening/"] = Rule.Librarian,
        ["POST api/questions/{questionId:guid}/screening/{paperId:guid}"] = Rule.Librarian,
        ["GET api/clubs/{clubId:guid}/cadence"] = Rule.ClubView,
        ["PUT api/clubs/{clubId:guid}/cadence"] = Rule.ClubManage,
        ["GET api/clubs/{clubId:guid}/meetings"] = Rule.ClubView,
        ["POST api/clubs/{clubId:guid}/meetings"] = Rule.ClubManage,
        ["GET api/meetings/{meetingId:guid}/"] = Rule.ClubView,
        ["PATCH api/meetings/{meetingId:guid}/"] = Rule.ClubManage,
        ["POST api/meetings/{meetingId:guid}/cancel"] = Rule.ClubManage,
        ["PUT api/meetings/{meetingId:guid}/agenda"] = Rule.ClubManage,
        ["PUT api/meetings/{meetingId:guid}/rsvp"] = Rule.ClubMembers,
        ["PUT api/meetings/{meetingId:guid}/attendance"] = Rule.ClubManage,
        ["PUT api/meetings/{meetingId:guid}/minutes"] = Rule.ClubManage,
        ["GET api/meetings/{meetingId:guid}/calendar.ics"] = Rule.ClubView,
        ["GET api/ops/jobs"] = Rule.Admin,
        ["POST api/ops/jobs/{name}/trigger"] = Rule.Admin,
        ["GET api/ops/outbox"] = Rule.Admin,
        ["POST api/ops/outbox/{id:guid}/retry"] = Rule.Admin,
        ["POST api/ops/digests/preview/{userId:guid}"] = Rule.Admin,
        ["POST api/questions/"] = Rule.SignedIn,
        ["GET api/questions/"] = Rule.SignedIn,
        ["GET api/questions/similar"] = Rule.SignedIn,
        ["GET api/questions/{questionId:guid}"] = Rule.QuestionView,
        ["PATCH api/questions/{questionId:guid}"] = Rule.QuestionEdit,
        ["POST api/questions/{questionId:guid}/transitions"] = Rule.QuestionView,
        ["PUT api/questions/{questionId:guid}/vote"] = Rule.QuestionMembers,
        ["DELETE api/questions/{questionId:guid}/vote"] = Rule.QuestionView,
        ["POST api/questions/{questionId:guid}/askers"] = Rule.QuestionView,
        ["POST api/questions/{questionId:guid}/withdraw"] = Rule.QuestionProposer,
        ["GET api/questions/{questionId:guid}/duplicate-candidates"] = Rule.QuestionEdit,
        ["GET api/me/home/"] = Rule.SignedIn,
        ["GET api/admin/people/"] = Rule.AdminHidden,
        ["GET api/admin/people/{userId:guid}"] = Rule.AdminHidden,
        ["PUT api/admin/people/{userId:guid}/roles"] = Rule.AdminHidden,
        ["POST api/admin/people/{userId:guid}/deactivate"] = Rule.AdminHidden,
        ["POST api/admin/people/{userId:guid}/reactivate"] = Rule.AdminHidden,
        ["GET api/me/export"] = Rule.SignedIn,
        ["POST api/admin/people/{userId:guid}/export"] = Rule.AdminHidden,
        ["POST api/admin/people/{userId:guid}/erase"] = Rule.AdminHidden,
        ["GET api/admin/audit"] = Rule.AdminHidden,
        ["GET api/admin/audit.csv"] = Rule.AdminHidden,
        ["POST api/clubs/{clubId:guid}/changes/"] = Rule.ClubManage,
        ["GET api/clubs/{clubId:guid}/changes/"] = Rule.ClubView,
        ["GET api/changes/"] = Rule.SignedIn,
        ["GET api/changes/{changeId:guid}"] = Rule.ChangeView,
        ["PATCH api/changes/{changeId:guid}"] = Rule.ChangeEdit,
        ["POST api/changes/{changeId:guid}/transitions"] = Rule.ChangeEdit,
        ["GET api/changes/{changeId:guid}/history"] = Rule.ChangeView,
        ["GET api/clubs/{clubId:guid}/impact.csv"] = Rule.ClubMembers,
        ["GET api/impact.csv"] = Rule.SignedIn,
        ["GET api/changes/{changeId:guid}/report"] = Rule.ChangeView,
        ["POST api/changes/{changeId:guid}/pdsa/"] = Rule.ChangeEdit,
        ["GET api/changes/{changeId:guid}/pdsa/"] = Rule.ChangeView,
        // {pdsaId}: a cycle on the matrix's change, so the change's rules answer.
        ["PATCH api/pdsa/{pdsaId:guid}"] = Rule.ChangeEdit,
        ["POST api/changes/{changeId:guid}/measures/"] = Rule.ChangeEdit,
        ["GET api/changes/{changeId:guid}/measures/"] = Rule.ChangeView,
        ["GET api/measures/{measureId:guid}/"] = Rule.ChangeView,
        ["GET api/measures/{measureId:guid}/points"] = Rule.ChangeView,
        ["GET api/measures/{measureId:guid}/points/{period}"] = Rule.ChangeView,
        ["PUT api/measures/{measureId:guid}/points/{period}"] = Rule.ChangeEdit,
        ["GET api/measures/{measureId:guid}/chart"] = Rule.ChangeView,
        ["GET api/measures/{measureId:guid}/chart.svg"] = Rule.ChangeView,
        ["GET api/measures/{measureId:guid}/chart.png"] = Rule.ChangeView,
        ["POST api/measures/{measureId:guid}/rebaselines"] = Rule.ChangeEdit,
        ["GET api/measures/{measureId:guid}/audits"] = Rule.ChangeView,
        // Setting audit dates is the lead's; the matrix's member owns nothing, so the answers match ChangeEdit.
        ["POST api/measures/{measureId:guid}/audits"] = Rule.ChangeEdit,
        ["PATCH api/audits/{auditId:guid}/"] = Rule.ChangeEdit,
        ["POST api/audits/{auditId:guid}/result"] = Rule.ChangeEdit,
        ["GET api/me/cpd"] = Rule.SignedIn,
        ["GET api/me/cpd.csv"] = Rule.SignedIn,
        ["GET api/meetings/{meetingId:guid}/reflection"] = Rule.MeetingAttendee,
        ["PUT api/meetings/{meetingId:guid}/reflection"] = Rule.MeetingAttendee,
        ["GET api/me/preferences/"] = Rule.SignedIn,
        ["PUT api/me/preferences/"] = Rule.SignedIn,
        ["DELETE api/clubs/{clubId:guid}/members/{userId:guid}/undeliverable"] = Rule.ClubManage,
        // The network's shared view and library: for every signed-in member ({id}: an unknown person is 404, not a guard).
        ["GET api/network/changes"] = Rule.SignedIn,
        ["GET api/network/people/{id:guid}"] = Rule.SignedIn,
        ["GET api/library"] = Rule.SignedIn,
    };

    /// <summary>Pages and endpoints anyone may open: signing in and its helpers, health, the API description.</summary>
    private static readonly HashSet<string> PublicRoutes =
    [
        "account/sign-in", "account/sign-out", "account/forgot-password", "account/reset-password",
        "invitations/accept", "meetings/{meetingId:guid}/rsvp", "unsubscribe/{token}", "status/{code:int}", "health/live", "health/ready", "openapi/{documentName}.json",
    ];

    public enum Actor { Anonymous, Admin, Librarian, Lead, Member, LeadOfAnotherClub, MemberOfAnotherClub }

    private static readonly Dictionary<Actor, string> Emails = new()
    {
        [Actor.Admin] = "admin@example.org",
        [Actor.Librarian] = "librarian@example.org",
        [Actor.Lead] = "lead@example.org",
        [Actor.Member] = "gp@example.org",
        [Actor.LeadOfAnotherClub] = "lead.bedford@example.org",
        [Actor.MemberOfAnotherClub] = "gp.luton@example.org",
    };

    [Fact]
    public void OnlyTheKnownPublicEndpointsAllowAnonymousAccess()
    {
        // Endpoints without [Authorize] fall under the fallback policy (signed in), so the open ones are exactly
        // those marked AllowAnonymous: each must be on the public list.
        var open = Endpoints().Select(Describe)
            .Where(d => d.AllowsAnonymous && !IsStaticAsset(d.Route))
            .Where(d => !PublicRoutes.Contains(d.Route) && !(Rules.TryGetValue(d.Key, out var rule) && rule == Rule.Public))
            .Select(d => d.Key)
            .ToList();
        Assert.Empty(open);
    }

    [Fact]
    public async Task APageThatIsNotPublicSendsStrangersToSignIn()
    {
        var client = Api.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var path in new[] { "/", $"/clubs/{await ClubIdAsync(MiltonKeynes)}", "/clubs/new", "/questions", "/questions/new",
                     $"/questions/{Guid.NewGuid()}", $"/clubs/{await ClubIdAsync(MiltonKeynes)}/questions",
                     "/changes", $"/changes/{await ChangeIdAsync()}", $"/clubs/{await ClubIdAsync(MiltonKeynes)}/changes",
                     "/network", $"/network/people/{Guid.NewGuid()}", "/library" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public void EveryApiEndpointHasARuleInThisMatrix()
    {
        var api = Endpoints().Select(Describe).Where(d => d.Route.StartsWith("api/")).Select(d => d.Key).ToHashSet();
        Assert.Empty(api.Except(Rules.Keys));
        Assert.Empty(Rules.Keys.Except(api));
    }

    [Fact]
    public void EveryClubScopedApiEndpointChecksTheClub()
    {
        var unchecked_ = Endpoints().Where(e => e.RoutePattern.RawText!.Contains("{clubId"))
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api") && e.Metadata.GetMetadata<ClubPermissionMetadata>() is null)
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.Empty(unchecked_);
    }

    [Fact]
    public void EveryNonPublicApiEndpointTakesBearerTokensOnly()
    {
        var cookieable = Endpoints().Select(e => (Endpoint: e, Description: Describe(e)))
            .Where(x => x.Description.Route.StartsWith("api/") && Rules[x.Description.Key] != Rule.Public)
            .Where(x => !x.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is AuthSetup.ApiPolicy or AuthSetup.AdminPolicy))
            .Select(x => x.Description.Key).ToList();
        Assert.Empty(cookieable);
    }

    public static TheoryData<string, Actor> Cases()
    {
        var data = new TheoryData<string, Actor>();
        foreach (var (key, rule) in Rules)
            if (rule != Rule.Public)
                foreach (var actor in Enum.GetValues<Actor>())
                    data.Add(key, actor);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachPersonGetsWhatTheRuleAllows(string key, Actor actor)
    {
        var rule = Rules[key];
        var (method, route) = (key.Split(' ')[0], key.Split(' ')[1]);
        var url = "/" + route.Replace("{clubId:guid}", (await ClubIdAsync(MiltonKeynes)).ToString())
            .Replace("{userId:guid}", Guid.NewGuid().ToString()).Replace("{invitationId:guid}", Guid.NewGuid().ToString())
            .Replace("{meetingId:guid}", (await MeetingIdAsync()).ToString())
            .Replace("{name}", "reading-packs").Replace("{id:guid}", Guid.NewGuid().ToString())
            .Replace("{paperId:guid}", Guid.NewGuid().ToString()).Replace("{entryId:guid}", Guid.NewGuid().ToString())
            .Replace("{questionId:guid}", (await QuestionIdAsync()).ToString())
            .Replace("{changeId:guid}", (await ChangeIdAsync()).ToString())
            .Replace("{pdsaId:guid}", (await PdsaIdAsync()).ToString())
            .Replace("{measureId:guid}", (await MeasureIdAsync()).ToString())
            .Replace("{auditId:guid}", (await AuditIdAsync()).ToString())
            .Replace("{period}", "2025-01");
        var client = actor == Actor.Anonymous ? Api.CreateClient() : await As(Emails[actor]);
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PATCH" or "PUT")
            // Uploads get a form: with JSON no endpoint matches their multipart-only route, and the fallback answers instead.
            request.Content = route.EndsWith("/import") || route.EndsWith("/document")
                ? new MultipartFormDataContent { { new StringContent("email,name\n"), "file", "members.csv" } }
                : JsonContent.Create(new { });

        var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var detail = status == 404 ? (await response.Content.ReadAsStringAsync()) : "";

        var expected = Expected(rule, actor);
        if (expected == 0)
        {
            Assert.True(status is not (401 or 403) && !(status == 404 && (detail.Contains("The club was not found") || detail.Contains("The meeting was not found") || detail.Contains("The question was not found") || detail.Contains("The change was not found")
                    || detail.Contains("The PDSA cycle was not found") || detail.Contains("The measure was not found") || detail.Contains("The audit was not found"))),
                $"{actor} on {key}: expected to pass the guard, got {status}");
        }
        else
        {
            Assert.True(expected == status, $"{actor} on {key}: expected {expected}, got {status}");
        }
    }

    /// <summary>The status the guard answers with, or 0 when the person passes the guard.</summary>
    private static int Expected(Rule rule, Actor actor)
    {
        if (actor == Actor.Anonymous) return 401;
        var outsider = actor is Actor.LeadOfAnotherClub or Actor.MemberOfAnotherClub;
        if (rule == Rule.QuestionMembers) return outsider ? 404 : actor is Actor.Admin or Actor.Librarian ? 403 : 0;
        // A reflection is personal: not even an admin writes or reads one for a meeting they did not attend.
        if (rule == Rule.MeetingAttendee) return outsider || actor == Actor.Librarian ? 404 : 403;
        // Withdrawing is the proposer's alone: not even an admin withdraws someone else's question.
        if (rule == Rule.QuestionProposer) return outsider ? 404 : 403;
        if (rule == Rule.AdminHidden) return actor == Actor.Admin ? 0 : 404;
        if (actor == Actor.Admin) return 0;
        return rule switch
        {
            Rule.QuestionView => outsider ? 404 : 0,
            Rule.QuestionEdit => outsider ? 404 : actor == Actor.Lead ? 0 : 403,
            // Librarians work across clubs but have no business in a club's changes until the network may see them.
            Rule.ChangeView => outsider || actor == Actor.Librarian ? 404 : 0,
            Rule.ChangeEdit => outsider || actor == Actor.Librarian ? 404 : actor == Actor.Lead ? 0 : 403,
            Rule.SignedIn => 0,
            Rule.Admin => 403,
            Rule.Librarian => actor == Actor.Librarian ? 0 : 403,
            Rule.ClubView => outsider ? 404 : 0,
            Rule.ClubMembers => outsider ? 404 : actor == Actor.Librarian ? 403 : 0,
            Rule.ClubManage => outsider ? 404 : actor == Actor.Lead ? 0 : 403,
            _ => 0,
        };
    }

    /// <summary>A meeting of the Milton Keynes club, made once per test class, for the meeting-scoped routes.</summary>
    private async Task<Guid> MeetingIdAsync()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        await using var db = Api.Database.CreateContext();
        if (await db.Meetings.Where(m => m.ClubId == clubId).Select(m => (Guid?)m.Id).FirstOrDefaultAsync() is { } id) return id;
        var start = DateTimeOffset.UtcNow.AddDays(30);
        var meeting = new Impacte.Domain.Meetings.Meeting { ClubId = clubId, StartsAt = start, EndsAt = start.AddHours(1), CreatedAt = DateTimeOffset.UtcNow };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    /// <summary>A proposed Milton Keynes question from the demo seeds, proposed by none of the matrix's people.</summary>
    private async Task<Guid> QuestionIdAsync()
    {
        await using var db = Db();
        var clubId = await ClubIdAsync(MiltonKeynes);
        var proposer = await UserIdAsync("nurse.mk@example.org");
        return db.Questions.Where(q => q.ClubId == clubId && q.ProposerId == proposer && q.Status == Domain.Questions.QuestionStatus.Proposed)
            .OrderBy(q => q.CreatedAt).Select(q => q.Id).First();
    }

    /// <summary>An agreed Milton Keynes change, owned by none of the matrix's people, made once per test class.</summary>
    private async Task<Guid> ChangeIdAsync()
    {
        await using var db = Db();
        var clubId = await ClubIdAsync(MiltonKeynes);
        var ownerId = await UserIdAsync("nurse.mk@example.org");
        var changes = db.Set<Domain.Changes.PracticeChange>();
        if (await changes.Where(c => c.ClubId == clubId && c.OwnerId == ownerId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync() is { } id) return id;
        var now = DateTimeOffset.UtcNow;
        var change = new Domain.Changes.PracticeChange
        {
            ClubId = clubId, OwnerId = ownerId, Title = "Matrix change", Description = "For the matrix",
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(1)), CreatedAt = now, UpdatedAt = now,
        };
        changes.Add(change);
        await db.SaveChangesAsync();
        return change.Id;
    }

    /// <summary>A PDSA cycle on the matrix's change, made once per test class.</summary>
    private async Task<Guid> PdsaIdAsync()
    {
        var changeId = await ChangeIdAsync();
        await using var db = Db();
        var cycles = db.Set<Domain.Changes.PdsaCycle>();
        if (await cycles.Where(c => c.ChangeId == changeId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync() is { } id) return id;
        var now = DateTimeOffset.UtcNow;
        var cycle = new Domain.Changes.PdsaCycle
        {
            ChangeId = changeId, Ordinal = 1, PlanWhat = "Matrix cycle", Prediction = "For the matrix",
            PlannedOn = DateOnly.FromDateTime(DateTime.UtcNow), CreatedAt = now, UpdatedAt = now,
        };
        cycles.Add(cycle);
        await db.SaveChangesAsync();
        return cycle.Id;
    }

    /// <summary>A measure of the matrix's change, made once per test class.</summary>
    private async Task<Guid> MeasureIdAsync()
    {
        var changeId = await ChangeIdAsync();
        await using var db = Db();
        var measures = db.Set<Domain.Measures.Measure>();
        if (await measures.Where(m => m.ChangeId == changeId).Select(m => (Guid?)m.Id).FirstOrDefaultAsync() is { } id) return id;
        var now = DateTimeOffset.UtcNow;
        var measure = new Domain.Measures.Measure
        {
            ChangeId = changeId, Name = "Matrix measure", NumeratorDefinition = "done", DenominatorDefinition = "eligible", CreatedAt = now, UpdatedAt = now,
        };
        measure.Baselines.Add(new Domain.Measures.MeasureBaseline { MeasureId = measure.Id, Points = measure.BaselinePoints, At = now });
        measure.Audits.Add(new Domain.Measures.MeasureAudit { MeasureId = measure.Id, Kind = Domain.Measures.AuditKind.ReAudit, CreatedAt = now });
        measures.Add(measure);
        await db.SaveChangesAsync();
        return measure.Id;
    }

    private async Task<Guid> AuditIdAsync()
    {
        var measureId = await MeasureIdAsync();
        await using var db = Db();
        return await db.Set<Domain.Measures.MeasureAudit>().Where(a => a.MeasureId == measureId).Select(a => a.Id).FirstAsync();
    }

    private sealed record EndpointDescription(string Key, string Route, bool AllowsAnonymous);

    private IEnumerable<RouteEndpoint> Endpoints() =>
        Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static EndpointDescription Describe(RouteEndpoint e)
    {
        var route = e.RoutePattern.RawText!.TrimStart('/');
        var method = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "*";
        return new EndpointDescription($"{method} {route}", route, e.Metadata.GetMetadata<IAllowAnonymous>() is not null);
    }

    private static bool IsStaticAsset(string route) => route.Contains('.') && !route.StartsWith("api/") && !route.StartsWith("openapi/");
}
