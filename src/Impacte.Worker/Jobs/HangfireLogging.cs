using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Impacte.Worker.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider (a static), which <c>AddHangfire</c> points at the logger factory of
/// the host that resolved it last. Where hosts share a process (the tests start and stop dozens, side by side), that host
/// may have stopped and disposed its factory; Hangfire makes a logger whenever it reads a retry attribute, so every job
/// of the hosts still running would then fail ("Cannot access a disposed object: LoggerFactory"), the recurring ones
/// for good. The Api's Hangfire client logs nothing for that reason (JobsDashboard); a Worker's server logs what its jobs
/// do, so this provider logs through the newest host whose factory is still open. A production Worker has one.
/// </summary>
internal static class HangfireLogging
{
    private static readonly List<ILoggerFactory> Factories = [];

    public static IGlobalConfiguration UseHostLogging(this IGlobalConfiguration configuration, ILoggerFactory factory)
    {
        lock (Factories) Factories.Add(factory);
        return configuration.UseLogProvider(NewestOpenHost.Instance);
    }

    private sealed class NewestOpenHost : ILogProvider
    {
        public static readonly NewestOpenHost Instance = new();

        public ILog GetLogger(string name)
        {
            lock (Factories)
            {
                for (var i = Factories.Count - 1; i >= 0; i--)
                {
                    try { return new AspNetCoreLogProvider(Factories[i]).GetLogger(name); }
                    catch (ObjectDisposedException) { Factories.RemoveAt(i); }
                }
            }
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
