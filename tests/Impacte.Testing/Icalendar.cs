using System.Diagnostics;

namespace Impacte.Testing;

/// <summary>An ICS read back by an independent parser: Python's icalendar (Debian package python3-icalendar).</summary>
public static class Icalendar
{
    public sealed record Event(string Method, string Uid, int Sequence, DateTimeOffset StartUtc, DateTimeOffset EndUtc, string Status);

    private const string Script = """
        import sys, datetime, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        event = cal.walk('VEVENT')[0]
        utc = datetime.timezone.utc
        print(cal['METHOD'])
        print(event['UID'])
        print(event['SEQUENCE'])
        print(event['DTSTART'].dt.astimezone(utc).strftime('%Y-%m-%dT%H:%M:%SZ'))
        print(event['DTEND'].dt.astimezone(utc).strftime('%Y-%m-%dT%H:%M:%SZ'))
        print(event['STATUS'])
        """;

    public static bool Available => Run("-c", "import icalendar").ExitCode == 0;

    public static Event Parse(string ics)
    {
        var path = Path.Combine(Path.GetTempPath(), $"impacte-{Guid.NewGuid()}.ics");
        var script = Path.ChangeExtension(path, ".py");
        try
        {
            File.WriteAllText(path, ics);
            File.WriteAllText(script, Script);
            var (code, output) = Run(script, path);
            if (code != 0) throw new InvalidOperationException($"icalendar could not read the ICS: {output}");
            var lines = output.TrimEnd('\n').Split('\n');
            return new Event(lines[0], lines[1], int.Parse(lines[2]), DateTimeOffset.Parse(lines[3]), DateTimeOffset.Parse(lines[4]), lines[5]);
        }
        finally
        {
            File.Delete(path);
            File.Delete(script);
        }
    }

    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
