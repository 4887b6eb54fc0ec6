using System.Diagnostics;
using Impacte.Domain;
using Hangfire;
using Impacte.Domain.Email;
using Impacte.Domain.Operations;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Impacte.Worker.Tests;

/// <summary>
/// PostgreSQL restarting under a running Worker. The suite's shared server cannot be restarted (other classes use it in
/// parallel), so this test runs a private PostgreSQL of its own: Debian's binaries, a throwaway data folder, a socket.
/// </summary>
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"impacte-pg-{Guid.NewGuid():N}");
    private readonly int port = Random.Shared.Next(40000, 50000);

    private string ConnectionString => $"Host={folder};Port={port};Username=postgres;Database=impacte_restart";

    public async ValueTask InitializeAsync()
    {
        if (Environment.UserName != "root" || !File.Exists($"{Binaries}/initdb"))
            return; // the test skips itself below
        Directory.CreateDirectory(folder);
        await RunAsync(check: true, "chown", "postgres", folder);
        await AsPostgresAsync($"{Binaries}/initdb -D {folder}/data -A trust -U postgres --no-sync");
        await AsPostgresAsync($"{Binaries}/pg_ctl -D {folder}/data -w -o \"-p {port} -k {folder} -c listen_addresses=''\" -l {folder}/log start");
        await AsPostgresAsync($"{Binaries}/createdb -h {folder} -p {port} -U postgres impacte_restart");
        await using var db = Context();
        await db.Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Directory.Exists(folder)) return;
        await AsPostgresAsync($"{Binaries}/pg_ctl -D {folder}/data -m immediate stop", check: false);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task AWorkerCarriesOnAfterPostgresRestartsUnderIt()
    {
        if (!Directory.Exists(folder)) Assert.Skip("Needs root and Debian's PostgreSQL 15 binaries, as deploy/local/test.sh provides.");
        using var worker = WorkerHost.Build([$"--ConnectionStrings:Impacte={ConnectionString}", "--Outbox:PollSeconds=1", "--Logging:LogLevel:Default=None"]);
        await worker.StartAsync();
        try
        {
            var before = await EnqueueAsync();
            Assert.Single(await MailDev.Local.WaitForAsync(before));

            await AsPostgresAsync($"{Binaries}/pg_ctl -D {folder}/data -w -m fast restart -o \"-p {port} -k {folder} -c listen_addresses=''\"");

            var after = await EnqueueAsync();
            Assert.Single(await MailDev.Local.WaitForAsync(after, timeout: TimeSpan.FromSeconds(60)));

            // Hangfire's server carries on too: a job triggered after the restart runs.
            var runs = await Worker.SucceededRunsAsync(ConnectionString, RecurringJobIds.MeetingHorizon);
            worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(RecurringJobIds.MeetingHorizon);
            await Worker.WaitForAsync(async () => await Worker.SucceededRunsAsync(ConnectionString, RecurringJobIds.MeetingHorizon) > runs ? "" : null, seconds: 60);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private ImpacteDbContext Context()
    {
        var options = new DbContextOptionsBuilder<ImpacteDbContext>();
        DependencyInjection.Configure(options, ConnectionString);
        return new ImpacteDbContext(options.Options);
    }

    private async Task<string> EnqueueAsync()
    {
        var to = $"restart-{Guid.NewGuid():N}@example.org";
        await using var db = Context();
        db.Outbox.Add(new Emails(new EmailOptions(), TimeProvider.System).PasswordReset(Guid.NewGuid(), to, "Dr Restart", "token"));
        await db.SaveChangesAsync(); // retried by the execution strategy while the server comes back
        return to;
    }

    // The server outlives the command that starts it, so it must not inherit our pipes (reading them would never end):
    // its commands write to a log in the folder, which a failure quotes.
    private async Task AsPostgresAsync(string command, bool check = true)
    {
        var log = Path.Combine(folder, "commands.log");
        try
        {
            await RunAsync(check, "su", "postgres", "-c", $"{command} </dev/null >>{log} 2>&1");
        }
        catch (InvalidOperationException e) when (File.Exists(log))
        {
            throw new InvalidOperationException(e.Message + File.ReadAllText(log), e);
        }
    }

    private static async Task RunAsync(bool check, string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {output}");
    }
}
