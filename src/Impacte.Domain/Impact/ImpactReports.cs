using System.Globalization;
using CsvHelper;
using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Measures;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Impact;

/// <summary>One change on an impact page, with its progress score and what its measures and audits show.</summary>
public sealed record ImpactChange(
    Guid Id, Guid ClubId, string ClubName, string Title, ChangeStatus Status, string OwnerName, DateOnly DueOn,
    ProgressResult Progress, int Measures, int ImprovingMeasures, DateOnly? NextAuditDue, int OverdueAudits,
    string? AbandonReason, string? WhatDidNotWork, DateTimeOffset UpdatedAt);

/// <summary>A measure whose chart shows an improvement signal, with the signal in words.</summary>
public sealed record ImprovingMeasure(Guid MeasureId, Guid ChangeId, string ChangeTitle, string ClubName, string Name, string Signal);

/// <summary>A re-audit not yet done: due within <see cref="ImpactReports.AuditHorizonDays"/> days, or overdue.</summary>
public sealed record AuditDue(Guid ChangeId, string ChangeTitle, string ClubName, string MeasureName, string OwnerName, DateOnly DueOn, bool Overdue);

/// <summary>What an impact page shows: changes by status, improving measures, audits due and overdue, abandoned changes and why.</summary>
public sealed record ImpactReport(
    string Scope, DateOnly Today, IReadOnlyList<(ChangeStatus Status, int Count)> ByStatus, IReadOnlyList<ImpactChange> Changes,
    IReadOnlyList<ImprovingMeasure> Improving, IReadOnlyList<AuditDue> Audits)
{
    public IReadOnlyList<ImpactChange> Abandoned => Changes.Where(c => c.Status == ChangeStatus.Abandoned).ToList();
}

/// <summary>
/// A club's and the network's impact. A club's impact is for its members (and admins): anyone else hears 404. The
/// network's shows each person the changes they may see (<see cref="PracticeChanges.Visible"/>: their clubs', and
/// every implemented or sustained one).
/// </summary>
public sealed class ImpactReports(ImpacteDbContext db, PracticeChanges changes, TimeProvider clock)
{
    /// <summary>How far ahead an audit counts as due.</summary>
    public const int AuditHorizonDays = 30;

    public async Task<ImpactReport> ClubAsync(Guid clubId, Actor actor, CancellationToken ct = default)
    {
        var club = await db.Clubs.Where(c => c.Id == clubId).Select(c => new { c.Name }).FirstOrDefaultAsync(ct);
        if (club is null || !actor.IsAdmin && !actor.IsMemberOf(clubId)) throw new NotFoundException("The club");
        return await BuildAsync(club.Name, db.Set<PracticeChange>().Where(c => c.ClubId == clubId), ct);
    }

    public Task<ImpactReport> NetworkAsync(Actor actor, CancellationToken ct = default) =>
        BuildAsync("the network", changes.Visible(actor, new ChangeFilter()), ct);

    private async Task<ImpactReport> BuildAsync(string scope, IQueryable<PracticeChange> query, CancellationToken ct)
    {
        var rows = await query
            .Select(c => new
            {
                c.Id, c.ClubId, ClubName = c.Club.Name, c.Club.TimeZone, c.Title, c.Status, OwnerName = c.Owner.Name, c.DueOn,
                c.AbandonReason, c.WhatDidNotWork, c.UpdatedAt,
            })
            .ToListAsync(ct);
        var evidence = await ChangeEvidenceLoader.LoadAsync(db, rows.Select(r => r.Id).ToList(), ct);
        var today = Today("Europe/London");

        var list = new List<ImpactChange>();
        var improving = new List<ImprovingMeasure>();
        var audits = new List<AuditDue>();
        foreach (var r in rows)
        {
            var clubToday = Today(r.TimeZone);
            var measures = evidence.MeasuresOf(r.Id);
            // An abandoned or sustained change chases no more audits.
            var open = ChangeWorkflow.IsFinal(r.Status) ? [] : measures
                .SelectMany(m => m.Audits.Where(a => !a.Done).Select(a => (Measure: m, Audit: a))).ToList();
            foreach (var (m, a) in open.Where(x => x.Audit.DueOn <= clubToday.AddDays(AuditHorizonDays)))
                audits.Add(new AuditDue(r.Id, r.Title, r.ClubName, m.Name, r.OwnerName, a.DueOn, a.DueOn < clubToday));
            foreach (var m in measures.Where(m => ProgressScore.HasImprovement(m.Chart)))
                improving.Add(new ImprovingMeasure(m.Id, r.Id, r.Title, r.ClubName, m.Name, Describe(m.Improvements.First())));
            list.Add(new ImpactChange(
                r.Id, r.ClubId, r.ClubName, r.Title, r.Status, r.OwnerName, r.DueOn, evidence.ProgressOf(r.Id),
                measures.Count, measures.Count(m => ProgressScore.HasImprovement(m.Chart)),
                open.Count == 0 ? null : open.Min(x => x.Audit.DueOn), open.Count(x => x.Audit.DueOn < clubToday),
                r.AbandonReason, r.WhatDidNotWork, r.UpdatedAt));
        }
        var byStatus = Enum.GetValues<ChangeStatus>().Select(s => (s, list.Count(c => c.Status == s))).ToList();
        return new ImpactReport(scope, today, byStatus,
            list.OrderBy(c => c.ClubName).ThenBy(c => c.Status).ThenByDescending(c => c.UpdatedAt).ToList(),
            improving.OrderBy(m => m.ClubName).ThenBy(m => m.ChangeTitle).ToList(),
            audits.OrderBy(a => a.DueOn).ThenBy(a => a.ChangeTitle).ToList());
    }

    /// <summary>"Shift: 7 points above the centre line, 2026-03 to 2026-09".</summary>
    public static string Describe(ChartSignal s)
    {
        var where = s.FromPeriod == s.ToPeriod ? s.FromPeriod : $"{s.FromPeriod} to {s.ToPeriod}";
        var what = s.Rule switch
        {
            SignalRule.OutsideLimits => s.Points == 1 ? "a point outside the limits" : $"{s.Points} points outside the limits",
            SignalRule.Shift => $"a shift of {s.Points} points {(s.Side == SignalSide.High ? "above" : "below")} the centre line",
            SignalRule.Trend => $"a trend of {s.Points} points {(s.Side == SignalSide.High ? "rising" : "falling")}",
            _ => $"{s.Points} of 3 points beyond 2σ",
        };
        return $"{(s.Meaning == SignalMeaning.Improvement ? "Improvement" : "Concern")}: {what}, {where}";
    }

    /// <summary>
    /// The report as CSV, one line per change, for a spreadsheet. Text that a spreadsheet would run as a formula
    /// (starting with = + - @, tab or CR) is written with a leading apostrophe, so it opens as text.
    /// </summary>
    public static void WriteCsv(ImpactReport report, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteRecord([
            "club", "change", "status", "owner", "due_on", "progress_score", "progress", "measures", "improving_measures",
            "next_audit_due", "overdue_audits", "abandon_reason", "what_did_not_work",
        ]);
        foreach (var c in report.Changes)
            csv.WriteRecord([
                c.ClubName, c.Title, c.Status.Name(), c.OwnerName, Date(c.DueOn), c.Progress.Score.ToString(CultureInfo.InvariantCulture),
                c.Progress.Label, c.Measures.ToString(CultureInfo.InvariantCulture), c.ImprovingMeasures.ToString(CultureInfo.InvariantCulture),
                c.NextAuditDue is { } next ? Date(next) : "", c.OverdueAudits.ToString(CultureInfo.InvariantCulture),
                c.AbandonReason ?? "", c.WhatDidNotWork ?? "",
            ]);
        csv.Flush();
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private DateOnly Today(string timeZone) => Club.DateIn(timeZone, clock.GetUtcNow());
}
