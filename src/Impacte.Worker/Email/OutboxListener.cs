using Impacte.Domain;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Impacte.Worker.Email;

/// <summary>
/// The Worker's long-running outbox dispatcher: runs the lanes of <see cref="OutboxDispatcher"/> and holds one
/// PostgreSQL connection that LISTENs on "email_outbox" (notified by a trigger on insert), waking the lanes as soon as
/// an email is committed. If that connection breaks, the lanes keep polling every Outbox:PollSeconds while it is
/// re-opened, and a wake after re-opening catches whatever was written meanwhile.
/// </summary>
public sealed class OutboxListener(OutboxDispatcher dispatcher, IConfiguration configuration, IOptions<OutboxOptions> options, ILogger<OutboxListener> log)
    : BackgroundService
{
    public const string Channel = "email_outbox";

    private NpgsqlConnection? connection;

    /// <summary>Starts listening before the host reports started, so an email written right after start wakes a lane.</summary>
    public override async Task StartAsync(CancellationToken ct)
    {
        await TryListenAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var lanes = dispatcher.RunAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (connection is null && !await TryListenAsync(stop))
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), stop);
                    continue;
                }
                // A notification arrives through the handler; a quiet minute is used to check the connection lives.
                if (!await connection!.WaitAsync(TimeSpan.FromSeconds(30), stop))
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogWarning("Outbox notifications lost ({Reason}); polling until they are back", e.Message);
                await CloseAsync();
            }
        }
        await CloseAsync();
        await lanes;
    }

    private async Task<bool> TryListenAsync(CancellationToken ct)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(DependencyInjection.ConnectionStringName))
            {
                // Its own physical connection, never returned to a pool while it listens.
                Pooling = false,
                KeepAlive = 30,
            };
            var listening = new NpgsqlConnection(builder.ConnectionString);
            listening.Notification += (_, _) => dispatcher.Wake();
            await listening.OpenAsync(ct);
            await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listening))
                await listen.ExecuteNonQueryAsync(ct);
            connection = listening;
            dispatcher.Wake(); // whatever was written while nobody listened
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            log.LogWarning("Cannot listen for outbox notifications yet ({Reason}); polling meanwhile", e.Message);
            await CloseAsync();
            return false;
        }
    }

    private async Task CloseAsync()
    {
        if (connection is null) return;
        try { await connection.DisposeAsync(); }
        catch (Exception e) when (e is NpgsqlException or IOException) { }
        connection = null;
    }
}

public static class OutboxSetup
{
    /// <summary>The outbox dispatcher as a long-running service of the Worker: MailKit lanes woken by LISTEN/NOTIFY.</summary>
    public static IServiceCollection AddOutboxDispatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.TryAddSingleton<IMailTransportFactory, SmtpMailTransportFactory>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxListener>();
        return services;
    }
}
