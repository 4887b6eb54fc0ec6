using System.Runtime.CompilerServices;

namespace Impacte.BrowserTests;

internal static class TestSettings
{
    /// <summary>
    /// Many Workers start side by side here (in this process and as child processes): none opens the Prometheus
    /// port 9464 unless its test asks for one (--Metrics:Port=…, which overrides this).
    /// </summary>
    [ModuleInitializer]
    internal static void NoMetricsPort() => Environment.SetEnvironmentVariable("Metrics__Port", "0");

    /// <summary>
    /// Digests and chasers follow the real clock: from 07:00 each Monday every test member is due a digest, and in
    /// working hours the demo's overdue re-audit is chased, beside the mail a test counts (CI on a Monday morning
    /// failed thirteen tests that way). Their Workers schedule neither; a test about them turns them on
    /// (--Digests:Enabled=true, which overrides this) or calls the service with a fake clock.
    /// </summary>
    [ModuleInitializer]
    internal static void NoClockDrivenMail()
    {
        Environment.SetEnvironmentVariable("Digests__Enabled", "false");
        Environment.SetEnvironmentVariable("Chasers__Enabled", "false");
    }
}
