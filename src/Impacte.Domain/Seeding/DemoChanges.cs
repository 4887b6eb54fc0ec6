using System.Globalization;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Measures;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Seeding;

/// <summary>
/// The demo network's practice changes (seeds/changes.csv), their measures with monthly numbers (measures.csv) and
/// PDSA cycles (pdsa.csv). Every date is counted back from today when loaded, so the demo stays current: the last
/// point is last month's, a re-audit "10 days ago" is overdue today. A change already there (same club and title)
/// is left alone with everything under it.
/// </summary>
internal static class DemoChanges
{
    public static async Task<int> LoadAsync(ImpacteDbContext db, IReadOnlyList<Dictionary<string, string>> changes,
        IReadOnlyList<Dictionary<string, string>> measures, IReadOnlyList<Dictionary<string, string>> cycles, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var added = 0;
        foreach (var row in changes)
        {
            var key = row["key"];
            var club = await db.Clubs.SingleAsync(c => c.OdsCode == row["club_ods_code"], ct);
            if (await db.Set<PracticeChange>().AnyAsync(c => c.ClubId == club.Id && c.Title == row["title"], ct)) continue;

            var agreedAt = now.AddDays(-Int(row["agreed_days_ago"]));
            var status = ChangeWorkflow.TryParse(row["status"], out var s) ? s : throw new InvalidDataException($"changes.csv {key}: status '{row["status"]}'.");
            var leadId = await db.Memberships.Where(m => m.ClubId == club.Id && m.Role == ClubRole.Lead).Select(m => m.UserId).FirstAsync(ct);
            var question = row["question_population"] is { Length: > 0 } population
                ? await db.Questions.Where(q => q.ClubId == club.Id && q.Population == population).Select(q => new { q.Id }).FirstOrDefaultAsync(ct)
                : null;
            var appraisalId = question is null ? null : await db.Appraisals
                .Where(a => a.QuestionId == question.Id && a.Status == AppraisalStatus.Published).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);

            var change = new PracticeChange
            {
                ClubId = club.Id, Title = row["title"], Description = row["description"], OwnerId = await UserAsync(db, row["owner_email"], ct),
                DueOn = today.AddDays(Int(row["due_in_days"])), QuestionId = question?.Id, AppraisalId = appraisalId, Status = status,
                AbandonReason = Text(row["abandon_reason"]), WhatDidNotWork = Text(row["what_did_not_work"]),
                HowItMadeADifference = Text(row["how_it_made_a_difference"]), CreatedById = leadId, CreatedAt = agreedAt, UpdatedAt = agreedAt,
                ImplementedAt = row["implemented_days_ago"] is { Length: > 0 } imp ? now.AddDays(-Int(imp)) : null,
            };
            foreach (var email in row["team_emails"].Split(';', StringSplitOptions.RemoveEmptyEntries))
                change.Team.Add(new PracticeChangeTeamMember { ChangeId = change.Id, UserId = await UserAsync(db, email, ct) });

            // The meeting that agreed it, already held, with the decision in its minutes.
            if (Text(row["decision"]) is { } decision && question is not null)
            {
                var meeting = new Meeting
                {
                    ClubId = club.Id, StartsAt = agreedAt.AddDays(-7), EndsAt = agreedAt.AddDays(-7).AddHours(1), CreatedAt = agreedAt.AddDays(-60),
                    PackSentAt = agreedAt.AddDays(-14), ReminderSentAt = agreedAt.AddDays(-8), NotifiedSequence = 0,
                    Location = $"{club.Name}, meeting room",
                    Minutes = "Discussed the appraisal and agreed a practice change. Apologies were sent by two members.",
                };
                meeting.Agenda.Add(new AgendaItem
                {
                    MeetingId = meeting.Id, Position = 1, QuestionId = question.Id, Outcome = decision,
                    Presenters = { new AgendaPresenter { UserId = change.OwnerId, Position = 1 } },
                    Discussion = $"{await NameAsync(db, change.OwnerId, ct)} presented the appraisal; the club read the bottom line and the key results " +
                        "together and agreed the evidence applies to our patients. Who would run the search and the audit was settled before we closed.",
                });
                // Who came, as the lead recorded it: the lead, the change's owner and its team, each having answered yes.
                foreach (var userId in new[] { leadId, change.OwnerId }.Concat(change.Team.Select(t => t.UserId)).Distinct())
                {
                    meeting.Rsvps.Add(new MeetingRsvp { MeetingId = meeting.Id, UserId = userId, Response = RsvpResponse.Yes, RespondedAt = meeting.PackSentAt!.Value.AddDays(1), ForStartsAt = meeting.StartsAt });
                    meeting.Attendance.Add(new MeetingAttendance { MeetingId = meeting.Id, UserId = userId, RecordedAt = meeting.EndsAt });
                }
                db.Meetings.Add(meeting);
                change.MeetingId = meeting.Id;
            }

            History(change, leadId, status, agreedAt, change.ImplementedAt, now);
            db.Add(change);

            foreach (var m in measures.Where(m => m["change_key"] == key))
                db.Add(Measure(change, m, leadId, agreedAt, today, now));
            foreach (var p in cycles.Where(p => p["change_key"] == key))
                db.Add(Cycle(change, p, today, now));
            await db.SaveChangesAsync(ct);
            added++;
        }
        return added;
    }

    /// <summary>The history a change would have had: created, then each move along the main line to its status.</summary>
    private static void History(PracticeChange change, Guid leadId, ChangeStatus status, DateTimeOffset agreedAt, DateTimeOffset? implementedAt, DateTimeOffset now)
    {
        change.History.Add(new PracticeChangeEvent { ChangeId = change.Id, ById = leadId, At = agreedAt, Kind = ChangeEventKind.Created, ToStatus = ChangeStatus.Agreed });
        ChangeStatus[] line = status == ChangeStatus.Abandoned ? [ChangeStatus.Abandoned]
            : [ChangeStatus.InProgress, ChangeStatus.Implemented, ChangeStatus.Sustained];
        var from = ChangeStatus.Agreed;
        var at = agreedAt;
        foreach (var to in line)
        {
            if (status != ChangeStatus.Abandoned && to > status) break;
            at = to switch
            {
                ChangeStatus.InProgress => agreedAt.AddDays(7),
                ChangeStatus.Implemented => implementedAt ?? at.AddDays(30),
                ChangeStatus.Sustained => (implementedAt ?? at).AddDays(180),
                _ => now.AddDays(-30),
            };
            change.History.Add(new PracticeChangeEvent
            {
                ChangeId = change.Id, ById = change.OwnerId, At = at, Kind = ChangeEventKind.Transition, FromStatus = from, ToStatus = to,
                Note = to == ChangeStatus.Abandoned ? change.AbandonReason : null,
            });
            from = to;
        }
        change.UpdatedAt = at;
    }

    private static Measure Measure(PracticeChange change, Dictionary<string, string> row, Guid leadId, DateTimeOffset agreedAt, DateOnly today, DateTimeOffset now)
    {
        var proportion = row["denominator_definition"] is { Length: > 0 };
        var measure = new Measure
        {
            ChangeId = change.Id, Name = row["name"], NumeratorDefinition = row["numerator_definition"],
            DenominatorDefinition = proportion ? row["denominator_definition"] : null,
            StandardPercent = row["standard_percent"] is { Length: > 0 } sp ? decimal.Parse(sp, CultureInfo.InvariantCulture) : null,
            DataSource = Text(row["data_source"]), Period = MeasurePeriodKind.Month,
            Direction = row["direction"] == "down" ? ImprovementDirection.Down : ImprovementDirection.Up,
            BaselinePoints = Int(row["baseline_points"]), CreatedById = leadId, CreatedAt = agreedAt, UpdatedAt = now,
        };
        var values = row["points"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var last = MeasurePeriod.Containing(MeasurePeriodKind.Month, today).Ordinal - Int(row["last_point_months_ago"]);
        for (var i = 0; i < values.Length; i++)
        {
            var period = new MeasurePeriod(MeasurePeriodKind.Month, last - values.Length + 1 + i);
            var parts = values[i].Split('/');
            var enteredAt = new DateTimeOffset(period.End.AddDays(5).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            if (enteredAt > now) enteredAt = now;
            var point = new Measurement
            {
                MeasureId = measure.Id, Period = period.Label, Ordinal = period.Ordinal, Numerator = Dec(parts[0]),
                Denominator = parts.Length > 1 ? Dec(parts[1]) : null, EnteredById = change.OwnerId, EnteredAt = enteredAt,
                UpdatedById = change.OwnerId, UpdatedAt = enteredAt,
            };
            point.Revisions.Add(new MeasurementRevision
            {
                MeasurementId = point.Id, Numerator = point.Numerator, Denominator = point.Denominator, ById = change.OwnerId, At = enteredAt,
            });
            measure.Points.Add(point);
        }

        var baseline = new MeasureBaseline { MeasureId = measure.Id, Points = measure.BaselinePoints, ById = leadId, At = agreedAt };
        var baselineAudit = new MeasureAudit { MeasureId = measure.Id, Kind = AuditKind.Baseline, CreatedById = leadId, CreatedAt = agreedAt };
        if (measure.Points.Count >= measure.BaselinePoints)
        {
            // Frozen once complete; the baseline audit's result is the baseline itself.
            var through = measure.Points[measure.BaselinePoints - 1];
            var points = measure.Points.Take(measure.BaselinePoints).ToList();
            baseline.FrozenThrough = through.Period;
            baseline.FrozenThroughOrdinal = through.Ordinal;
            baseline.FrozenAt = through.EnteredAt;
            var centre = proportion ? points.Sum(p => p.Numerator) / points.Sum(p => p.Denominator!.Value) : points.Average(p => p.Numerator);
            baselineAudit.Value = centre;
            baselineAudit.BaselineCentre = centre;
            baselineAudit.StandardMet = measure.StandardPercent is { } standard ? centre * 100 >= standard : null;
            baselineAudit.RecordedById = change.OwnerId;
            baselineAudit.RecordedAt = through.EnteredAt;
        }
        measure.Baselines.Add(baseline);
        measure.Audits.Add(baselineAudit);

        // "days" or "days@months-ago": due that many days from today, reading the month before it (or the one named).
        foreach (var spec in row["reaudits_due_in_days"].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = spec.Split('@');
            var dueOn = today.AddDays(Int(parts[0]));
            var period = parts.Length > 1
                ? new MeasurePeriod(MeasurePeriodKind.Month, MeasurePeriod.Containing(MeasurePeriodKind.Month, today).Ordinal - Int(parts[1]))
                : MeasurePeriod.Containing(MeasurePeriodKind.Month, dueOn).Previous;
            measure.Audits.Add(new MeasureAudit
            {
                MeasureId = measure.Id, Kind = AuditKind.ReAudit, DueOn = dueOn, Period = period.Label, Ordinal = period.Ordinal,
                CreatedById = leadId, CreatedAt = agreedAt,
            });
        }
        return measure;
    }

    private static PdsaCycle Cycle(PracticeChange change, Dictionary<string, string> row, DateOnly today, DateTimeOffset now)
    {
        // Counted back from the first of this month, as the measures' monthly points are: a cycle studied "122 days
        // ago" then falls in the same month of the chart whatever the day of the month the seed runs (from today, on
        // the 30th it slipped to the last day of the month the improvement starts in).
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        DateOnly? Day(string column) => row[column] is { Length: > 0 } d ? monthStart.AddDays(-Int(d)) : null;
        return new PdsaCycle
        {
            ChangeId = change.Id, Ordinal = Int(row["ordinal"]), PlanWhat = row["plan_what"], PlanWho = Text(row["who"]),
            PlanWhen = Text(row["when"]), PlanWhere = Text(row["where"]), Prediction = row["prediction"], PlannedOn = Day("planned_days_ago")!.Value,
            WhatHappened = Text(row["what_happened"]), DoneOn = Day("done_days_ago"), Study = Text(row["study"]), StudiedOn = Day("studied_days_ago"),
            Act = row["act"] is { Length: > 0 } act ? Enum.Parse<PdsaDecision>(act, ignoreCase: true) : null, ActNote = Text(row["act_note"]),
            ActedOn = Day("studied_days_ago"), CreatedById = change.OwnerId, CreatedAt = now, UpdatedAt = now,
        };
    }

    private static async Task<Guid> UserAsync(ImpacteDbContext db, string email, CancellationToken ct) =>
        await db.Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct)
        ?? throw new InvalidDataException($"Demo changes: no person {email}.");

    private static async Task<string> NameAsync(ImpacteDbContext db, Guid userId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.Name).SingleAsync(ct);

    private static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static decimal Dec(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);
}
