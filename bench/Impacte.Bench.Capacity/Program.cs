using System.Diagnostics;
using Impacte.Bench.Capacity;
using Npgsql;

// Capacity benchmark (issue 13): a national-scale network and the timings of the main reads on it, against the demo
// network measured in the same run. bench/run-capacity.sh makes both databases (migrate + demo seed) and calls:
//   generate --database impacte_capacity [--scale 1.0]
//   measure --baseline impacte_capacity_demo --database impacte_capacity [--runs 100 --warmup 10 --only "questions"]

var server = Environment.GetEnvironmentVariable("IMPACTE_BENCH_SERVER") ?? "Host=/var/run/postgresql";
var database = Arg("--database", "impacte_capacity");
switch (args.FirstOrDefault())
{
    case "generate":
        await using (var c = new NpgsqlConnection($"{server};Database={database};Command Timeout=0"))
        {
            await c.OpenAsync();
            var watch = Stopwatch.StartNew();
            await new Generator(c, double.Parse(Arg("--scale", "1.0"), System.Globalization.CultureInfo.InvariantCulture)).RunAsync();
            Console.WriteLine($"generation took {watch.Elapsed.TotalMinutes:F1} min (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        }
        return 0;
    case "measure":
        return await Measure.RunAsync(server, FindRepo(), Arg("--baseline", "impacte_capacity_demo"), database,
            int.Parse(Arg("--runs", "100")), int.Parse(Arg("--warmup", "10")), args.Contains("--only") ? Arg("--only", "") : null);
    default:
        Console.Error.WriteLine("usage: generate --database DB [--scale 1.0] | measure --baseline DB --database DB [--runs 100] [--only TEXT]");
        return 2;
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Impacte.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("Impacte.sln not found.");
}
