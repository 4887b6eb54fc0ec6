using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using static Impacte.Domain.Common.FieldText;

namespace Impacte.Domain.Measures;

/// <summary>What the owner or lead types to add a measure. Words for the choices are the API's ("up", "month", "run").</summary>
public sealed record MeasureInput(
    string? Name,
    string? NumeratorDefinition,
    string? DenominatorDefinition = null,
    decimal? StandardPercent = null,
    string? DataSource = null,
    string? Direction = null,
    int? BaselinePoints = null,
    string? Period = null,
    string? ChartPreference = null);

/// <summary>One period's numbers as typed.</summary>
public sealed record PointInput(decimal? Numerator, decimal? Denominator = null, string? Note = null);

/// <summary>A saved measurement; <see cref="Created"/> is false when an existing one was corrected (or left as it was).</summary>
public sealed record PointSaved(Measurement Measurement, bool Created);

/// <summary>A dated line on a measure's chart: the meeting's decision, the implementation, each PDSA cycle.</summary>
public sealed record ChartAnnotation(DateOnly Date, string Label);

/// <summary>
/// More annotations for a change's charts, from features that own their own records (the meeting, the implementation
/// and PDSA cycles are built in). Register implementations in DI; <see cref="ChangeMeasures"/> asks each one.
/// </summary>
public interface IChartAnnotationSource
{
    Task<IReadOnlyList<ChartAnnotation>> ForChangeAsync(Guid changeId, CancellationToken ct);
}

/// <summary>A measure's chart with what it needs to be drawn and read: the measure, the SPC chart, the annotations.</summary>
public sealed record MeasureChartView(Measure Measure, PracticeChange Change, MeasureChart Chart, IReadOnlyList<ChartAnnotation> Annotations)
{
    public string Title => $"{Measure.Name} ({(Measure.IsProportion ? "% of " + Measure.DenominatorDefinition : "count")}, by {Measure.Period.ToString().ToLowerInvariant()})";

    /// <summary>Each signal as a sentence, in the chart's order.</summary>
    public IReadOnlyList<string> SignalsInWords => Chart.Signals.Select(s => ChartDescription.Sentence(Chart.Kind, s)).ToList();

    /// <summary>The chart in words, with the annotations named, for the accessible description.</summary>
    public string Description => Annotations.Count == 0
        ? Chart.Description
        : Chart.Description + " Marked on the chart: " + string.Join("; ", Annotations.Select(a => $"{a.Label} ({a.Date:d MMM yyyy})")) + ".";
}

/// <summary>
/// Measures of a practice change, their measurements, baselines and audit cycle, and their charts. Who may do what
/// follows the change (<see cref="ChangeAccess"/>): whoever may see the change sees its measures; its owner, the
/// club's leads and admins add measures, enter and correct numbers, re-baseline and record audits; only the club's
/// leads (and admins) set audit due dates. No business with the change: 404; may see but not do: 403.
/// </summary>
public sealed class ChangeMeasures(ImpacteDbContext db, TimeProvider clock, IEnumerable<IChartAnnotationSource> annotationSources)
{
    /// <summary>The change, with its club, if the actor may see it (404 otherwise).</summary>
    public async Task<PracticeChange> FindChangeAsync(Guid changeId, Actor actor, CancellationToken ct)
    {
        var change = await db.Set<PracticeChange>().Include(c => c.Club).FirstOrDefaultAsync(c => c.Id == changeId, ct);
        if (change is null || !actor.CanSee(change)) throw new NotFoundException("The change");
        return change;
    }

    /// <summary>A change's measures, in the order they were added, with their baselines and audits.</summary>
    public async Task<IReadOnlyList<Measure>> ListAsync(Guid changeId, Actor actor, CancellationToken ct = default)
    {
        await FindChangeAsync(changeId, actor, ct);
        var measures = await db.Set<Measure>().Include(m => m.Baselines).Include(m => m.Audits)
            .Where(m => m.ChangeId == changeId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).AsSplitQuery().ToListAsync(ct);
        foreach (var measure in measures) Order(measure);
        return measures;
    }

    /// <summary>The measure with its change (and club), baselines and audits, if the actor may see the change.</summary>
    public async Task<Measure> FindAsync(Guid measureId, Actor actor, CancellationToken ct = default)
    {
        var measure = await db.Set<Measure>().Include(m => m.Change).ThenInclude(c => c.Club)
            .Include(m => m.Baselines).Include(m => m.Audits).AsSplitQuery()
            .FirstOrDefaultAsync(m => m.Id == measureId, ct);
        if (measure is null || !actor.CanSee(measure.Change)) throw new NotFoundException("The measure");
        Order(measure);
        return measure;
    }

    private static void Order(Measure measure)
    {
        measure.Baselines.Sort((a, b) => (a.FromOrdinal ?? int.MinValue).CompareTo(b.FromOrdinal ?? int.MinValue));
        measure.Audits.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind)
            : Nullable.Compare(a.DueOn, b.DueOn) is var byDate and not 0 ? (a.DueOn is null ? 1 : b.DueOn is null ? -1 : byDate)
            : a.Id.CompareTo(b.Id));
    }

    public static bool CanEdit(Actor actor, PracticeChange change) => actor.CanEdit(change);

    /// <summary>Due dates are the lead's to set (admins too).</summary>
    public static bool CanSchedule(Actor actor, PracticeChange change) => actor.IsAdmin || actor.IsLeadOf(change.ClubId);

    private static void EnsureCanEdit(Actor actor, PracticeChange change, string what)
    {
        if (!actor.CanEdit(change)) throw new ForbiddenException($"Only the change's owner or the club's leads can {what}.");
    }

    private static void EnsureOpen(PracticeChange change)
    {
        if (change.Status == ChangeStatus.Abandoned)
            throw new ConflictException("This change was abandoned: its measures are kept as they were.");
    }

    /// <summary>
    /// Adds a measure (the change's owner, the club's leads, admins) with its original baseline, a baseline audit and
    /// the default re-audits 3 and 6 months after implementation (dated now if the change is already implemented).
    /// </summary>
    public async Task<Measure> CreateAsync(Guid changeId, MeasureInput input, Actor actor, CancellationToken ct = default)
    {
        var change = await FindChangeAsync(changeId, actor, ct);
        EnsureCanEdit(actor, change, "add a measure");
        EnsureOpen(change);

        var errors = new Dictionary<string, string[]>();
        var name = Required(input.Name, "name", "Name the measure (the audit criterion).", Measure.MaxName, errors);
        var numerator = Required(input.NumeratorDefinition, "numeratorDefinition", "Say what is counted (the numerator).", Measure.MaxDefinition, errors);
        var denominator = Optional(input.DenominatorDefinition, "denominatorDefinition", Measure.MaxDefinition, errors);
        var dataSource = Optional(input.DataSource, "dataSource", Measure.MaxDataSource, errors);
        if (input.StandardPercent is { } standard)
        {
            if (standard is < 0 or > 100) errors["standardPercent"] = ["The standard is a percentage from 0 to 100."];
            else if (denominator is null && input.DenominatorDefinition is null)
                errors["standardPercent"] = ["A standard in percent needs a denominator: say whom the numerator is counted out of."];
        }
        var direction = ImprovementDirection.Up;
        if (input.Direction is not null && !Words.TryParse(input.Direction, Words.Directions, out direction))
            errors["direction"] = ["Choose up (higher is better) or down (lower is better)."];
        var period = MeasurePeriodKind.Month;
        if (input.Period is not null && !Words.TryParse(input.Period, Words.Periods, out period))
            errors["period"] = ["Choose month or week."];
        var preference = ChartPreference.Automatic;
        if (input.ChartPreference is not null && !Words.TryParse(input.ChartPreference, Words.Preferences, out preference))
            errors["chartPreference"] = ["Choose auto (the data decides) or run (always a run chart)."];
        var baselinePoints = input.BaselinePoints ?? Measure.DefaultBaselinePoints;
        if (baselinePoints is < Baseline.MinimumPoints or > Measure.MaxBaselinePoints)
            errors["baselinePoints"] = [$"A baseline has from {Baseline.MinimumPoints} to {Measure.MaxBaselinePoints} points."];
        ClubRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        var measure = new Measure
        {
            ChangeId = change.Id, Name = name!, NumeratorDefinition = numerator!, DenominatorDefinition = denominator,
            StandardPercent = input.StandardPercent, DataSource = dataSource, Period = period, Direction = direction,
            BaselinePoints = baselinePoints, ChartPreference = preference, CreatedById = actor.UserId, CreatedAt = now, UpdatedAt = now,
            Change = change,
        };
        measure.Baselines.Add(new MeasureBaseline { MeasureId = measure.Id, Points = baselinePoints, ById = actor.UserId, At = now });
        measure.Audits.Add(new MeasureAudit { MeasureId = measure.Id, Kind = AuditKind.Baseline, CreatedById = actor.UserId, CreatedAt = now });
        foreach (var months in MeasureAudit.DefaultMonthsAfterImplementation)
            measure.Audits.Add(new MeasureAudit
            {
                MeasureId = measure.Id, Kind = AuditKind.ReAudit, MonthsAfterImplementation = months, CreatedById = actor.UserId, CreatedAt = now,
            });
        if (change.ImplementedAt is { } implementedAt) DateDefaultReaudits(measure, change, implementedAt);
        db.Add(measure);
        await db.SaveChangesAsync(ct);
        return measure;
    }

    /// <summary>
    /// Dates the default re-audits of every measure of a change that has just been implemented (the lead's own dates
    /// are kept). Called by <see cref="PracticeChanges.TransitionAsync"/> before it saves.
    /// </summary>
    public static async Task OnImplementedAsync(ImpacteDbContext db, PracticeChange change, DateTimeOffset implementedAt, CancellationToken ct)
    {
        var club = change.Club ?? await db.Clubs.SingleAsync(c => c.Id == change.ClubId, ct);
        var measures = await db.Set<Measure>().Include(m => m.Audits).Where(m => m.ChangeId == change.Id).ToListAsync(ct);
        foreach (var measure in measures)
        {
            measure.Change = change;
            change.Club = club;
            DateDefaultReaudits(measure, change, implementedAt);
        }
    }

    private static void DateDefaultReaudits(Measure measure, PracticeChange change, DateTimeOffset implementedAt)
    {
        var implementedOn = change.Club.DateAt(implementedAt);
        foreach (var audit in measure.Audits.Where(a => a.Kind == AuditKind.ReAudit && a.MonthsAfterImplementation is not null && a.DueOn is null))
            SetDue(audit, measure, implementedOn.AddMonths(audit.MonthsAfterImplementation!.Value), null);
    }

    /// <summary>A re-audit reads the last whole period before its due date, unless told which.</summary>
    private static void SetDue(MeasureAudit audit, Measure measure, DateOnly dueOn, MeasurePeriod? period)
    {
        var read = period ?? MeasurePeriod.Containing(measure.Period, dueOn).Previous;
        audit.DueOn = dueOn;
        if (audit.Kind == AuditKind.ReAudit)
        {
            audit.Period = read.Label;
            audit.Ordinal = read.Ordinal;
        }
    }

    /// <summary>The measurement of one period with every save (entry, then corrections), or null when not entered.</summary>
    public async Task<(Measure Measure, MeasurePeriod Period, Measurement? Measurement)> PointAsync(Guid measureId, string period, Actor actor, CancellationToken ct = default)
    {
        var measure = await FindAsync(measureId, actor, ct);
        var parsed = ParsePeriod(measure, period, allowFuture: true);
        var measurement = await db.Set<Measurement>().Include(m => m.Revisions)
            .FirstOrDefaultAsync(m => m.MeasureId == measureId && m.Ordinal == parsed.Ordinal, ct);
        measurement?.Revisions.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id));
        return (measure, parsed, measurement);
    }

    /// <summary>Every measurement of the measure, in period order.</summary>
    public async Task<IReadOnlyList<Measurement>> PointsAsync(Measure measure, CancellationToken ct = default) =>
        await db.Set<Measurement>().Where(m => m.MeasureId == measure.Id).OrderBy(m => m.Ordinal).ToListAsync(ct);

    /// <summary>
    /// Enters or corrects one period's numbers (the owner, the club's leads, admins). A correction keeps what was
    /// there before in the history. Periods of a frozen baseline are closed (409): re-baseline, with a reason, instead.
    /// </summary>
    public async Task<PointSaved> SavePointAsync(Guid measureId, string period, PointInput input, Actor actor, CancellationToken ct = default)
    {
        var measure = await FindAsync(measureId, actor, ct);
        EnsureCanEdit(actor, measure.Change, "enter its measurements");
        EnsureOpen(measure.Change);

        var errors = new Dictionary<string, string[]>();
        MeasurePeriod parsed = default;
        try { parsed = ParsePeriod(measure, period, allowFuture: false); }
        catch (DomainValidationException e) { foreach (var (k, v) in e.Errors) errors[k] = v; }
        if (input.Numerator is not { } numerator) errors["numerator"] = ["Enter the numerator (how many met the criterion)."];
        else if (numerator < 0) errors["numerator"] = ["The numerator cannot be negative."];
        else if (decimal.Round(numerator, 4) != numerator) errors["numerator"] = ["Use at most 4 decimal places."];
        if (measure.IsProportion)
        {
            if (input.Denominator is not { } denominator) errors["denominator"] = ["Enter the denominator (how many were eligible)."];
            else if (denominator < 0) errors["denominator"] = ["The denominator cannot be negative."];
            else if (decimal.Round(denominator, 4) != denominator) errors["denominator"] = ["Use at most 4 decimal places."];
            else if (input.Numerator > denominator && !errors.ContainsKey("numerator"))
                errors["numerator"] = ["The numerator cannot be more than the denominator."];
        }
        else if (input.Denominator is not null)
            errors["denominator"] = ["This measure is a count or rate: it has no denominator."];
        var note = Optional(input.Note, "note", Measurement.MaxNote, errors);
        ClubRules.ThrowIfAny(errors);
        if (FrozenBaselineHolding(measure, parsed.Ordinal) is { } frozen)
            throw new ConflictException(
                $"The baseline is frozen through {frozen.FrozenThrough}: its periods cannot be entered or corrected. " +
                "If the process has changed, re-baseline with a reason.");

        var now = clock.UtcNowForDb();
        var measurement = await db.Set<Measurement>().FirstOrDefaultAsync(m => m.MeasureId == measureId && m.Ordinal == parsed.Ordinal, ct);
        var created = measurement is null;
        if (measurement is null)
        {
            measurement = new Measurement
            {
                MeasureId = measure.Id, Period = parsed.Label, Ordinal = parsed.Ordinal, Numerator = input.Numerator!.Value,
                Denominator = input.Denominator, Note = note, EnteredById = actor.UserId, EnteredAt = now, UpdatedById = actor.UserId, UpdatedAt = now,
            };
            db.Add(measurement);
        }
        else if (measurement.Numerator == input.Numerator && measurement.Denominator == input.Denominator && measurement.Note == note)
            return new PointSaved(measurement, false); // nothing changed: no correction to record
        else
        {
            measurement.Numerator = input.Numerator!.Value;
            measurement.Denominator = input.Denominator;
            measurement.Note = note;
            measurement.UpdatedById = actor.UserId;
            measurement.UpdatedAt = now;
        }
        db.Add(new MeasurementRevision
        {
            MeasurementId = measurement.Id, Numerator = measurement.Numerator, Denominator = measurement.Denominator, Note = note,
            IsCorrection = !created, ById = actor.UserId, At = now,
        });
        measure.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await FreezeCompleteBaselinesAsync(measure, now, ct);
        return new PointSaved(measurement, created);
    }

    /// <summary>The frozen baseline whose periods include this one (the original holds everything up to its end).</summary>
    private static MeasureBaseline? FrozenBaselineHolding(Measure measure, int ordinal) =>
        measure.Baselines.FirstOrDefault(b => b.FrozenThroughOrdinal is { } end && ordinal <= end && ordinal >= (b.FromOrdinal ?? int.MinValue));

    /// <summary>A baseline is frozen once it has all its measured (plotted) points.</summary>
    private async Task FreezeCompleteBaselinesAsync(Measure measure, DateTimeOffset now, CancellationToken ct)
    {
        var open = measure.Baselines.Where(b => b.FrozenThroughOrdinal is null).ToList();
        if (open.Count == 0) return;
        var plotted = (await PointsAsync(measure, ct)).Where(p => p.Denominator is not 0).ToList();
        foreach (var baseline in open)
        {
            var next = measure.Baselines.Where(b => b.FromOrdinal > (baseline.FromOrdinal ?? int.MinValue)).Min(b => b.FromOrdinal) ?? int.MaxValue;
            var points = plotted.Where(p => p.Ordinal >= (baseline.FromOrdinal ?? int.MinValue) && p.Ordinal < next).Take(baseline.Points).ToList();
            if (points.Count < baseline.Points) continue;
            baseline.FrozenThrough = points[^1].Period;
            baseline.FrozenThroughOrdinal = points[^1].Ordinal;
            baseline.FrozenAt = now;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Starts a new baseline from a later period, with the reason recorded (the owner, the club's leads, admins).
    /// The current baseline must be frozen and the new one must start after it; earlier baselines stay on the chart.
    /// </summary>
    public async Task<MeasureBaseline> RebaselineAsync(Guid measureId, string? fromPeriod, int? points, string? reason, Actor actor, CancellationToken ct = default)
    {
        var measure = await FindAsync(measureId, actor, ct);
        EnsureCanEdit(actor, measure.Change, "re-baseline its measures");
        EnsureOpen(measure.Change);

        var errors = new Dictionary<string, string[]>();
        var why = Optional(reason, "reason", MeasureBaseline.MaxReason, errors);
        if (why is null && !errors.ContainsKey("reason"))
            errors["reason"] = ["Say why the measure is re-baselined (what changed in the process), so the chart can be read honestly."];
        MeasurePeriod from = default;
        try { from = ParsePeriod(measure, fromPeriod, allowFuture: true, field: "fromPeriod"); }
        catch (DomainValidationException e) { foreach (var (k, v) in e.Errors) errors[k] = v; }
        var count = points ?? measure.BaselinePoints;
        if (count is < Baseline.MinimumPoints or > Measure.MaxBaselinePoints)
            errors["points"] = [$"A baseline has from {Baseline.MinimumPoints} to {Measure.MaxBaselinePoints} points."];
        ClubRules.ThrowIfAny(errors);

        var current = measure.Baselines[^1];
        if (current.FrozenThroughOrdinal is not { } frozenThrough)
            throw new ConflictException("The current baseline is still collecting its points: re-baseline once it is frozen.");
        if (from.Ordinal <= frozenThrough)
            throw new DomainValidationException("fromPeriod", $"A new baseline starts after the current one, which runs to {current.FrozenThrough}.");

        var now = clock.UtcNowForDb();
        var baseline = new MeasureBaseline
        {
            MeasureId = measure.Id, FromPeriod = from.Label, FromOrdinal = from.Ordinal, Points = count, Reason = why, ById = actor.UserId, At = now,
        };
        // Added explicitly (found through the collection, a set key would read as an existing row); EF puts it in the collection.
        db.Add(baseline);
        if (!measure.Baselines.Contains(baseline)) measure.Baselines.Add(baseline);
        measure.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await FreezeCompleteBaselinesAsync(measure, now, ct); // its periods may be measured already
        return baseline;
    }

    /// <summary>The chart of a measure: points, baselines, signals, and the change's annotations.</summary>
    public async Task<MeasureChartView> ChartAsync(Guid measureId, Actor actor, CancellationToken ct = default)
    {
        var measure = await FindAsync(measureId, actor, ct);
        return await ChartAsync(measure, ct: ct);
    }

    /// <summary>
    /// The chart of a measure already found (and so already authorised), with the change's annotations: pass them when
    /// drawing several measures of one change, so they are read once.
    /// </summary>
    public async Task<MeasureChartView> ChartAsync(Measure measure, IReadOnlyList<ChartAnnotation>? annotations = null, CancellationToken ct = default) =>
        new(measure, measure.Change, await SeriesChartAsync(measure, ct), annotations ?? await AnnotationsAsync(measure.Change, ct));

    /// <summary>The measure's points, baselines and signals only: what a result needs, without the annotations a drawing needs.</summary>
    public async Task<MeasureChart> SeriesChartAsync(Measure measure, CancellationToken ct = default)
    {
        var points = await PointsAsync(measure, ct);
        var series = new MeasureSeries(
            points.Select(p => new MeasurePoint(p.Period, p.Ordinal, p.Numerator, p.Denominator)).ToList(),
            Baseline.FirstPoints(measure.Baselines[0].Points),
            measure.Direction,
            measure.ChartPreference,
            measure.Baselines.Skip(1).Select(b => Baseline.Rebaseline(b.FromOrdinal!.Value, b.Points, b.Reason!)).ToList());
        return MeasureChart.Build(series);
    }

    /// <summary>The meeting that decided the change, its implementation, and whatever other sources add (PDSA cycles).</summary>
    public async Task<IReadOnlyList<ChartAnnotation>> AnnotationsAsync(PracticeChange change, CancellationToken ct = default)
    {
        var club = change.Club ?? await db.Clubs.SingleAsync(c => c.Id == change.ClubId, ct);
        var annotations = new List<ChartAnnotation>();
        if (change.MeetingId is { } meetingId
            && await db.Meetings.Where(m => m.Id == meetingId).Select(m => (DateTimeOffset?)m.StartsAt).FirstOrDefaultAsync(ct) is { } decided)
            annotations.Add(new ChartAnnotation(club.DateAt(decided), "Meeting decision"));
        if (change.ImplementedAt is { } implemented)
            annotations.Add(new ChartAnnotation(club.DateAt(implemented), "Change implemented"));
        // Each PDSA cycle, on the day it was carried out (or planned for, until it is).
        var cycles = await db.Set<PdsaCycle>().Where(p => p.ChangeId == change.Id).OrderBy(p => p.Ordinal)
            .Select(p => new { p.Ordinal, p.PlannedOn, p.DoneOn }).ToListAsync(ct);
        annotations.AddRange(cycles.Select(p => new ChartAnnotation(p.DoneOn ?? p.PlannedOn, $"PDSA cycle {p.Ordinal}")));
        foreach (var source in annotationSources)
            annotations.AddRange(await source.ForChangeAsync(change.Id, ct));
        return annotations.OrderBy(a => a.Date).ToList();
    }

    /// <summary>A measure's audits: the baseline audit first, then re-audits by due date.</summary>
    public async Task<IReadOnlyList<MeasureAudit>> AuditsAsync(Guid measureId, Actor actor, CancellationToken ct = default) =>
        (await FindAsync(measureId, actor, ct)).Audits;

    /// <summary>Adds a re-audit due on a date (the club's leads, admins).</summary>
    public async Task<MeasureAudit> AddAuditAsync(Guid measureId, DateOnly? dueOn, string? period, Actor actor, CancellationToken ct = default)
    {
        var measure = await FindAsync(measureId, actor, ct);
        if (!CanSchedule(actor, measure.Change)) throw new ForbiddenException("Only the club's leads set audit dates.");
        EnsureOpen(measure.Change);
        var audit = new MeasureAudit { MeasureId = measure.Id, Kind = AuditKind.ReAudit, CreatedById = actor.UserId, CreatedAt = clock.UtcNowForDb() };
        Schedule(audit, measure, dueOn, period, required: true);
        db.Add(audit);
        await db.SaveChangesAsync(ct);
        return audit;
    }

    /// <summary>Moves an audit's due date, and the period a re-audit reads (the club's leads, admins).</summary>
    public async Task<MeasureAudit> ScheduleAuditAsync(Guid auditId, DateOnly? dueOn, string? period, Actor actor, CancellationToken ct = default)
    {
        var (measure, audit) = await AuditAsync(auditId, actor, ct);
        if (!CanSchedule(actor, measure.Change)) throw new ForbiddenException("Only the club's leads set audit dates.");
        EnsureOpen(measure.Change);
        if (audit.IsRecorded) throw new ConflictException("This audit's result is recorded: its date can no longer move.");
        Schedule(audit, measure, dueOn, period, required: false);
        await db.SaveChangesAsync(ct);
        return audit;
    }

    private void Schedule(MeasureAudit audit, Measure measure, DateOnly? dueOn, string? period, bool required)
    {
        var errors = new Dictionary<string, string[]>();
        if (dueOn is null && required) errors["dueOn"] = ["Give the date the audit is due."];
        MeasurePeriod? read = null;
        if (period is not null)
        {
            if (audit.Kind == AuditKind.Baseline) errors["period"] = ["The baseline audit reads the baseline, not one period."];
            else
                try { read = ParsePeriod(measure, period, allowFuture: true); }
                catch (DomainValidationException e) { foreach (var (k, v) in e.Errors) errors[k] = v; }
        }
        if (dueOn is { } due && (due.Year < MeasurePeriod.FirstYear || due.Year > MeasurePeriod.LastYear))
            errors["dueOn"] = [$"Give a date from {MeasurePeriod.FirstYear} to {MeasurePeriod.LastYear}."];
        ClubRules.ThrowIfAny(errors);
        if (dueOn is null && read is null) return;
        // A period given alone keeps the due date (or is due the day after it ends, when there is none yet).
        SetDue(audit, measure, dueOn ?? audit.DueOn ?? read!.Value.End.AddDays(1), read);
        audit.MonthsAfterImplementation = null; // the lead's own date from now on
    }

    /// <summary>
    /// Records an audit's result (the owner, the club's leads, admins): the re-audit's period value (it must be
    /// measured) or the frozen baseline's centre, against the standard (met or not) and against the baseline.
    /// </summary>
    public async Task<MeasureAudit> RecordAuditAsync(Guid auditId, string? note, Actor actor, CancellationToken ct = default)
    {
        var (measure, audit) = await AuditAsync(auditId, actor, ct);
        EnsureCanEdit(actor, measure.Change, "record audit results");
        EnsureOpen(measure.Change);
        var errors = new Dictionary<string, string[]>();
        var text = Optional(note, "note", MeasureAudit.MaxNote, errors);
        ClubRules.ThrowIfAny(errors);

        var view = await ChartAsync(measure, ct: ct);
        if (audit.Kind == AuditKind.Baseline)
        {
            var baseline = view.Chart.Baselines.FirstOrDefault();
            if (baseline is null || measure.Baselines[0].FrozenThroughOrdinal is null)
                throw new ConflictException($"The baseline has {baseline?.Points ?? 0} of its {measure.Baselines[0].Points} points: measure them first.");
            audit.Value = baseline.Centre;
            audit.BaselineCentre = baseline.Centre;
            audit.AgainstBaseline = null;
        }
        else
        {
            if (audit.Period is null) throw new ConflictException("Set the audit's due date first: it says which period is audited.");
            var point = view.Chart.Points.FirstOrDefault(p => p.Ordinal == audit.Ordinal)
                ?? throw new ConflictException($"Enter the measurement for {audit.Period} first: it is this audit's result.");
            audit.Value = point.Value;
            audit.BaselineCentre = point.Centre;
            audit.AgainstBaseline = Compare(point.Value, point.Centre, measure.Direction);
        }
        audit.StandardMet = measure.StandardPercent is { } standard
            ? measure.Direction == ImprovementDirection.Up ? audit.Value * 100 >= standard : audit.Value * 100 <= standard
            : null;
        audit.ResultNote = text;
        audit.RecordedById = actor.UserId;
        audit.RecordedAt = clock.UtcNowForDb();
        await db.SaveChangesAsync(ct);
        return audit;
    }

    private static BaselineComparison Compare(decimal value, decimal centre, ImprovementDirection direction)
    {
        // Within half a hundredth of a percentage point (or of a count) is the same, not a rounding accident.
        if (Math.Abs(value - centre) < 0.00005m) return BaselineComparison.Same;
        return (value > centre) == (direction == ImprovementDirection.Up) ? BaselineComparison.Better : BaselineComparison.Worse;
    }

    private async Task<(Measure, MeasureAudit)> AuditAsync(Guid auditId, Actor actor, CancellationToken ct)
    {
        var measureId = await db.Set<MeasureAudit>().Where(a => a.Id == auditId).Select(a => (Guid?)a.MeasureId).FirstOrDefaultAsync(ct);
        if (measureId is null) throw new NotFoundException("The audit");
        Measure measure;
        try { measure = await FindAsync(measureId.Value, actor, ct); }
        catch (NotFoundException) { throw new NotFoundException("The audit"); }
        return (measure, measure.Audits.Single(a => a.Id == auditId));
    }

    private MeasurePeriod ParsePeriod(Measure measure, string? text, bool allowFuture, string field = "period")
    {
        if (!MeasurePeriod.TryParse(measure.Period, text, out var period))
            throw new DomainValidationException(field,
                $"Give a {measure.Period.ToString().ToLowerInvariant()} like {MeasurePeriod.Example(measure.Period)} " +
                $"(years {MeasurePeriod.FirstYear} to {MeasurePeriod.LastYear}).");
        if (!allowFuture && period.Ordinal > MeasurePeriod.Containing(measure.Period, measure.Change.Club.DateAt(clock.GetUtcNow())).Ordinal)
            throw new DomainValidationException(field, $"{period.Label} has not started yet: numbers can be entered from its first day.");
        return period;
    }

    /// <summary>Today in the change's club (audits fall due by the club's calendar).</summary>
    public DateOnly TodayFor(PracticeChange change) => change.Club.DateAt(clock.GetUtcNow());

}

/// <summary>The words the API and pages use for a measure's choices.</summary>
public static class Words
{
    public static readonly IReadOnlyDictionary<string, ImprovementDirection> Directions =
        new Dictionary<string, ImprovementDirection> { ["up"] = ImprovementDirection.Up, ["down"] = ImprovementDirection.Down };

    public static readonly IReadOnlyDictionary<string, MeasurePeriodKind> Periods =
        new Dictionary<string, MeasurePeriodKind> { ["month"] = MeasurePeriodKind.Month, ["week"] = MeasurePeriodKind.Week };

    public static readonly IReadOnlyDictionary<string, ChartPreference> Preferences =
        new Dictionary<string, ChartPreference> { ["auto"] = ChartPreference.Automatic, ["run"] = ChartPreference.RunChart };

    public static bool TryParse<T>(string text, IReadOnlyDictionary<string, T> words, out T value) where T : struct =>
        words.TryGetValue(text, out value);

    public static string Name<T>(IReadOnlyDictionary<string, T> words, T value) where T : struct =>
        words.First(w => EqualityComparer<T>.Default.Equals(w.Value, value)).Key;

    public static string Name(this ChartKind kind) => kind switch { ChartKind.P => "p", ChartKind.XmR => "xmr", _ => "run" };

    public static string Name(this SignalRule rule) => rule switch
    {
        SignalRule.OutsideLimits => "outside-limits",
        SignalRule.Shift => "shift",
        SignalRule.Trend => "trend",
        _ => "two-of-three",
    };
}
