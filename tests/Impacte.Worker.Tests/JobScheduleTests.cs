using Impacte.Worker.Jobs;

namespace Impacte.Worker.Tests;

/// <summary>Meetings:PollSeconds and HorizonMinutes as Hangfire cron schedules: as close as cron allows.</summary>
public sealed class JobScheduleTests
{
    [Theory]
    [InlineData(1, "* * * * * *")]
    [InlineData(30, "*/30 * * * * *")]
    [InlineData(45, "*/30 * * * * *")] // rounded down to a divisor of the minute
    [InlineData(60, "* * * * *")]
    [InlineData(300, "*/5 * * * *")]
    [InlineData(3600, "0 * * * *")]
    [InlineData(5 * 3600, "0 */4 * * *")]
    [InlineData(2 * 86400, "0 0 * * *")]
    public void AnIntervalBecomesTheCronClosestToItFromBelow(int seconds, string cron) =>
        Assert.Equal(cron, JobSettings.Cron(TimeSpan.FromSeconds(seconds)));
}
