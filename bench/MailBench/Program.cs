// The mail path in one run, into an SMTP sink: a bare MailKit loop over N connections; the outbox dispatcher sending
// rows already written (outbox -> sink); and a whole reading pack to M members with the dispatcher running, as in the
// Worker (fan-out in chunks that commit, NOTIFY waking the lanes, sending while the rest is composed).
// Usage: MailBench --port 2525 --connections 16 --members 5000
//        MailBench --seed-into "Host=...;Database=..." --members 1000 --club Faults --ods F00001   (seed only)
using System.Diagnostics;
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
using Microsoft.Extensions.Hosting;
using Npgsql;

var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => args[x.i + 1]);
var port = int.Parse(options.GetValueOrDefault("port", "2525"));
var connections = int.Parse(options.GetValueOrDefault("connections", "16"));
var members = int.Parse(options.GetValueOrDefault("members", "5000"));
var server = options.GetValueOrDefault("server", "Host=/var/run/postgresql");

// --seed-into CONNECTION_STRING: only seed a club of --members members (--club, --ods) and a meeting due for its
// reading pack into that existing, migrated database, then exit. deploy/local/faults.sh seeds its 1,000-member
// fan-out this way, with the same seeder as the benchmark.
if (options.TryGetValue("seed-into", out var seedInto))
{
    using var seedHost = WorkerHost.Build([$"--ConnectionStrings:Impacte={seedInto}", "--Logging:LogLevel:Default=Warning"]);
    using var seedScope = seedHost.Services.CreateScope();
    await SeedAsync(seedScope.ServiceProvider.GetRequiredService<ImpacteDbContext>(),
        options.GetValueOrDefault("club", "Faults"), options.GetValueOrDefault("ods", "F00001"), members);
    Console.WriteLine($"seeded club={options.GetValueOrDefault("club", "Faults")} members={members}");
    return;
}
var dbName = $"impacte_bench_{Guid.NewGuid():N}";
var connectionString = $"{server};Database={dbName};Maximum Pool Size=100";
// Last CPU ticks seen per backend of the bench database (a backend that exits keeps its last count).
var backendTicks = new Dictionary<int, long>();

await Admin($"CREATE DATABASE \"{dbName}\"");
try
{
    using var host = WorkerHost.Build([
        $"--ConnectionStrings:Impacte={connectionString}", "--Smtp:Host=127.0.0.1", $"--Smtp:Port={port}",
        $"--Outbox:Connections={connections}", $"--Outbox:BatchSize={options.GetValueOrDefault("batch", "20")}", $"--Outbox:CommitEvery={options.GetValueOrDefault("commit", "5")}",
        $"--Meetings:ChunkSize={options.GetValueOrDefault("chunk", "500")}", "--Logging:LogLevel:Default=Warning"]);
    using (var scope = host.Services.CreateScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        await Migrator.MigrateAsync(db);
        await SeedAsync(db, "Warm-up", "W00001", Math.Min(members, 1000));
    }

    // Warm-up, untimed: every path below runs once on a small club first, so no figure includes the JIT's tiering
    // (seconds on a loaded 2-core machine) and the measured paths start as a long-running Worker's do, warm.
    using (var scope = host.Services.CreateScope())
    {
        await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendDuePacksAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        await SeedAsync(db, "Bench", "B00001", members);
    }

    // A reading pack exactly as the job composes it (the bare loop runs first, so neither side gets a JIT warm-up the other lacks).
    OutboxEmail row;
    using (var scope = host.Services.CreateScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        var meeting = await db.Meetings.AsNoTracking().Where(m => m.Club.Name == "Bench").FirstAsync();
        var brief = await MeetingPlanner.BriefAsync(db, new NoAgendaQuestions(), meeting, CancellationToken.None);
        row = scope.ServiceProvider.GetRequiredService<MeetingEmails>().ReadingPack(brief, new MeetingRecipient(Guid.NewGuid(), "member0@bench.example.org", "Dr Bench 0"));
    }
    var email = new EmailOptions();

    // Where one email's CPU goes, each part alone on one thread over every member of the bench club: composing the
    // pack (MeetingEmails), serialising its attachment for the outbox row, and MimeKit building and writing the message.
    async Task BreakdownAsync()
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        var meeting = await db.Meetings.AsNoTracking().Where(m => m.Club.Name == "Bench").OrderBy(m => m.StartsAt).FirstAsync();
        var brief = await MeetingPlanner.BriefAsync(db, new NoAgendaQuestions(), meeting, CancellationToken.None);
        var to = await MeetingPlanner.MembersAsync(db, meeting.ClubId, meeting.Id, CancellationToken.None);
        var emails = scope.ServiceProvider.GetRequiredService<MeetingEmails>();
        var allocs = new List<string>();
        double Us(string name, Action<MeetingRecipient> work)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var bytes = Allocated();
            foreach (var r in to) work(r);
            allocs.Add($"{name}={(Allocated() - bytes) / 1024.0 / to.Count:F1}");
            return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / to.Count;
        }
        var rows = new List<OutboxEmail>(to.Count);
        var compose = Us("compose", r => rows.Add(emails.ReadingPack(brief, r)));
        var i = 0;
        var json = Us("attachments_json", _ => System.Text.Json.JsonSerializer.Serialize(rows[i++ % rows.Count].Attachments));
        i = 0;
        var mime = Us("mime_build_and_write", _ => MailComposer.Compose(rows[i++ % rows.Count], email, "https://impacte.example.org/unsubscribe/x").WriteTo(Stream.Null));
        Console.WriteLine($"cpu_breakdown_us_per_email compose={compose:F0} attachments_json={json:F0} mime_build_and_write={mime:F0}");
        Console.WriteLine($"alloc_breakdown_kb_per_email {string.Join(" ", allocs)}");
    }
    var smtp = new SmtpOptions { Host = "127.0.0.1", Port = port };
    Task BareAsync(int count) => Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
    {
        using var client = await SmtpConnection.OpenAsync(smtp, CancellationToken.None);
        for (var n = i; n < count; n += connections)
            await client.SendAsync(MailComposer.Compose(row, email));
        await client.DisconnectAsync(true);
    })));


    // 1. Bare MailKit: N connections kept open, each composing (MimeKit) and sending the same reading pack in a loop.
    await BareAsync(Math.Min(members, 1000));
    var cpu0 = await CpuAsync();
    var alloc0 = Allocated();
    var bare = Stopwatch.StartNew();
    await BareAsync(members);
    var bareRate = members / bare.Elapsed.TotalSeconds;
    var bareCpu = (await CpuAsync() - cpu0).TotalMicroseconds / members;
    Console.WriteLine($"bare_mailkit emails={members} connections={connections} total_s={bare.Elapsed.TotalSeconds:F2} emails_per_s={bareRate:F0} cpu_us_per_email={bareCpu:F0} alloc_kb_per_email={(Allocated() - alloc0) / 1024.0 / members:F0}");

    // 2. Outbox -> sink: the first meeting's pack written by the job, then the dispatcher alone until the outbox is empty.
    cpu0 = await CpuAsync();
    var write = Stopwatch.StartNew();
    int written;
    using (var scope = host.Services.CreateScope())
        written = await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendDuePacksAsync(CancellationToken.None);
    var fanOut = write.Elapsed;
    var cpu1 = await CpuAsync();
    var dispatch = Stopwatch.StartNew();
    var sent = await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
    var dispatchRate = members / dispatch.Elapsed.TotalSeconds;
    var cpu2 = await CpuAsync();
    var fanOutCpu = (cpu1 - cpu0).TotalMicroseconds / members;
    var dispatchCpu = (cpu2 - cpu1).TotalMicroseconds / members;
    if (written != members || sent != members) throw new InvalidOperationException($"wrote {written}, sent {sent}, expected {members}");
    Console.WriteLine($"fanout_only emails={members} total_s={fanOut.TotalSeconds:F2} emails_per_s={members / fanOut.TotalSeconds:F0} cpu_us_per_email={fanOutCpu:F0}");
    Console.WriteLine($"outbox_to_sink emails={members} connections={connections} total_s={dispatch.Elapsed.TotalSeconds:F2} emails_per_s={dispatchRate:F0} of_bare={dispatchRate / bareRate:F2} cpu_us_per_email={dispatchCpu:F0}");

    // 3. The whole pack as the Worker does it: the dispatcher loop listening, a second meeting's pack fanned out in
    // chunks; timed from the job's start until the last email is sent.
    var listener = host.Services.GetServices<IHostedService>().OfType<OutboxListener>().Single();
    await listener.StartAsync(CancellationToken.None);
    using (var scope = host.Services.CreateScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        var club = await db.Clubs.SingleAsync(c => c.Name == "Bench");
        var start = DateTimeOffset.UtcNow.AddDays(4);
        db.Meetings.Add(new Meeting { ClubId = club.Id, StartsAt = start, EndsAt = start.AddHours(1), Location = "Willen Park library", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }
    cpu0 = await CpuAsync();
    alloc0 = Allocated();
    var whole = Stopwatch.StartNew();
    using (var scope = host.Services.CreateScope())
        written = await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendDuePacksAsync(CancellationToken.None);
    var composed = whole.Elapsed;
    await using (var probe = new NpgsqlConnection(connectionString))
    {
        await probe.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM email_outbox WHERE status = 'Pending'", probe);
        while ((long)(await count.ExecuteScalarAsync())! > 0) await Task.Delay(20);
    }
    var wholeRate = members / whole.Elapsed.TotalSeconds;
    var wholeCpu = (await CpuAsync() - cpu0).TotalMicroseconds / members;
    await listener.StopAsync(CancellationToken.None);
    if (written != members) throw new InvalidOperationException($"wrote {written}, expected {members}");
    Console.WriteLine($"whole_pack emails={members} connections={connections} fanout_done_s={composed.TotalSeconds:F2} total_s={whole.Elapsed.TotalSeconds:F2} emails_per_s={wholeRate:F0} of_bare={wholeRate / bareRate:F2} cpu_us_per_email={wholeCpu:F0} cpu_of_bare={wholeCpu / bareCpu:F2} alloc_kb_per_email={(Allocated() - alloc0) / 1024.0 / members:F0}");
    await BreakdownAsync();

    Console.WriteLine($"message_bytes={row.TextBody.Length + (row.HtmlBody?.Length ?? 0) + row.Attachments.Sum(a => a.Content.Length)}");
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Admin($"DROP DATABASE IF EXISTS \"{dbName}\" WITH (FORCE)");
}

// CPU time of this process plus that of the bench database's PostgreSQL backends (from /proc): what one message costs
// the two cores, which a busy machine slows down but does not inflate as it does wall time.
async Task<TimeSpan> CpuAsync()
{
    var own = Process.GetCurrentProcess().TotalProcessorTime;
    await using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand($"SELECT pid FROM pg_stat_activity WHERE datname = '{dbName}'", connection);
    var ticks = 0L;
    await using (var reader = await command.ExecuteReaderAsync())
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(0);
            backendTicks[pid] = ProcTicks(pid) ?? backendTicks.GetValueOrDefault(pid);
        }
    foreach (var t in backendTicks.Values) ticks += t;
    return own + TimeSpan.FromSeconds(ticks / 100.0);
}

// Bytes this process allocated so far: the GC's work grows with it, and unlike time it does not move with the load.
static long Allocated() => GC.GetTotalAllocatedBytes(precise: true);

// utime + stime of a process in clock ticks (USER_HZ, 100 on Linux), null once it is gone.
static long? ProcTicks(int pid)
{
    try
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
    catch (IOException) { return null; }
}

async Task Admin(string sql)
{
    await using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static async Task SeedAsync(ImpacteDbContext db, string name, string ods, int members)
{
    var club = new Club { Name = name, OdsCode = ods, CreatedAt = DateTimeOffset.UtcNow };
    db.Clubs.Add(club);
    for (var i = 0; i < members; i++)
    {
        var address = $"member{i}@{ods.ToLowerInvariant()}.bench.example.org";
        var user = new User { Id = Guid.CreateVersion7(), Name = $"Dr Bench {i}", Email = address, UserName = address, CreatedAt = DateTimeOffset.UtcNow };
        db.Users.Add(user);
        db.Memberships.Add(new ClubMembership { ClubId = club.Id, UserId = user.Id, JoinedAt = DateTimeOffset.UtcNow });
    }
    var start = DateTimeOffset.UtcNow.AddDays(3);
    db.Meetings.Add(new Meeting { ClubId = club.Id, StartsAt = start, EndsAt = start.AddHours(1), Location = "Willen Park library", CreatedAt = DateTimeOffset.UtcNow });
    await db.SaveChangesAsync();
}
