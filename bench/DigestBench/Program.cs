// A digest to M members, into an SMTP sink, next to a bare MailKit loop in the same run: the bare loop composes (MimeKit)
// and sends one member's digest M times over N connections; IMPACTE composes every member's own digest (the batch
// queries), writes them to the outbox (the Worker's digest job, MemberDigests.SendDueAsync), and the dispatcher sends
// them over N connections until the outbox is empty.
// Usage: DigestBench --port 2526 --connections 16 --members 5000
using System.Diagnostics;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Digests;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Meetings;
using Impacte.Domain.Operations;
using Impacte.Domain.Preferences;
using Impacte.Domain.Questions;
using Impacte.Worker;
using Impacte.Worker.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
var port = int.Parse(options.GetValueOrDefault("port", "2526"));
var connections = int.Parse(options.GetValueOrDefault("connections", "16"));
var members = int.Parse(options.GetValueOrDefault("members", "5000"));
var clubSize = int.Parse(options.GetValueOrDefault("club-size", "100"));
var server = options.GetValueOrDefault("server", "Host=/var/run/postgresql");
var dbName = $"impacte_bench_{Guid.NewGuid():N}";
var connectionString = $"{server};Database={dbName};Maximum Pool Size=100";

await Admin($"CREATE DATABASE \"{dbName}\"");
try
{
    using var host = WorkerHost.Build([
        $"--ConnectionStrings:Impacte={connectionString}", "--Smtp:Host=127.0.0.1", $"--Smtp:Port={port}",
        $"--Outbox:Connections={connections}", $"--Outbox:BatchSize={options.GetValueOrDefault("batch", "20")}",
        $"--Digests:BatchSize={options.GetValueOrDefault("digest-batch", "500")}",
        // Everyone is due now, whatever the day and hour of the run.
        "--Digests:AnyHour=true", "--Logging:LogLevel:Default=Warning"]);
    Guid sample;
    using (var scope = host.Services.CreateScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        await Migrator.MigrateAsync(db);
        sample = await SeedAsync(db, members, clubSize);
    }

    // One member's digest exactly as the job composes it (the bare loop runs first, so neither side gets a JIT warm-up the other lacks).
    OutboxEmail row;
    using (var scope = host.Services.CreateScope())
        row = (await scope.ServiceProvider.GetRequiredService<MemberDigests>().PreviewAsync(sample, Impacte.Domain.Access.Actor.With(Guid.Empty, isAdmin: true, [], []))).Email;
    var email = new EmailOptions();
    var smtp = new SmtpOptions { Host = "127.0.0.1", Port = port };

    // 1. Bare MailKit: N connections kept open, each composing (MimeKit) and sending the same digest in a loop.
    var bare = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
    {
        using var client = await SmtpConnection.OpenAsync(smtp, CancellationToken.None);
        for (var n = i; n < members; n += connections)
            await client.SendAsync(MailComposer.Compose(row, email));
        await client.DisconnectAsync(true);
    })));
    var bareRate = members / bare.Elapsed.TotalSeconds;
    Console.WriteLine($"bare_mailkit emails={members} connections={connections} total_s={bare.Elapsed.TotalSeconds:F2} emails_per_s={bareRate:F0}");

    // 2. Compose + write: the digest job's run, every member's own digest into the outbox.
    var write = Stopwatch.StartNew();
    int written;
    using (var scope = host.Services.CreateScope())
        written = await scope.ServiceProvider.GetRequiredService<MemberDigests>().SendDueAsync(CancellationToken.None);
    var fanOut = write.Elapsed;
    Console.WriteLine($"digest_compose_write emails={written} total_s={fanOut.TotalSeconds:F2} emails_per_s={written / fanOut.TotalSeconds:F0}");

    // 3. Send: the dispatcher alone until the outbox is empty.
    var dispatch = Stopwatch.StartNew();
    var sent = await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
    var dispatchRate = sent / dispatch.Elapsed.TotalSeconds;
    if (written != members || sent != members) throw new InvalidOperationException($"wrote {written}, sent {sent}, expected {members}");
    Console.WriteLine($"digest_outbox_to_sink emails={sent} connections={connections} total_s={dispatch.Elapsed.TotalSeconds:F2} emails_per_s={dispatchRate:F0} of_bare={dispatchRate / bareRate:F2}");

    // 4. The whole digest: compose + write + send, end to end.
    var total = fanOut + dispatch.Elapsed;
    var wholeRate = members / total.TotalSeconds;
    Console.WriteLine($"digest_whole emails={members} total_s={total.TotalSeconds:F2} emails_per_s={wholeRate:F0} of_bare={wholeRate / bareRate:F2}");
    Console.WriteLine($"message_bytes={row.TextBody.Length + (row.HtmlBody?.Length ?? 0)} sections={row.TextBody.Split("\n").Count(l => l.StartsWith("---"))}");
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Admin($"DROP DATABASE IF EXISTS \"{dbName}\" WITH (FORCE)");
}

async Task Admin(string sql)
{
    await using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

// A network of clubs of clubSize members. Each club has a meeting in a few days, two questions proposed yesterday and
// (one in five) a published cardiovascular appraisal; every member follows cardiovascular; one member in ten owns a change due soon.
// So every digest has four or five sections, as a busy week's would.
static async Task<Guid> SeedAsync(ImpacteDbContext db, int members, int clubSize)
{
    var now = DateTimeOffset.UtcNow;
    var yesterday = now.AddDays(-1);
    Guid first = Guid.Empty;
    for (var c = 0; c * clubSize < members; c++)
    {
        var club = new Club { Name = $"Bench practice {c}", OdsCode = $"B{c:D5}", CreatedAt = now };
        db.Clubs.Add(club);
        var ids = new List<Guid>();
        for (var i = c * clubSize; i < Math.Min(members, (c + 1) * clubSize); i++)
        {
            var address = $"member{i}@bench.example.org";
            var user = new User { Id = Guid.CreateVersion7(), Name = $"Dr Bench {i}", Email = address, UserName = address, CreatedAt = now };
            db.Users.Add(user);
            db.Memberships.Add(new ClubMembership { ClubId = club.Id, UserId = user.Id, JoinedAt = now });
            db.Preferences.Add(new MemberPreferences { UserId = user.Id, Areas = [ClinicalArea.Cardiovascular], UpdatedAt = now });
            ids.Add(user.Id);
            if (first == Guid.Empty) first = user.Id;
            if (i % 10 == 0)
                db.Add(new PracticeChange
                {
                    ClubId = club.Id, Title = "Structured medication review at every annual frailty review", Description = "Adults with frailty.",
                    OwnerId = user.Id, DueOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(10), CreatedAt = yesterday, UpdatedAt = yesterday,
                });
        }
        var start = now.AddDays(3 + c % 7);
        db.Meetings.Add(new Meeting { ClubId = club.Id, StartsAt = start, EndsAt = start.AddHours(1), Location = "Practice library", CreatedAt = now });
        foreach (var (population, intervention, outcome, area) in new[]
        {
            ("adults over 75 without cardiovascular disease", "statins", "cardiovascular events", ClinicalArea.Cardiovascular),
            ("adults with knee osteoarthritis", "exercise therapy", "pain and function", ClinicalArea.Musculoskeletal),
        })
            db.Questions.Add(new ClinicalQuestion
            {
                ClubId = club.Id, ProposerId = ids[^1], Population = population, Intervention = intervention, Outcome = outcome, Area = area,
                Title = $"{intervention} for {population}", Sentence = $"In {population}, does {intervention} improve {outcome}?",
                CreatedAt = yesterday, UpdatedAt = yesterday,
            });
        var appraised = new ClinicalQuestion
        {
            ClubId = club.Id, ProposerId = ids[0], Population = "adults with atrial fibrillation", Intervention = "apixaban", Outcome = "stroke",
            Area = ClinicalArea.Cardiovascular, Status = QuestionStatus.Appraised, Title = $"Apixaban in atrial fibrillation ({club.Name})",
            Sentence = "In adults with atrial fibrillation, does apixaban prevent stroke?", CreatedAt = now.AddDays(-60), UpdatedAt = yesterday,
        };
        db.Questions.Add(appraised);
        // A published appraisal in one practice in five: ten new cardiovascular appraisals in the network's week.
        if (c % 5 == 0)
        {
            db.Appraisals.Add(new Appraisal
            {
                QuestionId = appraised.Id, AuthorId = ids[0], Status = AppraisalStatus.Published, PublishedAt = yesterday, CreatedAt = yesterday, UpdatedAt = yesterday,
                BottomLine = "Offer apixaban to adults with atrial fibrillation and a CHA2DS2-VASc score of 2 or more, reviewing bleeding risk yearly.",
            });
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
    return first;
}
