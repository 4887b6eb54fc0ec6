// Paper import throughput: generates a citation export of N records (default 4,000, with abstracts), imports it into
// a fresh database three times (new papers, the same file again, the same papers as RIS) and prints records per
// second and memory. Usage: dotnet run -c Release --project bench/Impacte.Bench.PaperImport -- [records] [server connection string]
using System.Diagnostics;
using System.Text;
using Impacte.Domain;
using Impacte.Domain.Papers;
using Microsoft.EntityFrameworkCore;
using Npgsql;

var records = args.Length > 0 ? int.Parse(args[0]) : 4000;
var server = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("ConnectionStrings__Impacte") ?? "Host=/var/run/postgresql;Database=postgres";
var database = $"impacte_bench_{Guid.NewGuid():N}";
var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

await AdminAsync($"CREATE DATABASE \"{database}\"");
try
{
    await using (var db = Context()) await Migrator.MigrateAsync(db);
    var nbib = Path.Combine(Path.GetTempPath(), $"{database}.nbib");
    var ris = Path.Combine(Path.GetTempPath(), $"{database}.ris");
    Write(nbib, w => Medline(w, records));
    Write(ris, w => Ris(w, records));
    Console.WriteLine($"{records} records; MEDLINE file {new FileInfo(nbib).Length / 1024} KB, RIS file {new FileInfo(ris).Length / 1024} KB");
    Console.WriteLine($"{"run",-28} {"seconds",8} {"records/s",10} {"created",8} {"dupes",8} {"alloc MB",9} {"peak WS MB",11}");

    // Warm-up (JIT, EF model, connection pool) on other PMIDs, DOIs and titles, so the runs measure the import itself.
    var warm = Path.Combine(Path.GetTempPath(), $"{database}-warm.nbib");
    Write(warm, w => Medline(w, 200, pmidBase: 40_000_000, doiPrefix: "10.9999", title: "Warm-up trial"));
    await RunAsync("warm-up, 200 records", warm);
    File.Delete(warm);
    await RunAsync("MEDLINE, all new", nbib);
    await RunAsync("MEDLINE again, all duplicates", nbib);
    await RunAsync("RIS, same papers (by PMID)", ris);
    File.Delete(nbib);
    File.Delete(ris);
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await AdminAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
}

async Task RunAsync(string name, string path)
{
    await using var db = Context();
    var importer = new PaperImporter(db, TimeProvider.System);
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var watch = Stopwatch.StartNew();
    await using var file = File.OpenRead(path);
    var report = await importer.ImportAsync(file, null);
    watch.Stop();
    process.Refresh();
    var total = report.Created + report.Duplicates + report.Rejected.Count;
    Console.WriteLine($"{name,-28} {watch.Elapsed.TotalSeconds,8:0.00} {total / watch.Elapsed.TotalSeconds,10:0} {report.Created,8} {report.Duplicates,8} " +
        $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0,9:0.0} {process.PeakWorkingSet64 / 1048576.0,11:0}");
}

ImpacteDbContext Context()
{
    var options = new DbContextOptionsBuilder<ImpacteDbContext>();
    DependencyInjection.Configure(options, connectionString);
    return new ImpacteDbContext(options.Options);
}

async Task AdminAsync(string sql)
{
    await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static string Abstract(int i) => string.Join(' ', Enumerable.Repeat($"Background and methods of generated study {i}: a randomised comparison in primary care.", 16));

// The files are written as they are generated, so the process's peak memory is the import's, not the generator's.
static void Write(string path, Action<TextWriter> write)
{
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
    write(writer);
}

static void Medline(TextWriter text, int n, int pmidBase = 30_000_000, string doiPrefix = "10.3399", string title = "Generated trial")
{
    for (var i = 0; i < n; i++)
    {
        text.Write($"PMID- {pmidBase + i}\r\nTI  - {title} {i} of an intervention in primary care: a randomised\r\n      controlled study\r\n");
        text.Write($"AB  - {Abstract(i)}\r\nAU  - Smith J\r\nFAU - Smith, John\r\nAU  - Jones A\r\nTA  - Br J Gen Pract\r\nJT  - The British journal of general practice\r\n");
        text.Write($"DP  - {2000 + i % 25} Mar\r\nVI  - {i % 70}\r\nIP  - {i % 12 + 1}\r\nPG  - {i}-{i + 9}\r\nPT  - Journal Article\r\nAID - {doiPrefix}/bjgp.{i} [doi]\r\n\r\n");
    }
}

static void Ris(TextWriter text, int n)
{
    for (var i = 0; i < n; i++)
    {
        text.Write($"TY  - JOUR\r\nTI  - Generated trial {i} of an intervention in primary care: a randomised controlled study\r\nAU  - Smith, J.\r\nAU  - Jones, A.\r\n");
        text.Write($"AB  - {Abstract(i)}\r\nJO  - Br J Gen Pract\r\nPY  - {2000 + i % 25}\r\nAN  - {30_000_000 + i}\r\nER  - \r\n\r\n");
    }
}
