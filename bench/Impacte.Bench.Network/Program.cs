using System.Diagnostics;
using Impacte.Domain;
using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Measures;
using Impacte.Domain.Network;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// "Who is on what" benchmark (issue 11). Makes its own database, generates a network of practices, questions (with
// clinical areas) and practice changes (with teams, and measures whose charts show signals on a share of them),
// then times what one view of /network, /network/people/{id} and /library asks of the database: the same service
// calls the pages and the API make (NetworkView, LearningLibrary, SimilarChanges), each on a fresh DbContext.
//   dotnet run -c Release --project bench/Impacte.Bench.Network [-- --changes 5000 --runs 200]

var changeCount = ArgValue("--changes", 5_000);
var runs = ArgValue("--runs", 200);
var server = Environment.GetEnvironmentVariable("IMPACTE_BENCH_SERVER") ?? "Host=/var/run/postgresql";
const string database = "impacte_bench_network";
var connectionString = $"{server};Database={database};Maximum Pool Size=20";

if (!args.Contains("--reuse")) await GenerateAsync();

var random = new Random(11);
await using var probe = Context();
var clubIds = await probe.Clubs.Select(c => c.Id).ToListAsync();
var ownerIds = await probe.Set<PracticeChange>().Select(c => c.OwnerId).Distinct().ToListAsync();
var words = new[] { "statin", "anticoagulation", "inhaler", "frailty", "sertraline", "nitrofurantoin", "HbA1c", "asthma review" };
var reader = Actor.With(ownerIds[0], false, [clubIds[0]], []);
var areas = ClinicalAreas.All;

var results = new List<string>();
await Time("network: no filter, page 1", () => NetworkPageAsync(new NetworkFilter(), 1));
await Time("network: deep page (page 100)", () => NetworkPageAsync(new NetworkFilter(), 100));
await Time("network: area", () => NetworkPageAsync(new NetworkFilter(Area: areas[random.Next(areas.Count)]), 1));
await Time("network: practice", () => NetworkPageAsync(new NetworkFilter(ClubId: clubIds[random.Next(clubIds.Count)]), 1));
await Time("network: status", () => NetworkPageAsync(new NetworkFilter(Status: (ChangeStatus)random.Next(5)), 1));
await Time("network: person", () => NetworkPageAsync(new NetworkFilter(PersonId: ownerIds[random.Next(ownerIds.Count)]), 1));
await Time("network: words (q)", () => NetworkPageAsync(new NetworkFilter(Search: words[random.Next(words.Length)]), 1));
await Time("network: area + status + q", () => NetworkPageAsync(
    new NetworkFilter(Area: ClinicalArea.Cardiovascular, Status: ChangeStatus.InProgress, Search: "anticoagulation"), 1));
await Time("person page", async () =>
{
    await using var db = Context();
    var view = new NetworkView(db);
    var id = ownerIds[random.Next(ownerIds.Count)];
    await view.PersonAsync(id);
    await view.WorkOfAsync(id, new PageRequest(1, 20));
});
await Time("library: page 1", async () =>
{
    await using var db = Context();
    await new LearningLibrary(db).SearchAsync(null, new PageRequest(1, 20));
});
await Time("library: words (q)", async () =>
{
    await using var db = Context();
    await new LearningLibrary(db).SearchAsync(words[random.Next(words.Length)], new PageRequest(1, 20));
});
await Time("similar changes (Create page)", async () =>
{
    await using var db = Context();
    var change = await db.Set<PracticeChange>().Skip(random.Next(changeCount)).Select(c => new { c.ClubId, c.QuestionId, c.Title }).FirstAsync();
    await new SimilarChanges(db).ForAsync(change.ClubId, change.QuestionId, null, change.Title, reader);
});

Console.WriteLine();
await using (var c = new NpgsqlConnection(connectionString))
{
    await c.OpenAsync();
    Console.WriteLine($"{changeCount:N0} changes, {Environment.ProcessorCount} cores, PostgreSQL {c.ServerVersion}, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
foreach (var line in results) Console.WriteLine(line);
return 0;

// One view of /network: the shown list in full, the other two lists' totals (for their tabs), and the clubs filter.
async Task NetworkPageAsync(NetworkFilter filter, int page)
{
    await using var db = Context();
    var view = new NetworkView(db);
    await view.ChangesAsync(filter, new PageRequest(page, 20), reader);
    await view.QuestionsAsync(filter, new PageRequest(1, 1));
    await view.AppraisalsAsync(filter, new PageRequest(1, 1));
    await db.Clubs.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync();
}

async Task Time(string name, Func<Task> call)
{
    for (var i = 0; i < 10; i++) await call(); // warm up JIT, pools and caches
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await call();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    results.Add($"{name,-32} p50 {P(times, 50),7:F1} ms  p95 {P(times, 95),7:F1} ms  max {times.Max(),7:F1} ms");
    Console.WriteLine(results[^1]);
}

static double P(List<double> times, int percentile)
{
    var sorted = times.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
}

ImpacteDbContext Context()
{
    var options = new DbContextOptionsBuilder<ImpacteDbContext>();
    DependencyInjection.Configure(options, connectionString);
    return new ImpacteDbContext(options.Options);
}

async Task GenerateAsync()
{
    await using (var admin = new NpgsqlConnection($"{server};Database=postgres;Pooling=false"))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
    }
    await using (var db = Context()) await Migrator.MigrateAsync(db);

    var watch = Stopwatch.StartNew();
    var random = new Random(42);
    var now = DateTimeOffset.UtcNow;
    const int clubs = 150, peoplePerClub = 12, questionsPerChange = 4;
    var topics = new (string Title, string Description, ClinicalArea Area)[]
    {
        ("Review anticoagulation in atrial fibrillation", "Adults with AF and a CHA2DS2-VASc of 2 or more not on an anticoagulant are offered a review.", ClinicalArea.Cardiovascular),
        ("Offer a statin for primary prevention", "Adults with a QRISK3 of 10% or more are offered atorvastatin 20 mg.", ClinicalArea.Cardiovascular),
        ("Check inhaler technique at every asthma review", "Every asthma review includes an inhaler technique check and a personalised plan.", ClinicalArea.Respiratory),
        ("Three days of nitrofurantoin for lower UTI", "Women with uncomplicated lower UTI get three days of nitrofurantoin.", ClinicalArea.InfectionAndAntimicrobialStewardship),
        ("SGLT2 inhibitors in type 2 diabetes with CKD", "Adults with type 2 diabetes and CKD are offered an SGLT2 inhibitor; HbA1c and eGFR are checked.", ClinicalArea.DiabetesAndEndocrine),
        ("Structured medication review in frailty", "Older people with moderate frailty get a structured medication review.", ClinicalArea.OlderPeopleAndFrailty),
        ("Review sertraline at six weeks", "Adults starting sertraline are reviewed at six weeks for benefit and side effects.", ClinicalArea.MentalHealth),
        ("Exercise first for knee osteoarthritis", "People with knee osteoarthritis are offered exercise before imaging.", ClinicalArea.Musculoskeletal),
    };

    await using var db2 = Context();
    var clubList = Enumerable.Range(0, clubs).Select(i => new Club { Name = $"Practice {i + 1:D3}", OdsCode = $"N{i + 10000:D5}", CreatedAt = now }).ToList();
    db2.Clubs.AddRange(clubList);
    var people = new List<(Guid Club, Guid User)>();
    foreach (var club in clubList)
        for (var p = 0; p < peoplePerClub; p++)
        {
            var user = new User { Name = $"Bench person {people.Count + 1}", Email = $"bench{people.Count + 1}@example.org", UserName = $"bench{people.Count + 1}@example.org", CreatedAt = now };
            db2.Users.Add(user);
            db2.Memberships.Add(new ClubMembership { ClubId = club.Id, UserId = user.Id, Role = p == 0 ? ClubRole.Lead : ClubRole.Member, JoinedAt = now });
            people.Add((club.Id, user.Id));
        }
    await db2.SaveChangesAsync();

    var questionStatuses = Enum.GetValues<QuestionStatus>().Where(s => s != QuestionStatus.Duplicate).ToArray();
    var changeStatuses = Enum.GetValues<ChangeStatus>();
    for (var batch = 0; batch < changeCount; batch += 500)
    {
        await using var db = Context();
        for (var n = batch; n < Math.Min(changeCount, batch + 500); n++)
        {
            var (club, owner) = people[random.Next(people.Count)];
            var topic = topics[random.Next(topics.Length)];
            var updated = now.AddMinutes(-random.Next(2 * 365 * 24 * 60));
            ClinicalQuestion? question = null;
            for (var q = 0; q < questionsPerChange; q++)
            {
                var proposer = people[random.Next(people.Count)];
                var made = new ClinicalQuestion
                {
                    ClubId = proposer.Club, ProposerId = proposer.User, Population = "adults", Intervention = topic.Title, Outcome = "outcomes",
                    Title = $"{topic.Title} ({n}-{q})", Sentence = topic.Description, Area = random.Next(5) == 0 ? null : topic.Area,
                    Status = questionStatuses[random.Next(questionStatuses.Length)], CreatedAt = updated, UpdatedAt = updated,
                };
                db.Questions.Add(made);
                if (q == 0) { made.ClubId = club; question = made; }
            }
            var change = new PracticeChange
            {
                ClubId = club, OwnerId = owner, Title = $"{topic.Title} at practice {n}", Description = topic.Description,
                DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(random.Next(-200, 200))), QuestionId = random.Next(10) == 0 ? null : question!.Id,
                Status = changeStatuses[random.Next(changeStatuses.Length)], CreatedAt = updated, UpdatedAt = updated,
            };
            if (change.Status is ChangeStatus.Implemented or ChangeStatus.Sustained or ChangeStatus.Abandoned && random.Next(2) == 0)
            {
                change.WhatDidNotWork = "The first search missed people coded differently; the template needed a second pass.";
                change.HowItMadeADifference = "Reading the evidence together gave the nurses the confidence to raise it.";
            }
            for (var t = 0; t < random.Next(4); t++)
            {
                var mate = people.Where(p => p.Club == club).ElementAt(random.Next(peoplePerClub)).User;
                if (mate != owner && change.Team.All(x => x.UserId != mate)) change.Team.Add(new PracticeChangeTeamMember { ChangeId = change.Id, UserId = mate });
            }
            db.Add(change);
            // A fifth of the changes are measured: 24 months, better after the first 12, so their charts show signals.
            if (random.Next(5) == 0)
            {
                var measure = new Measure { ChangeId = change.Id, Name = "Offered", NumeratorDefinition = "offered", DenominatorDefinition = "eligible", CreatedAt = now, UpdatedAt = now };
                measure.Baselines.Add(new MeasureBaseline { MeasureId = measure.Id, Points = measure.BaselinePoints, At = now });
                var start = new MeasurePeriod(MeasurePeriodKind.Month, 2024 * 12);
                for (var m = 0; m < 24; m++)
                {
                    var period = start with { Ordinal = start.Ordinal + m };
                    measure.Points.Add(new Measurement
                    {
                        MeasureId = measure.Id, Period = period.Label, Ordinal = period.Ordinal, Numerator = (m < 12 ? 40 : 70) + random.Next(8),
                        Denominator = 100, EnteredAt = now, UpdatedAt = now,
                    });
                }
                db.Add(measure);
            }
        }
        await db.SaveChangesAsync();
    }
    await using (var c = new NpgsqlConnection(connectionString))
    {
        await c.OpenAsync();
        await new NpgsqlCommand("VACUUM ANALYZE", c).ExecuteNonQueryAsync();
    }
    Console.WriteLine($"Generated {clubs} practices, {people.Count:N0} people, {changeCount * questionsPerChange:N0} questions and {changeCount:N0} changes in {watch.Elapsed.TotalSeconds:F0} s.");
}

int ArgValue(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}
