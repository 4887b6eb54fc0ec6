using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Impacte.Bench;
using Npgsql;

namespace Impacte.Bench.Capacity;

/// <summary>
/// Times the main reads through the real Api: one Api process on the national-scale database and one on the demo-sized
/// baseline, started side by side, each read sent to both in turn (baseline, then capacity), so a busy machine slows
/// both alike and the ratio survives it. Signed in as a GP (bearer token, and a cookie for the home page), a
/// librarian and an admin of the demo network, which both databases hold.
/// </summary>
public static partial class Measure
{
    public sealed record Read(string Role, string Name, Func<Target, string> Path, bool Post = false);

    /// <summary>One Api and the ids of its database the reads ask for.</summary>
    public sealed class Target(string database, int port)
    {
        public string Database { get; } = database;
        public int Port { get; } = port;
        public Process? Process { get; set; }
        public Dictionary<string, HttpClient> Clients { get; } = [];
        public Guid GpClub, Question, Meeting, Change, Measure, Member;
    }

    public static readonly Read[] Reads =
    [
        new("gp", "home page /", _ => "/"),
        new("gp", "GET /api/me/home", _ => "/api/me/home"),
        new("gp", "questions, page 1", _ => "/api/questions?pageSize=20"),
        new("gp", "questions, page 200 (deep)", _ => "/api/questions?pageSize=20&page=200"),
        new("gp", "questions, search", _ => "/api/questions?search=statins&pageSize=20"),
        new("gp", "questions, search page 20", _ => "/api/questions?search=adults&pageSize=20&page=20"),
        // The forgiving search, as the questions page searches (q=): the same broad word.
        new("gp", "questions, forgiving search p20", _ => "/api/questions?q=adults&pageSize=20&page=20"),
        // Two common words as a phrase: the index finds every question with both, and each is read to check they are adjacent.
        new("gp", "questions, phrase search", _ => "/api/questions?q=blood+pressure&pageSize=20"),
        new("gp", "a question", t => $"/api/questions/{t.Question}"),
        new("gp", "library (learning)", _ => "/api/library?pageSize=20"),
        new("gp", "appraisals (CATs)", _ => "/api/appraisals?pageSize=20"),
        new("gp", "club's meetings", t => $"/api/clubs/{t.GpClub}/meetings"),
        new("gp", "a meeting", t => $"/api/meetings/{t.Meeting}"),
        new("gp", "club's changes", t => $"/api/clubs/{t.GpClub}/changes?pageSize=20"),
        new("gp", "changes list", _ => "/api/changes?pageSize=20"),
        new("gp", "network changes", _ => "/api/network/changes?pageSize=20"),
        new("gp", "a change", t => $"/api/changes/{t.Change}"),
        new("gp", "a change's measures", t => $"/api/changes/{t.Change}/measures"),
        new("gp", "a measure's chart data", t => $"/api/measures/{t.Measure}/chart"),
        new("gp", "a measure's points", t => $"/api/measures/{t.Measure}/points"),
        new("librarian", "GET /api/me/home", _ => "/api/me/home"),
        new("librarian", "questions, page 1", _ => "/api/questions?pageSize=20"),
        new("librarian", "questions, search", _ => "/api/questions?search=apixaban&pageSize=20"),
        new("librarian", "librarian queue", _ => "/api/librarian/queue"),
        new("admin", "GET /api/me/home", _ => "/api/me/home"),
        new("admin", "people, page 1", _ => "/api/admin/people?pageSize=20"),
        new("admin", "people, search", _ => "/api/admin/people?search=smith&pageSize=20"),
        new("admin", "people, page 100 (deep)", _ => "/api/admin/people?pageSize=20&page=100"),
        new("admin", "audit, page 1", _ => "/api/admin/audit?pageSize=20"),
        new("admin", "audit, one person", t => $"/api/admin/audit?personId={t.Member}&pageSize=20"),
        new("admin", "digest of one member", t => $"/api/ops/digests/preview/{t.Member}", Post: true),
    ];

    public static readonly Dictionary<string, string> Accounts = new()
    {
        ["gp"] = "gp@example.org", ["librarian"] = "librarian@example.org", ["admin"] = "admin@example.org",
    };

    public static async Task<int> RunAsync(string server, string repo, string baselineDb, string capacityDb, int runs, int warmup, string? only)
    {
        var targets = new[] { new Target(baselineDb, 5291), new Target(capacityDb, 5292) };
        try
        {
            foreach (var t in targets) t.Process = StartApi(server, repo, t);
            foreach (var t in targets)
            {
                await WaitForApiAsync(t);
                await LoadIdsAsync(server, t);
                foreach (var (role, email) in Accounts) t.Clients[role] = await SignInAsync(t, email);
            }
            var reads = Reads.Where(r => only is null || $"{r.Role} {r.Name}".Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
            Console.WriteLine($"{"role",-10} {"read",-30} {"base p50",9} {"p95",7} | {"capacity p50",12} {"p95",7} {"p99",7} | p95 x base   load");
            var slowest = (Name: "", P95: 0.0);
            // Access tokens last 5 minutes and a whole run takes longer: every 4 minutes, between reads, all sign in
            // again (not before every read: the sign-in rate limit would refuse that).
            var signedIn = System.Diagnostics.Stopwatch.StartNew();
            foreach (var read in reads)
            {
                if (signedIn.Elapsed > TimeSpan.FromMinutes(4))
                {
                    foreach (var t in targets)
                        foreach (var (role, email) in Accounts) t.Clients[role] = await SignInAsync(t, email);
                    signedIn.Restart();
                }
                var times = new[] { new List<double>(), new List<double>() };
                for (var i = 0; i < warmup + runs; i++)
                    for (var k = 0; k < targets.Length; k++)
                    {
                        var elapsed = await SendAsync(targets[k], read);
                        if (i >= warmup) times[k].Add(elapsed);
                    }
                var (b, c) = (times[0], times[1]);
                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                Console.WriteLine($"{read.Role,-10} {read.Name,-30} {P(b, 50),9:F1} {P(b, 95),7:F1} | {P(c, 50),12:F1} {P(c, 95),7:F1} {P(c, 99),7:F1} | {P(c, 95) / P(b, 95),6:F1}x  {load,6}");
                if (P(c, 95) > slowest.P95) slowest = ($"{read.Role} {read.Name}", P(c, 95));
            }
            Console.WriteLine($"slowest at capacity: {slowest.Name}, p95 {slowest.P95:F1} ms ({runs} requests each after {warmup} warm-up, ms)");
            return 0;
        }
        finally
        {
            foreach (var t in targets) t.Process?.Kill(entireProcessTree: true);
        }
    }

    private static async Task<double> SendAsync(Target t, Read read)
    {
        var client = t.Clients[read.Role];
        var path = read.Path(t);
        var watch = Stopwatch.StartNew();
        using var response = read.Post ? await client.PostAsync(path, null) : await client.GetAsync(path);
        await response.Content.LoadIntoBufferAsync();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{t.Database}: {read.Role} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return elapsed;
    }

    /// <summary>The GP's club and, in it, the meeting, change and measure with the most behind them (the heaviest page).</summary>
    private static async Task LoadIdsAsync(string server, Target t)
    {
        await using var c = new NpgsqlConnection($"{server};Database={t.Database}");
        await c.OpenAsync();
        async Task<Guid> One(string sql) => (Guid)(await new NpgsqlCommand(sql, c).ExecuteScalarAsync()
            ?? throw new InvalidOperationException($"{t.Database}: nothing for {sql}"));
        t.GpClub = await One("SELECT m.club_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'gp@example.org'");
        t.Question = await One($"SELECT q.id FROM questions q WHERE q.club_id = '{t.GpClub}' ORDER BY (SELECT count(*) FROM question_votes v WHERE v.question_id = q.id) DESC, q.id LIMIT 1");
        t.Meeting = await One($"SELECT m.id FROM meetings m WHERE m.club_id = '{t.GpClub}' ORDER BY (SELECT count(*) FROM meeting_rsvps r WHERE r.meeting_id = m.id) DESC, m.starts_at DESC LIMIT 1");
        t.Change = await One($"SELECT ch.id FROM practice_changes ch WHERE ch.club_id = '{t.GpClub}' ORDER BY (SELECT count(*) FROM measures ms JOIN measurements p ON p.measure_id = ms.id WHERE ms.change_id = ch.id) DESC, ch.id LIMIT 1");
        t.Measure = await One($"SELECT ms.id FROM measures ms WHERE ms.change_id = '{t.Change}' ORDER BY (SELECT count(*) FROM measurements p WHERE p.measure_id = ms.id) DESC LIMIT 1");
        t.Member = await One("SELECT id FROM users WHERE email = 'gp@example.org'");
    }

    private static Process StartApi(string server, string repo, Target t)
    {
        var dll = Path.Combine(repo, "src/Impacte.Api/bin/Release/net10.0/Impacte.Api.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the Api first: dotnet build -c Release src/Impacte.Api", dll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        // Staging: Production's settings but for HTTPS, which the loopback Api does not need.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{t.Port}";
        start.Environment["Https__Required"] = "false";
        start.Environment["RateLimiting__PreviewPermitsPerUserPerMinute"] = "1000000";
        start.Environment["ConnectionStrings__Impacte"] = $"{server};Database={t.Database};Maximum Pool Size=20";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DataProtection__CertificatePath"] = BenchKeyRing.Certificate(repo);
        start.Environment["DataProtection__CertificatePassword"] = BenchKeyRing.Password;
        // SQL_LOG=<file>: every statement the Api runs, with its time, to find where a slow read spends it.
        var sqlLog = Environment.GetEnvironmentVariable("SQL_LOG") is { Length: > 0 } f ? TextWriter.Synchronized(new StreamWriter($"{f}.{t.Port}", append: true) { AutoFlush = true }) : null;
        if (sqlLog is not null) start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) sqlLog?.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"api {t.Port}: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForApiAsync(Target t)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{t.Port}") };
        for (var i = 0; i < 900; i++) // up to three minutes: a busy machine starts the Api slowly
        {
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The Api on {t.Database} did not start.");
    }

    /// <summary>A client carrying both a bearer token (for /api) and the sign-in cookie (for pages).</summary>
    private static async Task<HttpClient> SignInAsync(Target t, string email)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{t.Port}") };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Seeding() });
        if (!login.IsSuccessStatusCode) throw new InvalidOperationException($"Sign-in {email}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        var token = (await login.Content.ReadFromJsonAsync<Token>())!.AccessToken;

        var form = await http.GetStringAsync("/account/sign-in");
        var antiforgery = AntiforgeryToken().Match(form).Groups[1].Value;
        var page = await http.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = Seeding(), ["__RequestVerificationToken"] = antiforgery,
        }));
        if (page.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Page sign-in {email}: {(int)page.StatusCode}");
        // Bearer for the API; the cookie the page sign-in set stays in the container for "/".
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static string Seeding() => Environment.GetEnvironmentVariable("IMPACTE_DEMO_PASSWORD") is { Length: > 0 } p ? p : "Impacte-demo-2026!";

    public static double P(List<double> times, int percentile)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private sealed record Token(string AccessToken);
}
