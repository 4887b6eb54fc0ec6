using System.Globalization;
using CsvHelper;
using Impacte.Domain.Changes;

namespace Impacte.Domain.Cpd;

/// <summary>
/// A CPD log as CSV: one row per learning event and per quality-improvement activity. Text that a spreadsheet would
/// run as a formula (starting with = + - @, tab or CR) is escaped with a leading apostrophe.
/// </summary>
public static class CpdCsv
{
    public static readonly string[] Header =
    [
        "type", "date", "title", "club", "hours", "role", "status", "what_i_learned", "what_i_will_change",
        "result", "what_did_not_work", "how_it_made_a_difference",
    ];

    public static void Write(CpdLog log, Stream stream)
    {
        // A byte order mark, so Excel opens the UTF-8 names and reflections as UTF-8.
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true }, leaveOpen: true);
        csv.WriteHeader(Header);
        foreach (var e in log.Learning)
            csv.WriteRecord([
                "learning event", e.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Topic(e), e.ClubName,
                e.Hours.ToString("0.##", CultureInfo.InvariantCulture), "attendee", "attended",
                e.Reflection?.WhatILearned, e.Reflection?.WhatIWillChange, null, null, null,
            ]);
        foreach (var q in log.Improvement)
            csv.WriteRecord([
                "quality improvement", DateOnly.FromDateTime(q.AgreedAt.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                q.Title, q.ClubName, null, q.Role, q.Status.Label(), null, null, Result(q),
                q.Status == ChangeStatus.Abandoned ? Join("Abandoned: " + q.AbandonReason, q.WhatDidNotWork) : q.WhatDidNotWork,
                q.HowItMadeADifference,
            ]);
    }

    /// <summary>What the meeting discussed, or a plain name when it had no agenda.</summary>
    public static string Topic(LearningEvent e) =>
        e.Topics.Count == 0 ? "Journal club meeting" : "Journal club: " + string.Join("; ", e.Topics);

    /// <summary>The measured result in words, or that there is none yet.</summary>
    public static string Result(QualityImprovement q) =>
        q.Results.Count == 0 ? "No measures yet" : string.Join("; ", q.Results.Select(r => r.Summary));

    private static string? Join(string? a, string? b) => b is null ? a : a is null ? b : a + " " + b;
}
