using System.Diagnostics;
using Impacte.Domain.Meetings;

namespace Impacte.Domain.Tests.Meetings;

/// <summary>Our ICS read back by an independent parser: Python's icalendar (Debian package python3-icalendar).</summary>
public class CalendarInviteInteropTests
{
    private const string Python = "/usr/bin/python3";

    // Prints what a calendar would take from the file. A DTSTART with TZID is converted twice: by icalendar's own
    // reading (its tz database) and through the VTIMEZONE we wrote, so a wrong VTIMEZONE shows as another instant.
    private const string Script = """
        import sys, datetime, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        event = cal.walk('VEVENT')[0]
        zone = cal.walk('VTIMEZONE')[0].to_tz()
        start = event['DTSTART'].dt
        ours = zone.localize(start.replace(tzinfo=None)) if 'TZID' in event['DTSTART'].params else start
        utc = datetime.timezone.utc
        print(event['UID'])
        print(event['SEQUENCE'])
        print(start.astimezone(utc).strftime('%Y-%m-%dT%H:%M:%SZ'))
        print(ours.astimezone(utc).strftime('%Y-%m-%dT%H:%M:%SZ'))
        print(event['SUMMARY'])
        """;

    [Theory]
    [InlineData("Europe/London", "2026-01-14T12:30:00Z")]
    [InlineData("Europe/London", "2026-07-08T11:30:00Z")]
    [InlineData("Europe/London", "2027-03-28T11:30:00Z")]
    [InlineData("Europe/London", "2027-10-31T00:30:00Z")]
    [InlineData("Europe/Dublin", "2026-07-08T11:30:00Z")]
    [InlineData("Europe/Dublin", "2027-01-13T12:30:00Z")]
    [InlineData("America/New_York", "2026-11-01T15:00:00Z")]
    [InlineData("Australia/Sydney", "2026-07-08T08:00:00Z")]
    public async Task Python_icalendar_reads_back_the_uid_sequence_and_start_instant(string zone, string startUtc)
    {
        var cancel = TestContext.Current.CancellationToken;
        if (!await Runs(cancel, "-c", "import icalendar"))
            Assert.Skip($"{Python} cannot import icalendar; install the Debian package python3-icalendar to run this check.");

        var start = DateTimeOffset.Parse(startUtc, System.Globalization.CultureInfo.InvariantCulture);
        var invite = CalendarInviteTests.Invite(start) with { TimeZone = zone, Sequence = 4, Summary = "Statins, over-75s; a \"long\" look — 🩺\nagain" };
        var path = Path.Combine(Path.GetTempPath(), $"impacte-{Guid.NewGuid()}.ics");
        var script = Path.ChangeExtension(path, ".py");
        try
        {
            await File.WriteAllTextAsync(path, invite.ToIcs(), cancel);
            await File.WriteAllTextAsync(script, Script, cancel);

            var output = await Run(cancel, script, path);

            Assert.Equal(
                [invite.Uid, "4", startUtc, startUtc, "Statins, over-75s; a \"long\" look — 🩺\nagain"],
                output.TrimEnd('\n').Split('\n', 5));
        }
        finally
        {
            File.Delete(path);
            File.Delete(script);
        }
    }

    private static async Task<bool> Runs(CancellationToken cancel, params string[] arguments)
    {
        if (!File.Exists(Python)) return false;
        using var process = Start(arguments);
        await process.WaitForExitAsync(cancel);
        return process.ExitCode == 0;
    }

    private static async Task<string> Run(CancellationToken cancel, params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var errors = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        Assert.True(process.ExitCode == 0, $"python3 failed: {await errors}");
        return await output;
    }

    private static Process Start(string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        return Process.Start(start)!;
    }
}
