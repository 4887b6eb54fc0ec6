using Impacte.Domain.Access;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using static Impacte.Domain.Common.FieldText;

namespace Impacte.Domain.Changes;

/// <summary>
/// The parts of a PDSA cycle someone writes. On create the plan is required; on edit a null keeps a part, and a
/// blank text clears it. <c>Act</c> is adopt, adapt or abandon.
/// </summary>
public sealed record PdsaInput(
    string? PlanWhat = null,
    string? PlanWho = null,
    string? PlanWhen = null,
    string? PlanWhere = null,
    string? Prediction = null,
    DateOnly? PlannedOn = null,
    string? WhatHappened = null,
    DateOnly? DoneOn = null,
    string? Study = null,
    DateOnly? StudiedOn = null,
    string? Act = null,
    string? ActNote = null,
    DateOnly? ActedOn = null);

/// <summary>
/// PDSA cycles on a practice change. They follow the change's own rules: whoever may see the change sees its cycles;
/// its owner, the club's leads and admins add and write them. Each add and edit is a line in the change's history.
/// </summary>
public sealed class PdsaCycles(ImpacteDbContext db, PracticeChanges changes, TimeProvider clock)
{
    private IQueryable<PdsaCycle> Cycles => db.Set<PdsaCycle>();

    /// <summary>The change's cycles in order, for whoever may see the change (404 otherwise).</summary>
    public async Task<IReadOnlyList<PdsaCycle>> ListAsync(Guid changeId, Actor actor, CancellationToken ct = default)
    {
        await changes.FindAsync(changeId, actor, ct);
        return await Cycles.Where(c => c.ChangeId == changeId).OrderBy(c => c.Ordinal).ToListAsync(ct);
    }

    /// <summary>One cycle and its change, if the actor may see the change (404 otherwise, as if it did not exist).</summary>
    public async Task<(PdsaCycle Cycle, PracticeChange Change)> FindAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var cycle = await Cycles.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("The PDSA cycle");
        try
        {
            return (cycle, await changes.FindAsync(cycle.ChangeId, actor, ct));
        }
        catch (NotFoundException)
        {
            throw new NotFoundException("The PDSA cycle");
        }
    }

    /// <summary>Adds the next cycle to a change that is still running (the owner, the club's leads, admins).</summary>
    public async Task<PdsaCycle> CreateAsync(Guid changeId, PdsaInput input, Actor actor, CancellationToken ct = default)
    {
        var change = await changes.FindAsync(changeId, actor, ct);
        if (!actor.CanEdit(change)) throw new ForbiddenException("Only the change's owner or the club's leads can add a PDSA cycle.");
        if (ChangeWorkflow.IsFinal(change.Status))
            throw new ConflictException($"This change is {change.Status.Label()}: no new cycles can be added.");

        var cycle = new PdsaCycle { ChangeId = changeId, CreatedById = actor.UserId };
        var errors = new Dictionary<string, string[]>();
        if (input.PlannedOn is null) errors["plannedOn"] = ["Give the date of the plan."];
        Apply(cycle, input, errors, creating: true);
        await CheckAsync(cycle, change, errors, ct);
        ClubRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        cycle.CreatedAt = cycle.UpdatedAt = now;
        // Two people adding a cycle at once both read the same last number; the unique index refuses the second.
        for (var attempt = 1; ; attempt++)
        {
            cycle.Ordinal = (await Cycles.Where(c => c.ChangeId == changeId).MaxAsync(c => (int?)c.Ordinal, ct) ?? 0) + 1;
            var line = History(change, actor, now, $"PDSA cycle {cycle.Ordinal} planned: {cycle.PlanWhat}");
            db.Add(cycle);
            db.Add(line);
            try
            {
                await db.SaveChangesAsync(ct);
                return cycle;
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                db.Entry(cycle).State = EntityState.Detached;
                db.Entry(line).State = EntityState.Detached;
            }
        }
    }

    /// <summary>
    /// Writes the parts given (the owner, the club's leads, admins), also after the change has ended, so its last
    /// study and decision can be recorded. <paramref name="expectedVersion"/> is the version the editor read.
    /// </summary>
    public async Task<PdsaCycle> EditAsync(Guid id, Func<uint> expectedVersion, PdsaInput input, Actor actor, CancellationToken ct = default)
    {
        var (cycle, change) = await FindAsync(id, actor, ct);
        if (!actor.CanEdit(change)) throw new ForbiddenException("Only the change's owner or the club's leads can edit its PDSA cycles.");
        var expected = expectedVersion();
        if (cycle.Version != expected) throw new StaleVersionException();
        db.Entry(cycle).Property(c => c.Version).OriginalValue = expected;

        var errors = new Dictionary<string, string[]>();
        var edited = Apply(cycle, input, errors, creating: false);
        await CheckAsync(cycle, change, errors, ct);
        ClubRules.ThrowIfAny(errors);
        if (edited.Count == 0) return cycle; // nothing changed: no history line, same ETag

        var now = clock.UtcNowForDb();
        cycle.UpdatedAt = now;
        db.Add(History(change, actor, now, $"PDSA cycle {cycle.Ordinal}: wrote {string.Join(", ", edited)}."));
        await db.SaveChangesAsync(ct);
        return cycle;
    }

    public static string Name(PdsaDecision decision) => decision.ToString().ToLowerInvariant();

    public static readonly IReadOnlyList<string> DecisionNames = Enum.GetValues<PdsaDecision>().Select(Name).ToList();

    private static PracticeChangeEvent History(PracticeChange change, Actor actor, DateTimeOffset at, string note) => new()
    {
        ChangeId = change.Id, ById = actor.UserId, At = at, Kind = ChangeEventKind.Pdsa,
        Note = note.Length > PracticeChangeEvent.MaxNote ? note[..(PracticeChangeEvent.MaxNote - 1)] + "…" : note,
    };

    /// <summary>Copies the given parts onto the cycle; returns the names of the parts that changed (plan, do, study, act).</summary>
    private static List<string> Apply(PdsaCycle cycle, PdsaInput input, Dictionary<string, string[]> errors, bool creating)
    {
        var edited = new HashSet<string>();
        void Text(string? value, string field, int max, Func<string?> get, Action<string?> set, string part)
        {
            if (value is null && !creating) return;
            var text = Optional(value, field, max, errors);
            if (text == get()) return;
            set(text);
            edited.Add(part);
        }
        void Date(DateOnly? value, Func<DateOnly?> get, Action<DateOnly> set, string part)
        {
            if (value is not { } date || date == get()) return;
            set(date);
            edited.Add(part);
        }

        Text(input.PlanWhat, "planWhat", PdsaCycle.MaxText, () => cycle.PlanWhat, v => cycle.PlanWhat = v ?? "", "plan");
        Text(input.PlanWho, "planWho", PdsaCycle.MaxShort, () => cycle.PlanWho, v => cycle.PlanWho = v, "plan");
        Text(input.PlanWhen, "planWhen", PdsaCycle.MaxShort, () => cycle.PlanWhen, v => cycle.PlanWhen = v, "plan");
        Text(input.PlanWhere, "planWhere", PdsaCycle.MaxShort, () => cycle.PlanWhere, v => cycle.PlanWhere = v, "plan");
        Text(input.Prediction, "prediction", PdsaCycle.MaxText, () => cycle.Prediction, v => cycle.Prediction = v ?? "", "plan");
        Date(input.PlannedOn, () => cycle.PlannedOn, v => cycle.PlannedOn = v, "plan");
        Text(input.WhatHappened, "whatHappened", PdsaCycle.MaxText, () => cycle.WhatHappened, v => cycle.WhatHappened = v, "do");
        Date(input.DoneOn, () => cycle.DoneOn, v => cycle.DoneOn = v, "do");
        Text(input.Study, "study", PdsaCycle.MaxText, () => cycle.Study, v => cycle.Study = v, "study");
        Date(input.StudiedOn, () => cycle.StudiedOn, v => cycle.StudiedOn = v, "study");
        if (input.Act is not null)
        {
            PdsaDecision? act = null;
            if (!string.IsNullOrWhiteSpace(input.Act))
            {
                act = Enum.GetValues<PdsaDecision>().Where(d => Name(d) == input.Act.Trim().ToLowerInvariant())
                    .Select(d => (PdsaDecision?)d).FirstOrDefault();
                if (act is null) errors["act"] = [$"Choose one of: {string.Join(", ", DecisionNames)}."];
            }
            if (!errors.ContainsKey("act") && act != cycle.Act)
            {
                cycle.Act = act;
                edited.Add("act");
            }
        }
        Text(input.ActNote, "actNote", PdsaCycle.MaxText, () => cycle.ActNote, v => cycle.ActNote = v, "act");
        Date(input.ActedOn, () => cycle.ActedOn, v => cycle.ActedOn = v, "act");
        string[] order = ["plan", "do", "study", "act"];
        return order.Where(edited.Contains).ToList();
    }

    /// <summary>
    /// The cycle as a whole makes sense: a plan with its prediction; each later part written with its date, only
    /// after the part before it, dated on or after it and not in the future.
    /// </summary>
    private async Task CheckAsync(PdsaCycle c, PracticeChange change, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        void Need(bool ok, string field, string message)
        {
            if (!ok && !errors.ContainsKey(field)) errors[field] = [message];
        }
        Need(c.PlanWhat != "", "planWhat", "Say what the cycle will test.");
        Need(c.Prediction != "", "prediction", "Say what you predict will happen.");

        var club = await db.Clubs.SingleAsync(x => x.Id == change.ClubId, ct);
        var today = ClubToday(club);
        // (text, date, previous date) per part after the plan; its fields by JSON name.
        Part(c.WhatHappened is not null, c.DoneOn, c.PlannedOn, true, "whatHappened", "doneOn", "what happened", "the plan");
        Part(c.Study is not null, c.StudiedOn, c.DoneOn, c.WhatHappened is not null, "study", "studiedOn", "the study", "what happened");
        Part(c.Act is not null, c.ActedOn, c.StudiedOn, c.Study is not null, "act", "actedOn", "the decision", "the study");

        void Part(bool written, DateOnly? on, DateOnly? previous, bool previousWritten, string field, string dateField, string what, string before)
        {
            if (!written && on is null) return;
            Need(previousWritten, field, $"Write {before} first.");
            Need(written, field, $"Write {what}, or leave its date empty.");
            Need(on is not null, dateField, $"Give the date of {what}.");
            if (on is { } date)
            {
                Need(date <= today, dateField, "This date cannot be in the future.");
                if (previous is { } p) Need(date >= p, dateField, $"This date cannot be before the date of {before}.");
            }
        }
    }

    private DateOnly ClubToday(Club club) => club.DateAt(clock.GetUtcNow());
}
