using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Bench;
using Impacte.Domain;
using Impacte.Domain.Identity;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

// IMPACTE similar-question and search benchmark (issue 3). Generates a network of 100,000 questions in its own
// database, starts the Api as a process on it, and times the same queries through the API and directly with Npgsql.
//   dotnet build -c Release src/Impacte.Api && dotnet run -c Release --project bench/Impacte.Bench [-- --questions 100000]

var questionCount = ArgValue("--questions", 100_000);
var seconds = ArgValue("--seconds", 8);
var server = Environment.GetEnvironmentVariable("IMPACTE_BENCH_SERVER") ?? "Host=/var/run/postgresql";
// Database and port can be moved so that two benchmarks on one machine do not collide.
var database = Environment.GetEnvironmentVariable("IMPACTE_BENCH_DATABASE") ?? "impacte_bench";
var port = Environment.GetEnvironmentVariable("IMPACTE_BENCH_PORT") ?? "5199";
// No command timeout: generating 100,000 questions (their GIN index and search-words trigger) takes minutes on a busy machine.
var connectionString = $"{server};Database={database};Maximum Pool Size=20;Command Timeout=0";
var repo = FindRepo();

if (!args.Contains("--reuse"))
{
    await RecreateDatabaseAsync();
    await GenerateAsync();
}
var userId = await BenchUserAsync();
var reader = new QuestionReader(userId, SeesAll: false);

using var api = StartApi();
using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
await WaitForApiAsync();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync());

await using var dataSource = NpgsqlDataSource.Create(connectionString);
var random = new Random(7);
var typed = Enumerable.Range(0, 400).Select(_ => Corpus.TypedText(random)).ToArray();
var searches = Enumerable.Range(0, 400).Select(_ => Corpus.SearchText(random)).ToArray();
// The recall set of the forgiving search's tests (50 typo'd and abbreviated queries), read from the test itself so the
// two never drift apart; 8 rounds of it, shuffled, make 400 requests.
var recall = RecallQueries();
var recallInputs = Enumerable.Range(0, 8).SelectMany(_ => recall).OrderBy(_ => random.Next()).ToArray();
var questionIds = await VisibleQuestionIdsAsync(400);

var results = new List<string>();
var baseline = await MeasureApi("baseline: GET /api/questions/{id} (primary-key read)", questionIds,
    async id => (await http.GetAsync($"/api/questions/{id}")).EnsureSuccessStatusCode());
var recallSimilar = await MeasureApi("similar, recall set: GET /api/questions/similar?text=", recallInputs,
    async text => (await http.GetAsync($"/api/questions/similar?text={Uri.EscapeDataString(text)}")).EnsureSuccessStatusCode());
var recallList = await MeasureApi("list, recall set: GET /api/questions?q=&pageSize=20", recallInputs,
    async text => (await http.GetAsync($"/api/questions?q={Uri.EscapeDataString(text)}&pageSize=20")).EnsureSuccessStatusCode());
foreach (var (name, times) in new[] { ("similar (recall set)", recallSimilar), ("list q (recall set)", recallList) })
    results.Add($"{name,-22} / baseline: p50 {P(times, 50) / P(baseline, 50):F1}x  p95 {P(times, 95) / P(baseline, 95):F1}x");
Console.WriteLine(results[^2]); Console.WriteLine(results[^1]);
await Measure("similar", typed,
    async text => (await http.GetAsync($"/api/questions/similar?text={Uri.EscapeDataString(text)}")).EnsureSuccessStatusCode(),
    async text =>
    {
        await using var c = await dataSource.OpenConnectionAsync();
        await QuestionQueries.SimilarAsync(c, text, null, reader);
    });
await Measure("search", searches,
    async text => (await http.GetAsync($"/api/questions?search={Uri.EscapeDataString(text)}&pageSize=20")).EnsureSuccessStatusCode(),
    async text =>
    {
        await using var c = await dataSource.OpenConnectionAsync();
        await QuestionQueries.SearchAsync(c, new QuestionFilter(text), reader, 0, 20);
    });
api.Kill(entireProcessTree: true);
Console.WriteLine();
Console.WriteLine($"{questionCount:N0} questions, {Environment.ProcessorCount} cores, PostgreSQL {await ServerVersionAsync()}");
foreach (var line in results) Console.WriteLine(line);
return 0;

async Task Measure(string name, string[] inputs, Func<string, Task> viaApi, Func<string, Task> raw)
{
    foreach (var text in inputs.Take(50)) { await viaApi(text); await raw(text); } // warm up JIT, pools and caches
    var apiTimes = await Latencies(inputs, viaApi);
    var rawTimes = await Latencies(inputs, raw);
    var apiRate = await Throughput(inputs, viaApi);
    var rawRate = await Throughput(inputs, raw);
    results.Add($"{name,-8} API  p50 {P(apiTimes, 50),6:F1} ms  p95 {P(apiTimes, 95),6:F1} ms  {apiRate,7:F0} req/s (4 clients)");
    results.Add($"{name,-8} SQL  p50 {P(rawTimes, 50),6:F1} ms  p95 {P(rawTimes, 95),6:F1} ms  {rawRate,7:F0} req/s (4 clients)");
    results.Add($"{name,-8} API/SQL throughput {apiRate / rawRate:F2}");
    Console.WriteLine(results[^3]); Console.WriteLine(results[^2]); Console.WriteLine(results[^1]);
}

/// <summary>API latency only: p50/p95 over the inputs one after another, after 50 warm-up calls.</summary>
async Task<List<double>> MeasureApi(string name, string[] inputs, Func<string, Task> viaApi)
{
    foreach (var input in inputs.Take(50)) await viaApi(input);
    var times = await Latencies(inputs, viaApi);
    results.Add($"{name}: p50 {P(times, 50),6:F1} ms  p95 {P(times, 95),6:F1} ms  ({inputs.Length} requests)");
    Console.WriteLine(results[^1]);
    return times;
}

string[] RecallQueries()
{
    var test = File.ReadAllText(Path.Combine(repo, "tests/Impacte.Api.Tests/Questions/ForgivingSearchTests.cs"));
    var queries = System.Text.RegularExpressions.Regex.Matches(test, @"\(""([^""]+)"", ""Q\d\d""\)").Select(m => m.Groups[1].Value).ToArray();
    if (queries.Length != 50) throw new InvalidOperationException($"Expected the 50 recall queries in ForgivingSearchTests, found {queries.Length}.");
    return queries;
}

/// <summary>Questions the bench GP may see (their club's and answered ones), for the primary-key baseline.</summary>
async Task<string[]> VisibleQuestionIdsAsync(int count)
{
    await using var c = new NpgsqlConnection(connectionString);
    await c.OpenAsync();
    await using var command = new NpgsqlCommand("""
        SELECT q.id FROM questions q
        WHERE q.status = 'Answered' OR q.club_id IN (SELECT club_id FROM memberships WHERE user_id = @user)
        ORDER BY md5(q.id::text) LIMIT @count
        """, c);
    command.Parameters.AddWithValue("user", userId);
    command.Parameters.AddWithValue("count", count);
    var ids = new List<string>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0).ToString());
    return [.. ids];
}

static async Task<List<double>> Latencies(string[] inputs, Func<string, Task> call)
{
    var times = new List<double>();
    foreach (var text in inputs)
    {
        var watch = Stopwatch.StartNew();
        await call(text);
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    return times;
}

async Task<double> Throughput(string[] inputs, Func<string, Task> call)
{
    var done = 0;
    var deadline = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
    {
        for (var i = worker; deadline.Elapsed.TotalSeconds < seconds; i++)
        {
            await call(inputs[i % inputs.Length]);
            Interlocked.Increment(ref done);
        }
    }));
    return done / deadline.Elapsed.TotalSeconds;
}

static double P(List<double> times, int percentile)
{
    var sorted = times.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
}

async Task RecreateDatabaseAsync()
{
    await using (var admin = new NpgsqlConnection($"{server};Database=postgres;Pooling=false"))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
    }
    var options = new DbContextOptionsBuilder<ImpacteDbContext>();
    DependencyInjection.Configure(options, connectionString);
    await using var db = new ImpacteDbContext(options.Options);
    await Migrator.MigrateAsync(db);
}

async Task GenerateAsync()
{
    var watch = Stopwatch.StartNew();
    var random = new Random(42);
    var now = DateTimeOffset.UtcNow;
    const int clubs = 150, peoplePerClub = 12;
    var clubIds = Enumerable.Range(0, clubs).Select(_ => Guid.CreateVersion7()).ToArray();
    var people = clubIds.SelectMany(c => Enumerable.Range(0, peoplePerClub).Select(i => (Club: c, Id: Guid.CreateVersion7(), Lead: i == 0))).ToArray();

    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var writer = await connection.BeginBinaryImportAsync("COPY clubs (id, name, ods_code, time_zone, created_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < clubs; i++)
            await writer.WriteRowAsync(default, clubIds[i], $"Practice {i + 1}", $"B{i + 10000:D5}", "Europe/London", now);
        await writer.CompleteAsync();
    }
    await using (var writer = await connection.BeginBinaryImportAsync(
        "COPY users (id, name, created_at, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var (_, id, _) in people) await writer.WriteRowAsync(default, id, "Bench GP", now, true, false, false, false, 0);
        await writer.CompleteAsync();
    }
    await using (var writer = await connection.BeginBinaryImportAsync("COPY memberships (club_id, user_id, role, is_public_representative, joined_at) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var (club, id, lead) in people) await writer.WriteRowAsync(default, club, id, lead ? "Lead" : "Member", false, now);
        await writer.CompleteAsync();
    }

    // Roughly a real network's mix: many proposed, a quarter answered, the rest in between or declined.
    (QuestionStatus Status, double Share)[] mix =
    [
        (QuestionStatus.Proposed, 0.40), (QuestionStatus.Accepted, 0.08), (QuestionStatus.Searching, 0.05),
        (QuestionStatus.Appraised, 0.04), (QuestionStatus.Scheduled, 0.03), (QuestionStatus.Discussed, 0.03),
        (QuestionStatus.Answered, 0.27), (QuestionStatus.Declined, 0.10),
    ];
    await using (var writer = await connection.BeginBinaryImportAsync(
        "COPY questions (id, club_id, proposer_id, population, intervention, comparison, outcome, type, urgency, trigger, title, sentence, status, bottom_line, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var n = 0; n < questionCount; n++)
        {
            var (type, p, i, c, o) = Corpus.Question(random);
            var text = QuestionText.Compose(type, p, i, c, o);
            var proposer = people[random.Next(people.Length)];
            var roll = random.NextDouble();
            var status = mix.First(m => (roll -= m.Share) < 0 || m.Status == QuestionStatus.Declined).Status;
            var created = now.AddMinutes(-random.Next(3 * 365 * 24 * 60));
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await writer.WriteAsync(proposer.Club, NpgsqlDbType.Uuid);
            await writer.WriteAsync(proposer.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(p, NpgsqlDbType.Varchar);
            await writer.WriteAsync(i, NpgsqlDbType.Varchar);
            if (c is null) await writer.WriteNullAsync(); else await writer.WriteAsync(c, NpgsqlDbType.Varchar);
            await writer.WriteAsync(o, NpgsqlDbType.Varchar);
            await writer.WriteAsync(type.ToString(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(random.Pick(Enum.GetValues<Urgency>()).ToString(), NpgsqlDbType.Varchar);
            await writer.WriteAsync("Seen in surgery this week.", NpgsqlDbType.Varchar);
            await writer.WriteAsync(text.Title, NpgsqlDbType.Varchar);
            await writer.WriteAsync(text.Sentence, NpgsqlDbType.Varchar);
            await writer.WriteAsync(status.ToString(), NpgsqlDbType.Varchar);
            if (status == QuestionStatus.Answered) await writer.WriteAsync($"The evidence supports {i} for {o}.", NpgsqlDbType.Varchar);
            else await writer.WriteNullAsync();
            await writer.WriteAsync(created, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(created, NpgsqlDbType.TimestampTz);
        }
        await writer.CompleteAsync();
    }
    await new NpgsqlCommand("VACUUM ANALYZE", connection).ExecuteNonQueryAsync();
    Console.WriteLine($"Generated {questionCount:N0} questions in {clubs} clubs in {watch.Elapsed.TotalSeconds:F0} s.");
}

/// <summary>A GP in the first club, with a password the Api can check: the benchmark signs in as them.</summary>
async Task<Guid> BenchUserAsync()
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    var existing = await new NpgsqlCommand("SELECT id FROM users WHERE normalized_email = 'BENCH@EXAMPLE.ORG'", connection).ExecuteScalarAsync();
    var id = existing as Guid? ?? Guid.CreateVersion7();
    if (existing is null)
    {
        var user = new User { Id = id, Name = "Bench GP", Email = "bench@example.org", UserName = "bench@example.org" };
        var hash = new PasswordHasher<User>().HashPassword(user, "bench-password-2026");
        await using var insert = new NpgsqlCommand("""
            INSERT INTO users (id, name, created_at, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash,
                               security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES (@id, 'Bench GP', now(), 'bench@example.org', 'BENCH@EXAMPLE.ORG', 'bench@example.org', 'BENCH@EXAMPLE.ORG', true, @hash,
                    @stamp, @stamp, false, false, false, 0);
            INSERT INTO memberships (club_id, user_id, role, is_public_representative, joined_at)
            SELECT id, @id, 'Member', false, now() FROM clubs ORDER BY ods_code LIMIT 1;
            """, connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("hash", hash);
        insert.Parameters.AddWithValue("stamp", Guid.NewGuid().ToString("N"));
        await insert.ExecuteNonQueryAsync();
    }
    return id;
}

Process StartApi()
{
    var dll = Path.Combine(repo, "src/Impacte.Api/bin/Release/net10.0/Impacte.Api.dll");
    if (!File.Exists(dll)) throw new FileNotFoundException("Build the Api first: dotnet build -c Release src/Impacte.Api", dll);
    var start = new ProcessStartInfo("dotnet", [dll])
    {
        WorkingDirectory = Path.GetDirectoryName(dll)!,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    // Staging: Production's settings but for HTTPS, which the loopback Api does not need.
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
    start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
    // Plain HTTP on loopback: Production would otherwise answer the API 400 (Https:Required).
    start.Environment["Https__Required"] = "false";
    // One signed-in GP asks for hundreds of look-ups a minute here: the per-person limit is not what is measured.
    start.Environment["RateLimiting__PreviewPermitsPerUserPerMinute"] = "1000000";
    start.Environment["ConnectionStrings__Impacte"] = connectionString;
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    // Production will not start without a certificate for the key ring; a throwaway one kept in .run/ does here.
    start.Environment["DataProtection__CertificatePath"] = Impacte.Bench.BenchKeyRing.Certificate(repo);
    start.Environment["DataProtection__CertificatePassword"] = Impacte.Bench.BenchKeyRing.Password;
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"api: {e.Data}"); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

async Task WaitForApiAsync()
{
    for (var i = 0; i < 600; i++) // up to two minutes: a busy machine starts the Api slowly
    {
        try
        {
            if ((await http.GetAsync("/health/live")).IsSuccessStatusCode) return;
        }
        catch (HttpRequestException) { }
        await Task.Delay(200);
    }
    throw new TimeoutException("The Api did not start.");
}

async Task<string> LoginAsync()
{
    var response = await http.PostAsJsonAsync("/api/auth/login", new { email = "bench@example.org", password = "bench-password-2026" });
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Sign-in: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    return (await response.Content.ReadFromJsonAsync<Token>())!.AccessToken;
}

async Task<string> ServerVersionAsync()
{
    await using var c = await dataSource.OpenConnectionAsync();
    return c.ServerVersion;
}

int ArgValue(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Impacte.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("Impacte.sln not found.");
}

internal sealed record Token(string AccessToken);
