namespace Impacte.Domain.Common;

public static class TimeProviderExtensions
{
    /// <summary>UTC now, truncated to microseconds so it round-trips through PostgreSQL timestamptz unchanged.</summary>
    public static DateTimeOffset UtcNowForDb(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % 10, TimeSpan.Zero);
    }
}
