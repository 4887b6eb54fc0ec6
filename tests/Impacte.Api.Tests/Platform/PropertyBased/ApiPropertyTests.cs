using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;
using Impacte.Domain.Operations;
using Impacte.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Platform.PropertyBased;

/// <summary>
/// Property-based tests driven by the Api's own /openapi/v1.json: every operation is sent requests generated from its
/// schemas (valid and subtly invalid), as a member (gp@, Milton Keynes) and as an admin, with real ids of that club part
/// of the time. Whatever is sent: never a 5xx, never HTML or a redirect, a status the document declares for the
/// operation, ProblemDetails for errors, and a 2xx JSON body of the declared shape. A failure is shrunk by CsCheck to a
/// small failing request, printed with its seed; replay it with
/// <c>CsCheck_Seed=… IMPACTE_PROPTEST_OPERATION=OperationId/caller dotnet test … --filter ApiPropertyTests</c>.
/// </summary>
/// <remarks>
/// Nothing is skipped. What could end the callers' own sessions gets throwaway people instead: the only real ids given to
/// <c>{userId}</c> (admin roles, deactivate, erase, export, digest preview, removing a member) are three throwaway members
/// made here, so neither gp@ nor admin@ is ever demoted, deactivated, erased or removed. POST /api/auth/logout is sent
/// with the callers' tokens: it revokes their refresh tokens only, and these tests use access tokens alone.
/// It runs in parallel with other classes: its own database, and TelemetryTests already run alone after them.
/// </remarks>
public sealed partial class ApiPropertyTests(ApiFactory api) : ApiTestBase(api)
{
    /// <summary>
    /// Each request's seed, from the operation, the caller and its number: every run sends the same requests, so the
    /// suite never fails on one run and passes on the next (new ground is covered by adding operations or iterations).
    /// </summary>
    private static string SeedFor(string name, int i)
    {
        var hash = 14695981039346656037UL; // FNV-1a: stable across processes, unlike string.GetHashCode
        foreach (var c in name) hash = (hash ^ c) * 1099511628211UL;
        return new PCG((uint)i, hash).ToString();
    }

    /// <summary>Requests per operation and caller while within <see cref="Budget"/>; one each after it, so every
    /// operation is still sent something and the class stays within 90 s on a busy 2-core machine.</summary>
    private const int Iterations = 5;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(50);

    /// <summary>After a failure, how long CsCheck searches on from it for a smaller failing request.</summary>
    private const int ShrinkSeconds = 3;

    [Fact]
    public async Task EveryOperationAnswersAsItsDocumentDeclaresWhateverItIsSent()
    {
        var client = Client();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var requests = new OpenApiRequests(document.RootElement, await RealIdsAsync());
        var shape = new OpenApiShape(document.RootElement);
        var tokens = new Dictionary<string, string>
        {
            ["member"] = await TokenAsync("gp@example.org"),
            ["admin"] = await TokenAsync("admin@example.org"),
        };
        var only = Environment.GetEnvironmentVariable("IMPACTE_PROPTEST_OPERATION") is { Length: > 0 } o ? o : null;
        var replay = Environment.GetEnvironmentVariable("CsCheck_Seed") is { Length: > 0 } s ? s : null;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        foreach (var operation in OpenApiRequests.Operations(document.RootElement))
            foreach (var (caller, token) in tokens)
            {
                var name = $"{operation.Id}/{caller}";
                if (only is not null && name != only) continue;
                var gen = requests.For(operation, caller);
                Task Check(Call call)
                {
                    Interlocked.Increment(ref sent);
                    return CheckAsync(client, operation, call, token, shape);
                }
                try
                {
                    if (replay is not null)
                        await gen.SampleAsync(Check, seed: replay, iter: 1, threads: 1, print: c => c.ToString());
                    else
                        for (var i = 0; i < (only is null && clock.Elapsed >= Budget ? 1 : Iterations); i++)
                            await gen.SampleAsync(Check, seed: SeedFor(name, i), iter: 1, threads: 1, print: c => c.ToString());
                }
                catch (Exception first)
                {
                    // Search on from the failing case: CsCheck keeps the smallest failing request it meets.
                    var failure = first;
                    if (only is null && clock.Elapsed < Budget * 1.5)
                        try
                        {
                            await gen.SampleAsync(Check, seed: SeedIn(first), time: ShrinkSeconds, threads: 1, print: c => c.ToString());
                        }
                        catch (Exception smaller)
                        {
                            failure = smaller;
                        }
                    failures.Add($"{operation} as {caller}; replay with CsCheck_Seed={SeedIn(failure)} IMPACTE_PROPTEST_OPERATION={name}\n"
                        + $"{failure.Message}\n{failure.InnerException?.Message}");
                }
            }
        TestContext.Current.SendDiagnosticMessage($"{sent} requests in {clock.Elapsed.TotalSeconds:0}s");
        Assert.True(failures.Count == 0, $"{failures.Count} operation(s) broke a property:\n\n" + string.Join("\n\n", failures));
    }

    /// <summary>Sends one generated request and checks every property of its answer (throws, for CsCheck, when one fails).</summary>
    private static async Task CheckAsync(HttpClient client, Operation operation, Call call, string token, OpenApiShape shape)
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (call.IfMatch is { } ifMatch)
        {
            var etag = ifMatch == OpenApiRequests.IfMatchFresh ? await CurrentETagAsync(client, call.Url, token) : ifMatch;
            if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        if (call.Body is { } body)
            request.Content = call.ContentType == "multipart/form-data"
                ? new MultipartFormDataContent { { new StringContent(body), "file", "upload.txt" } }
                : new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var answer = $"{status} {mediaType}: {(text.Length > 600 ? text[..600] + "…" : text)}";

        if (status >= 500) throw new PropertyFailed($"A server error: {answer}");
        if (status is >= 300 and < 400) throw new PropertyFailed($"A redirect to {response.Headers.Location}: {answer}");
        if (!operation.Declares(status))
            throw new PropertyFailed($"{status} is not declared for the operation (it declares {string.Join(", ", operation.Responses!.Value.EnumerateObject().Select(r => r.Name))}): {answer}");
        if (text.Length == 0) return;

        var declared = operation.Responses!.Value.TryGetProperty(status.ToString(), out var r) && r.TryGetProperty("content", out var c)
            ? c.EnumerateObject().ToDictionary(m => m.Name, m => m.Value) : [];
        var json = mediaType is "application/json" or "application/problem+json";
        if (mediaType is null || mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
            throw new PropertyFailed($"Neither JSON nor ProblemDetails: {answer}");
        if (status >= 400 && mediaType != "application/problem+json")
            throw new PropertyFailed($"An error that is not ProblemDetails: {answer}");
        if (declared.Count > 0 ? !declared.ContainsKey(mediaType) : !json)
            throw new PropertyFailed($"A {mediaType} body the document does not declare for {status} (it declares {(declared.Count == 0 ? "no body" : string.Join(", ", declared.Keys))}): {answer}");
        if (!json) return;

        JsonElement parsed;
        try
        {
            parsed = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException e)
        {
            throw new PropertyFailed($"Not JSON ({e.Message}): {answer}");
        }
        if (status < 300 && declared.TryGetValue(mediaType, out var content) && content.TryGetProperty("schema", out var schema)
            && shape.Mismatch(parsed, schema) is { } mismatch)
            throw new PropertyFailed($"The body is not the declared shape ({mismatch}): {answer}");
    }

    /// <summary>The resource's current ETag, read as a client would before a conditional write.</summary>
    private static async Task<string?> CurrentETagAsync(HttpClient client, string url, string token)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, url.Split('?')[0]);
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(get);
        return response.Headers.ETag?.ToString();
    }

    private HttpClient Client() => Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<string> TokenAsync(string email)
    {
        var response = await Client().PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiFactory.TokenResponse>())!.AccessToken;
    }

    /// <summary>Ids of Milton Keynes's own things (the member's club), by the name of the path parameter that takes them.</summary>
    private async Task<Dictionary<string, IReadOnlyList<string>>> RealIdsAsync()
    {
        var club = await ClubIdAsync(MiltonKeynes);
        await using var db = Db();
        // Only the constant queries below come here; the club is a parameter.
#pragma warning disable EF1003
        async Task<IReadOnlyList<string>> Ids(string sql) =>
            [.. (await db.Database.SqlQueryRaw<Guid>(sql + " limit 30", club).ToListAsync()).Select(g => g.ToString())];
#pragma warning restore EF1003
        const string Changes = "select id from practice_changes where club_id = {0}";
        const string Measures = "select id from measures where change_id in (" + Changes + ")";
        const string Periods = "select distinct period as \"Value\" from measurements where measure_id in (" + Measures + ") limit 30";
        var ids = new Dictionary<string, IReadOnlyList<string>>
        {
            ["clubId"] = [club.ToString()],
            ["meetingId"] = await Ids("""select id as "Value" from meetings where club_id = {0}"""),
            ["questionId"] = await Ids("""select id as "Value" from questions where club_id = {0}"""),
            ["changeId"] = await Ids("""select id as "Value" from practice_changes where club_id = {0}"""),
            ["pdsaId"] = await Ids($"""select id as "Value" from pdsa_cycles where change_id in ({Changes})"""),
            ["measureId"] = await Ids($"""select id as "Value" from measures where change_id in ({Changes})"""),
            ["auditId"] = await Ids($"""select id as "Value" from measure_audits where measure_id in ({Measures})"""),
            ["invitationId"] = await Ids("""select id as "Value" from invitations where club_id = {0}"""),
            ["appraisalId"] = await Ids("""select id as "Value" from appraisals where question_id in (select id from questions where club_id = {0})"""),
            ["paperId"] = await Ids("""select paper_id as "Value" from question_papers where question_id in (select id from questions where club_id = {0})"""),
            ["entryId"] = await Ids("""select id as "Value" from question_search_entries where question_id in (select id from questions where club_id = {0})"""),
            ["outboxId"] = await Ids("""select id as "Value" from email_outbox where {0} is not null order by id"""),
            ["memberId"] = await Ids("""select user_id as "Value" from memberships where club_id = {0}"""),
            ["userId"] = await ThrowawayMembersAsync(club),
            ["period"] = [.. await db.Database.SqlQueryRaw<string>(Periods, club).ToListAsync()],
            ["name"] = [.. typeof(RecurringJobIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.GetValue(null)).OfType<string>()],
        };
        if (ids["paperId"].Count == 0)
            ids["paperId"] = await Ids("""select id as "Value" from papers where {0} is not null""");
        return ids;
    }

    /// <summary>Three members of the club made for these tests alone: the admin's destructive calls land on them.</summary>
    private async Task<IReadOnlyList<string>> ThrowawayMembersAsync(Guid club)
    {
        using var scope = Api.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        await using var db = Db();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var email = $"proptest-{i}-{Guid.NewGuid():N}@example.org";
            var user = new User { UserName = email, Email = email, EmailConfirmed = true, Name = $"Throwaway {i}", CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, ApiFactory.Password)).Succeeded);
            db.Memberships.Add(new ClubMembership { ClubId = club, UserId = user.Id, JoinedAt = DateTimeOffset.UtcNow, Role = ClubRole.Member });
            ids.Add(user.Id.ToString());
        }
        await db.SaveChangesAsync();
        return ids;
    }

    private static string SeedIn(Exception e) => SeedPattern().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : "(none)";

    [GeneratedRegex("seed: \"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex SeedPattern();

    private sealed class PropertyFailed(string message) : Exception(message);
}
