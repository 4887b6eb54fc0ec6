// Reading pack fan-out through the outbox into an SMTP sink, next to a bare System.Net.Mail loop over the same
// number of connections (synchronous Send on threads, and SendMailAsync), all measured in one run.
// Usage: MailBench --port 2525 --connections 16 --members 5000
using System.Diagnostics;
using System.Net.Mail;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Meetings;
using Impacte.Worker;
using Impacte.Worker.Email;
using Impacte.Worker.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
var port = int.Parse(options.GetValueOrDefault("port", "2525"));
var connections = int.Parse(options.GetValueOrDefault("connections", "16"));
var members = int.Parse(options.GetValueOrDefault("members", "5000"));
var server = options.GetValueOrDefault("server", "Host=/var/run/postgresql");
var dbName = $"impacte_bench_{Guid.NewGuid():N}";
var connectionString = $"{server};Database={dbName};Maximum Pool Size=100";

await Admin($"CREATE DATABASE \"{dbName}\"");
try
{
    using var host = WorkerHost.Build([
        $"--ConnectionStrings:Impacte={connectionString}", "--Smtp:Host=127.0.0.1", $"--Smtp:Port={port}",
        $"--Outbox:Connections={connections}", $"--Outbox:BatchSize={options.GetValueOrDefault("batch", "10")}", "--Logging:LogLevel:Default=Warning"]);
    Guid clubId;
    using (var scope = host.Services.CreateScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        await db.Database.MigrateAsync();
        clubId = await SeedAsync(db, members);
    }

    // 1. Bare System.Net.Mail over the same connections, the same message (one reading pack as the outbox holds it).
    // A reading pack exactly as the job composes it (the bare loops run first, so neither side gets a JIT warm-up the other lacks).
    OutboxEmail row;
    using (var scope = host.Services.CreateScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        var meeting = await db.Meetings.AsNoTracking().SingleAsync();
        var brief = await MeetingPlanner.BriefAsync(db, new NoAgendaQuestions(), meeting, CancellationToken.None);
        row = scope.ServiceProvider.GetRequiredService<MeetingEmails>().ReadingPack(brief, new MeetingRecipient(Guid.NewGuid(), "member0@bench.example.org", "Dr Bench 0"));
    }
    var email = new EmailOptions();
    var bare = Stopwatch.StartNew();
    var threads = Enumerable.Range(0, connections).Select(i => new Thread(() =>
    {
        using var client = new SmtpClient("127.0.0.1", port);
        for (var n = i; n < members; n += connections)
        {
            using var message = SmtpMailTransport.Compose(row, email);
            client.Send(message);
        }
    })).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    Console.WriteLine($"bare_sync_threads emails={members} connections={connections} total_s={bare.Elapsed.TotalSeconds:F2} emails_per_s={members / bare.Elapsed.TotalSeconds:F0}");

    // 2. The same with SendMailAsync on the thread pool, to show why the dispatcher uses threads.
    var asyncClock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
    {
        using var client = new SmtpClient("127.0.0.1", port);
        for (var n = i; n < members; n += connections)
        {
            using var message = SmtpMailTransport.Compose(row, email);
            await client.SendMailAsync(message);
        }
    }));
    Console.WriteLine($"bare_async_pool emails={members} connections={connections} total_s={asyncClock.Elapsed.TotalSeconds:F2} emails_per_s={members / asyncClock.Elapsed.TotalSeconds:F0}");
    // 3. End to end: the reading-pack job writes the fan-out, the dispatcher sends it, until the outbox is empty.
    var clock = Stopwatch.StartNew();
    int written;
    using (var scope = host.Services.CreateScope())
        written = await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendDuePacksAsync(CancellationToken.None);
    var fanOut = clock.Elapsed;
    var sent = await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
    var total = clock.Elapsed;
    if (written != members || sent != members) throw new InvalidOperationException($"wrote {written}, sent {sent}, expected {members}");
    Console.WriteLine($"outbox_e2e emails={members} connections={connections} fanout_s={fanOut.TotalSeconds:F2} total_s={total.TotalSeconds:F2} emails_per_s={members / total.TotalSeconds:F0} dispatch_only_per_s={members / (total - fanOut).TotalSeconds:F0}");

    Console.WriteLine($"message_bytes={row.TextBody.Length + (row.HtmlBody?.Length ?? 0) + row.Attachments.Sum(a => a.Content.Length)}");
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

static async Task<Guid> SeedAsync(ImpacteDbContext db, int members)
{
    var club = new Club { Name = "Bench", OdsCode = "B00001", CreatedAt = DateTimeOffset.UtcNow };
    db.Clubs.Add(club);
    for (var i = 0; i < members; i++)
    {
        var address = $"member{i}@bench.example.org";
        var user = new User { Id = Guid.CreateVersion7(), Name = $"Dr Bench {i}", Email = address, UserName = address, CreatedAt = DateTimeOffset.UtcNow };
        db.Users.Add(user);
        db.Memberships.Add(new ClubMembership { ClubId = club.Id, UserId = user.Id, JoinedAt = DateTimeOffset.UtcNow });
    }
    var start = DateTimeOffset.UtcNow.AddDays(3);
    db.Meetings.Add(new Meeting { ClubId = club.Id, StartsAt = start, EndsAt = start.AddHours(1), Location = "Willen Park library", CreatedAt = DateTimeOffset.UtcNow });
    await db.SaveChangesAsync();
    return club.Id;
}
