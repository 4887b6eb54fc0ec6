using Impacte.Domain.Access;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Meetings;

/// <summary>
/// A club's meetings: cadence, one-off meetings, moves and cancellations, agenda, RSVPs, attendance and minutes.
/// Every change a calendar must follow raises the meeting's SEQUENCE; the Worker sees it trail what members were told
/// and sends the update or cancellation. Each change takes the actor making it: the club's leads (and admins) run the
/// meetings, its members answer RSVPs. Who may see a club at all (404 for strangers) is the caller's gate.
/// </summary>
public sealed class ClubMeetings(ImpacteDbContext db, TimeProvider clock, Email.MemberNotices? notices = null)
{
    public async Task<Meeting> FindAsync(Guid meetingId, CancellationToken ct = default) =>
        await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("The meeting");

    public Task<ClubCadence?> FindCadenceAsync(Guid clubId, CancellationToken ct = default) =>
        db.Cadences.AsNoTracking().SingleOrDefaultAsync(c => c.ClubId == clubId, ct);

    public IQueryable<Meeting> List(Guid clubId, DateTimeOffset? from, DateTimeOffset? to) =>
        db.Meetings.Where(m => m.ClubId == clubId && (from == null || m.StartsAt >= from) && (to == null || m.StartsAt < to))
            .OrderBy(m => m.StartsAt);

    public async Task<ClubCadence> SetCadenceAsync(Actor actor, Guid clubId, string? rrule, string? startTime, int? durationMinutes,
        int? leadTimeDays, string? timeZone, CancellationToken ct = default)
    {
        EnsureLead(actor, clubId);
        var errors = new Dictionary<string, string[]>();
        var rule = MeetingRules.ValidRule(rrule, errors);
        var start = MeetingRules.ValidStartTime(startTime, errors);
        var duration = MeetingRules.ValidDuration(durationMinutes, errors);
        var lead = MeetingRules.ValidLeadTime(leadTimeDays, errors);
        var clubZone = await db.Clubs.Where(c => c.Id == clubId).Select(c => c.TimeZone).SingleAsync(ct);
        var zone = ClubRules.ValidTimeZone(timeZone ?? clubZone, errors);
        MeetingRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, MeetingTime.FindZone(zone)).DateTime);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var cadence = await db.Cadences.SingleOrDefaultAsync(c => c.ClubId == clubId, ct);
            if (cadence is null) db.Cadences.Add(cadence = new ClubCadence { ClubId = clubId, Rule = rule });
            var ruleChanged = cadence.Rule != rule || cadence.StartTime != start || cadence.DurationMinutes != duration || cadence.TimeZone != zone;
            if (ruleChanged) cadence.StartsOn = today;
            (cadence.Rule, cadence.StartTime, cadence.DurationMinutes, cadence.LeadTimeDays, cadence.TimeZone, cadence.UpdatedAt) =
                (rule, start, duration, lead, zone, now);
            await db.SaveChangesAsync(ct);
            // Generated here too (not only by the Worker's hourly job) so the lead sees the meetings at once.
            if (ruleChanged) await MeetingPlanner.ForgetUntouchedAsync(db, clubId, now, ct);
            await MeetingPlanner.GenerateAsync(db, cadence, now, ct);
            await tx.CommitAsync(ct);
            return cadence;
        });
    }

    public async Task<Meeting> CreateAsync(Actor actor, Guid clubId, DateTimeOffset? startsAt, int? durationMinutes, string? location,
        string? onlineUrl, CancellationToken ct = default)
    {
        EnsureLead(actor, clubId);
        var errors = new Dictionary<string, string[]>();
        var now = clock.UtcNowForDb();
        if (startsAt is not { } start) { errors["startsAt"] = ["Enter when the meeting starts (ISO 8601, UTC or with an offset)."]; start = now; }
        else if (start <= now) errors["startsAt"] = ["The meeting must start in the future."];
        var duration = MeetingRules.ValidDuration(durationMinutes ?? 60, errors);
        var meeting = new Meeting
        {
            ClubId = clubId,
            StartsAt = start.ToUniversalTime(),
            EndsAt = start.ToUniversalTime().AddMinutes(duration),
            Location = MeetingRules.ValidLocation(location, errors),
            OnlineUrl = MeetingRules.ValidOnlineUrl(onlineUrl, errors),
            CreatedAt = now,
        };
        MeetingRules.ThrowIfAny(errors);
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        return meeting;
    }

    /// <summary>A partial update: null keeps a value; an empty string clears location or link.</summary>
    public async Task UpdateAsync(Actor actor, Meeting meeting, uint expectedVersion, DateTimeOffset? startsAt, int? durationMinutes,
        string? location, string? onlineUrl, CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        if (meeting.Version != expectedVersion) throw new StaleVersionException();
        db.Entry(meeting).Property(m => m.Version).OriginalValue = expectedVersion;
        MeetingRules.EnsureNotCancelled(meeting);
        var errors = new Dictionary<string, string[]>();
        var duration = meeting.EndsAt - meeting.StartsAt;
        if (durationMinutes is not null) duration = TimeSpan.FromMinutes(MeetingRules.ValidDuration(durationMinutes, errors));
        var start = startsAt?.ToUniversalTime() ?? meeting.StartsAt;
        if (startsAt is not null && start <= clock.GetUtcNow()) errors["startsAt"] = ["The meeting must start in the future."];
        var place = location is null ? meeting.Location : MeetingRules.ValidLocation(location, errors);
        var online = onlineUrl is null ? meeting.OnlineUrl : MeetingRules.ValidOnlineUrl(onlineUrl, errors);
        MeetingRules.ThrowIfAny(errors);

        var changed = start != meeting.StartsAt || start + duration != meeting.EndsAt || place != meeting.Location || online != meeting.OnlineUrl;
        if (!changed) return;
        // Kept for the digest's "was → now" (the meeting's own "was" clears once the immediate notice goes).
        db.MeetingMoves.Add(new MeetingMove { MeetingId = meeting.Id, At = clock.UtcNowForDb(), WasStartsAt = meeting.StartsAt, WasLocation = meeting.Location });
        meeting.Changed();
        (meeting.StartsAt, meeting.EndsAt, meeting.Location, meeting.OnlineUrl) = (start, start + duration, place, online);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Cancels the meeting with its reason (required), which members are told with the cancellation.</summary>
    public async Task CancelAsync(Actor actor, Meeting meeting, string? reason, CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        if (meeting.Status == MeetingStatus.Cancelled) return;
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (why is null) throw new DomainValidationException("reason", "Say why the meeting is cancelled: members are told with the cancellation.");
        if (why.Length > MeetingRules.MaxCancelReason)
            throw new DomainValidationException("reason", $"Keep the reason to {MeetingRules.MaxCancelReason} characters or fewer.");
        UserText.Require(why, "reason");
        meeting.Changed();
        meeting.Status = MeetingStatus.Cancelled;
        meeting.CancelledAt = clock.UtcNowForDb();
        meeting.CancelReason = why;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Sets the agenda; its questions move through their lifecycle (scheduled, or back to appraised when taken off).
    /// <paramref name="presenters"/> names each item's presenters in order (members of the club); an item left out has none.
    /// Presenters are the lead's to change until the meeting starts.
    /// </summary>
    public Task SetAgendaAsync(Actor actor, Meeting meeting, IReadOnlyList<Guid>? questionIds,
        IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>? presenters, CancellationToken ct = default) =>
        SaveAgendaAsync(actor, meeting, questionIds, presenters, "presenters", ct);

    /// <summary>The agenda's one writer: <paramref name="presentersField"/> names the field a presenter's error is on.</summary>
    private async Task SaveAgendaAsync(Actor actor, Meeting meeting, IReadOnlyList<Guid>? questionIds,
        IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>? presenters, string presentersField, CancellationToken ct)
    {
        EnsureLead(actor, meeting.ClubId);
        MeetingRules.EnsureNotCancelled(meeting);
        var ids = questionIds ?? [];
        if (ids.Distinct().Count() != ids.Count) throw new DomainValidationException("questionIds", "A question can be on the agenda once.");
        presenters ??= new Dictionary<Guid, IReadOnlyList<Guid>>();
        if (presenters.Keys.Any(q => !ids.Contains(q)))
            throw new DomainValidationException("presenters", "Every presenter must present a question on the agenda.");
        var wanted = presenters.ToDictionary(kv => kv.Key, kv => (kv.Value ?? []).Distinct().ToList());
        if (wanted.Values.Any(p => p.Count > MeetingRules.MaxPresenters))
            throw new DomainValidationException(presentersField, $"Name up to {MeetingRules.MaxPresenters} presenters for an item.");
        await EnsureMembersAsync(meeting.ClubId, wanted.Values.SelectMany(p => p), presentersField, ct);

        var existing = await db.AgendaItems.Include(a => a.Presenters).Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        if (MeetingRules.HasStarted(meeting, clock.GetUtcNow()) && existing.Any(a => ids.Contains(a.QuestionId)
                && !PresenterIds(a).SequenceEqual(wanted.GetValueOrDefault(a.QuestionId) ?? [])))
            throw new ConflictException("Presenters can be changed until the meeting starts.");
        var before = existing.Select(a => a.QuestionId).ToList();
        await AgendaQuestionMoves.ApplyAsync(db, meeting, ids.Except(before).ToList(), before.Except(ids).ToList(),
            LifecycleActor(actor, meeting.ClubId), actor.UserId, clock.UtcNowForDb(), ct);
        await NotifyScheduledAsync(actor, meeting, ids.Except(before).ToList(), ct);
        db.AgendaItems.RemoveRange(existing.Where(a => !ids.Contains(a.QuestionId)));
        for (var i = 0; i < ids.Count; i++)
        {
            var item = existing.FirstOrDefault(a => a.QuestionId == ids[i]);
            if (item is null) db.AgendaItems.Add(item = new AgendaItem { MeetingId = meeting.Id, QuestionId = ids[i] });
            item.Position = i + 1;
            SetPresenters(item, wanted.GetValueOrDefault(ids[i]) ?? []);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Makes an item's presenters these, in this order: those who stay keep their row, so nothing is deleted and re-added.</summary>
    private static void SetPresenters(AgendaItem item, IReadOnlyList<Guid> userIds)
    {
        item.Presenters.RemoveAll(p => !userIds.Contains(p.UserId));
        for (var i = 0; i < userIds.Count; i++)
        {
            var presenter = item.Presenters.FirstOrDefault(p => p.UserId == userIds[i]);
            if (presenter is null) item.Presenters.Add(presenter = new AgendaPresenter { AgendaItemId = item.Id, UserId = userIds[i] });
            presenter.Position = i + 1;
        }
    }

    private static IEnumerable<Guid> PresenterIds(AgendaItem item) => item.Presenters.OrderBy(p => p.Position).Select(p => p.UserId);

    /// <summary>Adds a question at the end of the agenda, with its (first) presenter if one is named.</summary>
    public async Task AddAgendaItemAsync(Actor actor, Meeting meeting, Guid questionId, Guid? presenterId, CancellationToken ct = default)
    {
        var (ids, presenters) = await AgendaAsync(meeting, ct);
        if (ids.Contains(questionId)) throw new DomainValidationException("questionId", "That question is already on the agenda.");
        ids.Add(questionId);
        if (presenterId is { } p) presenters[questionId] = [p];
        await SetAgendaAsync(actor, meeting, ids, presenters, ct);
    }

    public async Task RemoveAgendaItemAsync(Actor actor, Meeting meeting, Guid questionId, CancellationToken ct = default)
    {
        var (ids, presenters) = await AgendaAsync(meeting, ct);
        ids.Remove(questionId);
        presenters.Remove(questionId);
        await SetAgendaAsync(actor, meeting, ids, presenters, ct);
    }

    /// <summary>Moves an item one place up (-1) or down (+1); at either end it stays where it is.</summary>
    public async Task MoveAgendaItemAsync(Actor actor, Meeting meeting, Guid questionId, int by, CancellationToken ct = default)
    {
        var (ids, presenters) = await AgendaAsync(meeting, ct);
        var from = ids.IndexOf(questionId);
        if (from < 0) throw new DomainValidationException("questionId", "That question is not on the agenda.");
        var to = Math.Clamp(from + Math.Sign(by), 0, ids.Count - 1);
        (ids[from], ids[to]) = (ids[to], ids[from]);
        await SetAgendaAsync(actor, meeting, ids, presenters, ct);
    }

    /// <summary>
    /// Names who presents one item, in order (an empty list clears them). Each must be a member of the club
    /// (otherwise a field error on <c>presenterIds</c>); only until the meeting starts.
    /// </summary>
    public async Task SetPresentersAsync(Actor actor, Meeting meeting, Guid questionId, IReadOnlyList<Guid> presenterIds, CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        MeetingRules.EnsureNotCancelled(meeting);
        if (MeetingRules.HasStarted(meeting, clock.GetUtcNow())) throw new ConflictException("Presenters can be changed until the meeting starts.");
        var (ids, presenters) = await AgendaAsync(meeting, ct);
        if (!ids.Contains(questionId)) throw new DomainValidationException("questionId", "That question is not on the agenda.");
        presenters[questionId] = presenterIds;
        await SaveAgendaAsync(actor, meeting, ids, presenters, "presenterIds", ct);
    }

    private async Task<(List<Guid> Ids, Dictionary<Guid, IReadOnlyList<Guid>> Presenters)> AgendaAsync(Meeting meeting, CancellationToken ct)
    {
        var items = await db.AgendaItems.AsNoTracking().Include(a => a.Presenters).Where(a => a.MeetingId == meeting.Id)
            .OrderBy(a => a.Position).ToListAsync(ct);
        return (items.Select(a => a.QuestionId).ToList(),
            items.Where(a => a.Presenters.Count > 0).ToDictionary(a => a.QuestionId, a => (IReadOnlyList<Guid>)PresenterIds(a).ToList()));
    }

    /// <summary>The actor's own answer (members, and admins as everywhere).</summary>
    public async Task SetRsvpAsync(Actor actor, Meeting meeting, RsvpResponse response, CancellationToken ct = default)
    {
        if (!actor.IsAdmin && !actor.IsMemberOf(meeting.ClubId)) throw new ForbiddenException("Only the club's members can do this.");
        MeetingRules.EnsureNotCancelled(meeting);
        var now = clock.UtcNowForDb();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO meeting_rsvps (meeting_id, user_id, response, responded_at, for_starts_at)
            VALUES ({meeting.Id}, {actor.UserId}, {response.ToString()}, {now}, {meeting.StartsAt})
            ON CONFLICT (meeting_id, user_id) DO UPDATE SET response = excluded.response, responded_at = excluded.responded_at,
                for_starts_at = excluded.for_starts_at
            """, ct);
    }

    /// <summary>Records who attended; once the meeting has started, not before.</summary>
    public async Task SetAttendanceAsync(Actor actor, Meeting meeting, IReadOnlyCollection<Guid> userIds, CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        MeetingRules.EnsureNotCancelled(meeting);
        var now = clock.UtcNowForDb();
        MeetingRules.EnsureStarted(meeting, now, "Attendance");
        await EnsureMembersAsync(meeting.ClubId, userIds, "userIds", ct);
        var existing = await db.Attendance.Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        db.Attendance.RemoveRange(existing.Where(a => !userIds.Contains(a.UserId)));
        foreach (var id in userIds.Distinct().Where(id => existing.All(a => a.UserId != id)))
            db.Attendance.Add(new MeetingAttendance { MeetingId = meeting.Id, UserId = id, RecordedAt = now });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Who the lead sees ticked as present: the attendance once recorded, until then everyone who answered yes (the
    /// lead corrects it). <c>Recorded</c> says which.
    /// </summary>
    public async Task<(IReadOnlyList<Guid> Present, bool Recorded)> AttendanceToConfirmAsync(Meeting meeting, CancellationToken ct = default)
    {
        var recorded = await db.Attendance.Where(a => a.MeetingId == meeting.Id).Select(a => a.UserId).ToListAsync(ct);
        if (recorded.Count > 0) return (recorded, true);
        return (await db.Rsvps.Where(r => r.MeetingId == meeting.Id && r.Response == RsvpResponse.Yes).Select(r => r.UserId).ToListAsync(ct), false);
    }

    /// <summary>
    /// Writes the minutes: notes for the whole meeting and, per agenda item, the discussion and the decision (a
    /// question with a decision moves to discussed). Each change an item's discussion agreed (several are fine: "stop X"
    /// and "audit Y") is opened with its owner and due date through <see cref="Changes.PracticeChanges"/>, linked to the
    /// meeting and the question; one already opened for that item under the same title is not opened again, so saving
    /// the same minutes twice opens nothing new. The minutes are saved only over the version the lead read
    /// (<paramref name="expectedVersion"/>), and only once the meeting has started; a change that is refused leaves
    /// nothing saved. Field errors name the change: <c>items[i].changes[j].ownerId</c>.
    /// </summary>
    public async Task<IReadOnlyList<Changes.PracticeChange>> SetMinutesAsync(Actor actor, Meeting meeting, uint expectedVersion, string? markdown,
        IReadOnlyList<ItemMinutes>? items, CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        MeetingRules.EnsureNotCancelled(meeting);
        MeetingRules.EnsureStarted(meeting, clock.GetUtcNow(), "Minutes");
        if (meeting.Version != expectedVersion) throw new StaleVersionException();

        var errors = new Dictionary<string, string[]>();
        // Minutes are shown to the club and emailed: the one free-text rule applies.
        string? Text(string? value, string field)
        {
            var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (text?.Length > MeetingRules.MaxMinutesText) errors[field] = [$"Keep this to {MeetingRules.MaxMinutesText:N0} characters or fewer."];
            else UserText.Check(text, field, errors);
            return text;
        }
        var notes = Text(markdown, "markdown");
        var agenda = await db.AgendaItems.Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        var given = items ?? [];
        var written = new List<(AgendaItem Item, string? Discussion, string? Decision, IReadOnlyList<AgreedChange> Changes, int Index)>();
        for (var i = 0; i < given.Count; i++)
        {
            var item = agenda.FirstOrDefault(a => a.QuestionId == given[i].QuestionId);
            if (item is null) { errors[$"items[{i}].questionId"] = ["Minutes must be for a question on the agenda."]; continue; }
            var decision = Text(given[i].Decision, $"items[{i}].decision");
            var agreed = given[i].Changes ?? [];
            if (agreed.Count > 0 && decision is null)
                errors[$"items[{i}].decision"] = ["Say what the club decided: it becomes the practice changes' description."];
            // Two changes under one title would be one change twice (a blank title is the question's).
            var titles = agreed.Select(c => string.IsNullOrWhiteSpace(c.Title) ? "" : c.Title.Trim().ToUpperInvariant()).ToList();
            for (var j = 0; j < titles.Count; j++)
                if (titles.IndexOf(titles[j]) < j)
                    errors[$"items[{i}].changes[{j}].title"] = ["Another change on this item has the same title: give each change its own."];
            written.Add((item, Text(given[i].Discussion, $"items[{i}].discussion"), decision, agreed, i));
        }
        MeetingRules.ThrowIfAny(errors);

        var opened = new List<Changes.PracticeChange>();
        var changes = new Changes.PracticeChanges(db, clock);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Entry(meeting).Property(m => m.Version).OriginalValue = expectedVersion;
            meeting.Minutes = notes;
            // Saved even when only the items changed, so the meeting's version moves and a second editor is told.
            db.Entry(meeting).Property(m => m.Minutes).IsModified = true;
            foreach (var (item, discussion, decision, _, _) in written) (item.Discussion, item.Outcome) = (discussion, decision);
            await AgendaQuestionMoves.DiscussedAsync(db, agenda.Where(a => a.Outcome is not null).Select(a => a.QuestionId).ToList(),
                LifecycleActor(actor, meeting.ClubId), actor.UserId, clock.UtcNowForDb(), ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new StaleVersionException(); // another editor saved since this one read the meeting
            }

            foreach (var (item, _, decision, agreed, index) in written.Where(w => w.Changes.Count > 0))
            {
                var question = await db.Questions.Where(q => q.Id == item.QuestionId).Select(q => q.Title).SingleAsync(ct);
                var appraisal = await db.Appraisals.Where(a => a.QuestionId == item.QuestionId && a.Status == Appraisals.AppraisalStatus.Published)
                    .OrderByDescending(a => a.PublishedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
                var already = await db.Set<Changes.PracticeChange>().Where(c => c.MeetingId == meeting.Id && c.QuestionId == item.QuestionId)
                    .Select(c => c.Title).ToListAsync(ct);
                for (var j = 0; j < agreed.Count; j++)
                {
                    var title = string.IsNullOrWhiteSpace(agreed[j].Title) ? question : agreed[j].Title!.Trim();
                    if (already.Contains(title, StringComparer.OrdinalIgnoreCase)) continue; // opened by an earlier save
                    try
                    {
                        opened.Add(await changes.CreateAsync(meeting.ClubId, new Changes.ChangeInput(
                            Title: title, Description: decision, OwnerId: agreed[j].OwnerId, DueOn: agreed[j].DueOn,
                            QuestionId: item.QuestionId, AppraisalId: appraisal, MeetingId: meeting.Id), actor, ct));
                    }
                    catch (DomainValidationException e)
                    {
                        throw new DomainValidationException(e.Errors.ToDictionary(kv => $"items[{index}].changes[{j}].{kv.Key}", kv => kv.Value));
                    }
                }
            }
            await tx.CommitAsync(ct);
        });
        return opened;
    }

    /// <summary>Tells the people behind each question newly on the agenda when and where it will be discussed.</summary>
    private async Task NotifyScheduledAsync(Actor actor, Meeting meeting, IReadOnlyList<Guid> added, CancellationToken ct)
    {
        if (notices is null || added.Count == 0) return;
        var club = await db.Clubs.Where(c => c.Id == meeting.ClubId).Select(c => new { c.Name, c.TimeZone }).SingleAsync(ct);
        var zone = await db.Cadences.Where(c => c.ClubId == meeting.ClubId).Select(c => c.TimeZone).FirstOrDefaultAsync(ct) ?? club.TimeZone;
        var when = MeetingRules.Short(meeting.StartsAt, zone);
        var where = MeetingRules.ShortWhere(meeting.Location, meeting.OnlineUrl);
        foreach (var question in await db.Questions.Where(q => added.Contains(q.Id)).ToListAsync(ct))
            await Questions.QuestionNotices.AddAsync(notices, question, club.Name, Questions.QuestionStatus.Scheduled, meeting.Id,
                await Questions.QuestionNotices.VoicesAsync(db, question, ct), actor.UserId,
                where is null ? when : $"{when} — {where}", $"{notices.Base}/meetings/{meeting.Id}", null, ct);
    }

    /// <summary>Running a club's meetings is for its leads and for admins.</summary>
    private static void EnsureLead(Actor actor, Guid clubId)
    {
        if (actor.ForClub(clubId, ClubPermission.Manage) != Verdict.Allowed) throw new ForbiddenException(AccessRules.ClubRefusal(ClubPermission.Manage));
    }

    /// <summary>The same person as the question lifecycle sees them in this club (no longer assumed to be a lead).</summary>
    private static Questions.QuestionActor LifecycleActor(Actor actor, Guid clubId) =>
        new(IsAdmin: actor.IsAdmin, IsClubLead: actor.IsLeadOf(clubId), IsClubMember: actor.IsMemberOf(clubId));

    private async Task EnsureMembersAsync(Guid clubId, IEnumerable<Guid> userIds, string field, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        var members = await db.Memberships.CountAsync(m => m.ClubId == clubId && ids.Contains(m.UserId), ct);
        if (members != ids.Count) throw new DomainValidationException(field, "Everyone named must be a member of the club.");
    }
}
