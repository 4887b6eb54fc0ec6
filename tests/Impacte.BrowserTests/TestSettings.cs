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
}
