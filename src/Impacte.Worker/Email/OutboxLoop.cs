using Microsoft.Extensions.Options;

namespace Impacte.Worker.Email;

/// <summary>
/// Stand-in until the dispatcher becomes its own long-running service: sends what is due every Outbox:PollSeconds.
/// The dispatcher claims rows with SKIP LOCKED, so any number of Workers may run this loop at once.
/// </summary>
public sealed class OutboxLoop(OutboxDispatcher dispatcher, IOptions<OutboxOptions> options, ILogger<OutboxLoop> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The database away for a moment: the next round tries again.
                log.LogWarning(e, "Outbox round failed");
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), ct).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}

public static class OutboxSetup
{
    public static IServiceCollection AddImpacteOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.AddSingleton<IMailTransportFactory, SmtpMailTransportFactory>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxLoop>();
        return services;
    }
}
