using Impacte.Domain.Access;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using static Impacte.Domain.Common.FieldText;

namespace Impacte.Domain.Changes;

/// <summary>What a lead types to agree a change (create), or the parts an edit changes (null keeps a part).</summary>
public sealed record ChangeInput(
    string? Title = null,
    string? Description = null,
    Guid? OwnerId = null,
    DateOnly? DueOn = null,
    Guid? QuestionId = null,
    Guid? AppraisalId = null,
    Guid? MeetingId = null,
    IReadOnlyList<Guid>? TeamIds = null,
    string? WhatDidNotWork = null,
    string? HowItMadeADifference = null);

/// <summary>Filters of the network-wide list; all optional.</summary>
public sealed record ChangeFilter(Guid? ClubId = null, ChangeStatus? Status = null, Guid? OwnerId = null);

/// <summary>
/// Practice changes (actions): agreeing one, editing it, moving it through <see cref="ChangeWorkflow"/>, and the
/// lists each person may see. Every method takes the actor; someone with no business in the change's club hears
/// 404, someone who may see it but not do this hears 403.
/// </summary>
public sealed class PracticeChanges(ImpacteDbContext db, TimeProvider clock)
{
    /// <summary>Each change's progress score and latest signal, as the network view shows them.</summary>
    public Task<IReadOnlyDictionary<Guid, Network.ChangeStanding>> StandingsAsync(IReadOnlyCollection<Guid> changeIds, CancellationToken ct = default) =>
        Network.NetworkView.StandingsAsync(db, changeIds, ct);

    private IQueryable<PracticeChange> Changes => db.Set<PracticeChange>();

    /// <summary>The changes this actor may see, newest first, filtered; the caller pages it.</summary>
    public IQueryable<PracticeChange> Visible(Actor actor, ChangeFilter filter)
    {
        var query = Changes;
        if (!actor.IsAdmin)
        {
            var clubs = actor.ClubIds.ToList();
            query = query.Where(c => clubs.Contains(c.ClubId) || c.Status == ChangeStatus.Implemented || c.Status == ChangeStatus.Sustained);
        }
        if (filter.ClubId is { } clubId) query = query.Where(c => c.ClubId == clubId);
        if (filter.Status is { } status) query = query.Where(c => c.Status == status);
        if (filter.OwnerId is { } ownerId) query = query.Where(c => c.OwnerId == ownerId);
        return query.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id);
    }

    /// <summary>The change with its team, if this actor may see it; otherwise 404, as if it did not exist.</summary>
    public async Task<PracticeChange> FindAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var change = await db.Set<PracticeChange>().Include(c => c.Team).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (change is null || !actor.CanSee(change)) throw new NotFoundException("The change");
        return change;
    }

    /// <summary>Its history, oldest first (who, when, what), for whoever may see the change.</summary>
    public async Task<IReadOnlyList<PracticeChangeEvent>> HistoryAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        await FindAsync(id, actor, ct);
        return await db.Set<PracticeChangeEvent>().Include(e => e.By).Where(e => e.ChangeId == id)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
    }

    /// <summary>A club's lead (or an admin) agrees a change; it starts as agreed.</summary>
    public async Task<PracticeChange> CreateAsync(Guid clubId, ChangeInput input, Actor actor, CancellationToken ct = default)
    {
        var club = await db.Clubs.FirstOrDefaultAsync(c => c.Id == clubId, ct);
        if (club is null || !actor.IsAdmin && !actor.IsMemberOf(clubId)) throw new NotFoundException("The club");
        if (!actor.IsAdmin && !actor.IsLeadOf(clubId)) throw new ForbiddenException("Only the club's leads can agree a practice change.");

        var errors = new Dictionary<string, string[]>();
        var title = Required(input.Title, "title", "Say in a line what will change.", PracticeChange.MaxTitle, errors);
        var description = Required(input.Description, "description", "Describe what will change, and for whom.", PracticeChange.MaxDescription, errors);
        if (input.OwnerId is null) errors["ownerId"] = ["Choose the member who owns the change."];
        if (input.DueOn is null) errors["dueOn"] = ["Give the date the change is due."];
        else if (input.DueOn < ClubToday(club)) errors["dueOn"] = ["The due date cannot be in the past."];
        if (input.WhatDidNotWork is not null || input.HowItMadeADifference is not null)
            errors[input.WhatDidNotWork is not null ? "whatDidNotWork" : "howItMadeADifference"] = [LearningTooEarly];
        await CheckPeopleAndLinksAsync(clubId, input, errors, ct);
        ClubRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        var change = new PracticeChange
        {
            ClubId = clubId, Title = title!, Description = description!, OwnerId = input.OwnerId!.Value, DueOn = input.DueOn!.Value,
            QuestionId = input.QuestionId, AppraisalId = input.AppraisalId, MeetingId = input.MeetingId,
            CreatedById = actor.UserId, CreatedAt = now, UpdatedAt = now,
        };
        foreach (var userId in (input.TeamIds ?? []).Distinct())
            change.Team.Add(new PracticeChangeTeamMember { ChangeId = change.Id, UserId = userId });
        change.History.Add(new PracticeChangeEvent
        {
            ChangeId = change.Id, ById = actor.UserId, At = now, Kind = ChangeEventKind.Created, ToStatus = ChangeStatus.Agreed,
        });
        db.Add(change);
        await db.SaveChangesAsync(ct);
        return change;
    }

    /// <summary>
    /// Changes the parts given (the owner, the club's leads, admins). <paramref name="expectedVersion"/> gives the
    /// version the editor read (If-Match); it is asked for only once the person is known to be allowed.
    /// </summary>
    public async Task<PracticeChange> EditAsync(Guid id, Func<uint> expectedVersion, ChangeInput input, Actor actor, CancellationToken ct = default)
    {
        var change = await FindAsync(id, actor, ct);
        if (!actor.CanEdit(change)) throw new ForbiddenException("Only the change's owner or the club's leads can edit it.");
        var expected = expectedVersion();
        if (change.Version != expected) throw new StaleVersionException();
        // The save checks xmin too, so an edit landing between this read and the write is caught as well.
        db.Entry(change).Property(c => c.Version).OriginalValue = expected;

        var errors = new Dictionary<string, string[]>();
        var changesPlan = input.Title is not null || input.Description is not null || input.OwnerId is not null || input.DueOn is not null
            || input.QuestionId is not null || input.AppraisalId is not null || input.MeetingId is not null || input.TeamIds is not null;
        if (changesPlan && ChangeWorkflow.IsFinal(change.Status))
            throw new ConflictException($"This change is {change.Status.Label()}: only what did not work and how it made a difference can still be written.");
        var learning = input.WhatDidNotWork is not null || input.HowItMadeADifference is not null;
        if (learning && !ChangeWorkflow.TakesLearning(change.Status))
            errors[input.WhatDidNotWork is not null ? "whatDidNotWork" : "howItMadeADifference"] = [LearningTooEarly];

        var edited = new List<string>();
        var title = input.Title is null ? null : Required(input.Title, "title", "Say in a line what will change.", PracticeChange.MaxTitle, errors);
        var description = input.Description is null ? null
            : Required(input.Description, "description", "Describe what will change, and for whom.", PracticeChange.MaxDescription, errors);
        var whatDidNotWork = input.WhatDidNotWork is null ? null : Optional(input.WhatDidNotWork, "whatDidNotWork", PracticeChange.MaxLearning, errors);
        var howItMadeADifference = input.HowItMadeADifference is null ? null
            : Optional(input.HowItMadeADifference, "howItMadeADifference", PracticeChange.MaxLearning, errors);
        await CheckPeopleAndLinksAsync(change.ClubId, input, errors, ct);
        ClubRules.ThrowIfAny(errors);

        void Set<T>(T? value, T current, Action<T> apply, string name)
        {
            if (value is null || EqualityComparer<T>.Default.Equals(value, current)) return;
            apply(value);
            edited.Add(name);
        }
        Set(title, change.Title, v => change.Title = v, "title");
        Set(description, change.Description, v => change.Description = v, "description");
        if (input.OwnerId is { } newOwner) Set(newOwner, change.OwnerId, v => change.OwnerId = v, "owner");
        if (input.DueOn is { } newDue) Set(newDue, change.DueOn, v => change.DueOn = v, "due date");
        Set(input.QuestionId, change.QuestionId, v => change.QuestionId = v, "question");
        Set(input.AppraisalId, change.AppraisalId, v => change.AppraisalId = v, "appraisal");
        Set(input.MeetingId, change.MeetingId, v => change.MeetingId = v, "meeting");
        if (input.WhatDidNotWork is not null && whatDidNotWork != change.WhatDidNotWork)
        {
            change.WhatDidNotWork = whatDidNotWork;
            edited.Add("what did not work");
        }
        if (input.HowItMadeADifference is not null && howItMadeADifference != change.HowItMadeADifference)
        {
            change.HowItMadeADifference = howItMadeADifference;
            edited.Add("how it made a difference");
        }
        if (input.TeamIds is not null)
        {
            var wanted = input.TeamIds.Distinct().ToHashSet();
            var current = change.Team.Select(t => t.UserId).ToHashSet();
            if (!wanted.SetEquals(current))
            {
                change.Team.RemoveAll(t => !wanted.Contains(t.UserId));
                foreach (var userId in wanted.Except(current))
                    change.Team.Add(new PracticeChangeTeamMember { ChangeId = change.Id, UserId = userId });
                edited.Add("team");
            }
        }
        if (edited.Count == 0) return change; // nothing changed: no history line, same ETag

        var now = clock.UtcNowForDb();
        change.UpdatedAt = now;
        db.Add(new PracticeChangeEvent
        {
            ChangeId = change.Id, ById = actor.UserId, At = now, Kind = ChangeEventKind.Edited,
            Note = "Changed " + string.Join(", ", edited) + ".",
        });
        await db.SaveChangesAsync(ct);
        return change;
    }

    /// <summary>Moves the change (the owner, the club's leads, admins), if the workflow allows it, and keeps the step in its history.</summary>
    public async Task<PracticeChange> TransitionAsync(Guid id, string? to, string? reason, Actor actor, CancellationToken ct = default)
    {
        var change = await FindAsync(id, actor, ct);
        if (!actor.CanEdit(change)) throw new ForbiddenException("Only the change's owner or the club's leads can move it on.");
        if (!ChangeWorkflow.TryParse(to, out var target))
            throw new DomainValidationException("to", $"Choose one of: {string.Join(", ", ChangeWorkflow.Names)}.");

        switch (ChangeWorkflow.Check(change.Status, target, reason))
        {
            case ChangeMoveOutcome.NotAllowed:
                var allowed = ChangeWorkflow.AllowedFrom(change.Status);
                throw new ConflictException(change.Status == target
                    ? $"The change is already {target.Label()}."
                    : $"A change cannot go from {change.Status.Label()} to {target.Label()}" +
                      (allowed.Count == 0 ? "; it is final." : $"; from here it can go to {string.Join(" or ", allowed.Select(s => s.Label()))}."));
            case ChangeMoveOutcome.ReasonRequired:
                throw new DomainValidationException("reason", "Say why the change is being stopped, so others can learn from it.");
        }
        var errors = new Dictionary<string, string[]>();
        var trimmed = Optional(reason, "reason", PracticeChange.MaxReason, errors);
        ClubRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        db.Add(new PracticeChangeEvent
        {
            ChangeId = change.Id, ById = actor.UserId, At = now, Kind = ChangeEventKind.Transition,
            FromStatus = change.Status, ToStatus = target, Note = trimmed,
        });
        if (target == ChangeStatus.Abandoned) change.AbandonReason = trimmed;
        if (target == ChangeStatus.Implemented)
        {
            change.ImplementedAt = now;
            // The default re-audits (3 and 6 months on) are dated from today.
            await Measures.ChangeMeasures.OnImplementedAsync(db, change, now, ct);
        }
        change.Status = target;
        change.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return change;
    }

    private const string LearningTooEarly =
        "This can be written once the change is implemented, sustained or abandoned.";

    /// <summary>Owner and team are members of the club; links point at the club's own question and meeting, and at an appraisal of the club's question or a published one.</summary>
    private async Task CheckPeopleAndLinksAsync(Guid clubId, ChangeInput input, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var people = new List<Guid>(input.TeamIds ?? []);
        if (input.OwnerId is { } ownerId) people.Add(ownerId);
        var members = people.Count == 0 ? [] : (await db.Memberships.Where(m => m.ClubId == clubId && people.Contains(m.UserId))
            .Select(m => m.UserId).ToListAsync(ct)).ToHashSet();
        if (input.OwnerId is { } owner && !members.Contains(owner)) errors["ownerId"] = ["Choose a member of the club to own the change."];
        if (input.TeamIds is { } team)
        {
            if (team.Distinct().Count() > PracticeChange.MaxTeam) errors["teamIds"] = [$"A team can have at most {PracticeChange.MaxTeam} members."];
            else if (team.Any(t => !members.Contains(t))) errors["teamIds"] = ["Everyone on the team must be a member of the club."];
        }
        if (input.QuestionId is { } questionId && !await db.Questions.AnyAsync(q => q.Id == questionId && q.ClubId == clubId, ct))
            errors["questionId"] = ["Choose one of this club's questions."];
        if (input.AppraisalId is { } appraisalId && !await db.Appraisals.AnyAsync(a => a.Id == appraisalId &&
                (a.Status == AppraisalStatus.Published || db.Questions.Any(q => q.Id == a.QuestionId && q.ClubId == clubId)), ct))
            errors["appraisalId"] = ["Choose a published appraisal, or one of this club's."];
        if (input.MeetingId is { } meetingId && !await db.Meetings.AnyAsync(m => m.Id == meetingId && m.ClubId == clubId, ct))
            errors["meetingId"] = ["Choose one of this club's meetings."];
    }


    private DateOnly ClubToday(Club club) => club.DateAt(clock.GetUtcNow());
}
