using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Email;
using Impacte.Domain.Impact;
using Impacte.Domain.Measures;
using Impacte.Domain.Meetings;
using Impacte.Domain.Preferences;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Impacte.Domain.Digests;

/// <summary>
/// What goes in each member's digest, for a batch of members at once: every section is one query for the whole batch
/// (the network's fan-out runs a few hundred members per batch), then split per member by their clubs, followed areas
/// and period. Only what a member may see: their clubs' meetings, questions and their own changes; the network's
/// published appraisals, changes that improved or were abandoned, and answered questions, in the areas they follow.
/// </summary>
public sealed class DigestBuilder(ImpacteDbContext db, MeetingEmails meetingEmails, EmailOptions options, IAgendaQuestions agendaQuestions)
{
    /// <summary>How far ahead meetings are shown: five weeks, so a monthly club's next meeting is always in view.</summary>
    public const int MeetingHorizonDays = 35;

    /// <summary>How far ahead a member's own change or re-audit counts as due (as on the impact pages).</summary>
    public const int DueHorizonDays = ImpactReports.AuditHorizonDays;

    /// <summary>A section shows at most this many items (an email stays readable in a busy week); it says how many more.</summary>
    public const int MaxItemsPerSection = 10;

    private string Base => options.PublicBaseUrl.TrimEnd('/');

    public async Task<IReadOnlyList<Digest>> BuildAsync(IReadOnlyList<DigestRecipient> batch, DateTimeOffset now, CancellationToken ct = default)
    {
        if (batch.Count == 0) return [];
        var userIds = batch.Select(r => r.UserId).ToList();
        var since = batch.Min(r => r.Period.Start);
        var memberships = await db.Memberships.AsNoTracking().Where(m => userIds.Contains(m.UserId))
            .Select(m => new { m.UserId, m.ClubId }).ToListAsync(ct);
        var clubsOf = memberships.GroupBy(m => m.UserId).ToDictionary(g => g.Key, g => g.Select(m => m.ClubId).ToHashSet());
        var clubIds = memberships.Select(m => m.ClubId).Distinct().ToList();
        var areas = batch.SelectMany(r => r.Preferences.Areas).Distinct().Select(a => (ClinicalArea?)a).ToList();

        var meetings = await MeetingsAsync(clubIds, userIds, now, ct);
        var packReaders = batch.Where(r => r.Preferences.ReadingPacks == EmailDelivery.InDigest).Select(r => r.UserId).ToList();
        var (reading, emailed) = packReaders.Count == 0 ? ([], []) : await ReadingAsync(meetings, packReaders, ct);
        var questions = await NewQuestionsAsync(clubIds, userIds, since, ct);
        var appraisals = areas.Count == 0 ? [] : await AppraisalsAsync(areas, since, ct);
        var own = await OwnWorkAsync(userIds, now, ct);
        var elsewhere = areas.Count == 0 ? [] : await ChangesElsewhereAsync(areas, since, ct);
        var answered = await AnsweredElsewhereAsync(userIds, since, ct);
        var newsFor = batch.Where(r => r.Preferences.Updates == Preferences.EmailDelivery.InDigest).Select(r => r.UserId).ToList();
        var news = newsFor.Count == 0 ? [] : await YourNewsAsync(newsFor, since, ct);
        // Meetings moved or cancelled: for those who take reading packs (and with them a meeting's changes) or updates in the digest.
        var changesFor = batch.Where(r => r.Preferences.ReadingPacks == EmailDelivery.InDigest || r.Preferences.Updates == EmailDelivery.InDigest)
            .Select(r => r.UserId).ToHashSet();
        var meetingChanges = changesFor.Count == 0 ? [] : await MeetingChangesAsync(clubIds, since, ct);

        var digests = new List<Digest>(batch.Count);
        foreach (var to in batch)
        {
            var clubs = clubsOf.GetValueOrDefault(to.UserId) ?? [];
            var follows = to.Preferences.Areas.ToHashSet();
            bool InPeriod(DateTimeOffset at) => at >= to.Period.Start && at < to.Period.End;
            var today = Club.DateIn(to.Preferences.TimeZone, now);
            var sections = new List<DigestSection>();
            void Add(DigestSectionKind kind, string heading, string intro, IEnumerable<DigestItem> items)
            {
                // Nothing twice: one item per thing within a section.
                var list = items.DistinctBy(i => i.Id).ToList();
                if (list.Count > 0) sections.Add(new DigestSection(kind, heading, intro, list.Take(MaxItemsPerSection).ToList(), Math.Max(0, list.Count - MaxItemsPerSection)));
            }

            Add(DigestSectionKind.Meetings, "Meetings coming up", "Let your club know whether you will come: one click answers.",
                meetings.Where(m => clubs.Contains(m.Meeting.ClubId)).Select(m => MeetingItem(m, to,
                    // Their reading pack comes here, unless it reached them by email before they chose the digest.
                    to.Preferences.ReadingPacks == EmailDelivery.InDigest && !emailed.Contains((m.Meeting.Id, to.UserId))
                        ? reading.GetValueOrDefault(m.Meeting.Id) ?? [] : [])));
            if (changesFor.Contains(to.UserId))
                Add(DigestSectionKind.MeetingChanges, "Meetings moved or cancelled", "Your club changed these meetings: check the new time, and answer again.",
                    meetingChanges.Where(c => clubs.Contains(c.ClubId) && InPeriod(c.At)).OrderByDescending(c => c.Cancelled).ThenByDescending(c => c.At)
                        .Select(c => c.Item(to, meetingEmails, Base)));
            Add(DigestSectionKind.YourNews, "Your questions and appraisals", "What happened to the questions you asked or supported, and to the appraisals you wrote.",
                news.Where(n => n.For.Contains(to.UserId) && InPeriod(n.At)).OrderByDescending(n => n.At).Select(n => n.Item));
            Add(DigestSectionKind.YourChanges, "Your changes and audits due", "Practice changes you own or work on, and re-audits waiting for your figures.",
                own.Where(o => clubs.Contains(o.ClubId) && (o.OwnerId == to.UserId || o.Team.Contains(to.UserId)) && o.DueOn <= today.AddDays(DueHorizonDays))
                    .OrderBy(o => o.DueOn).Select(o => OwnItem(o, today)));
            Add(DigestSectionKind.NewQuestions, "New questions in your club", "Add your voice if you have met the same question in surgery, or vote for the club to take it.",
                questions.Where(q => clubs.Contains(q.ClubId) && InPeriod(q.CreatedAt) && q.ProposerId != to.UserId && !q.Supporters.Contains(to.UserId))
                    .Select(q => new DigestItem(q.Id, q.Title, $"{q.ClubName}, proposed {Date(q.CreatedAt, to)}", $"{Base}/questions/{q.Id}",
                        [new DigestLink("Add your voice", $"{Base}/questions/{q.Id}")])));
            Add(DigestSectionKind.Appraisals, "Appraisals published in the areas you follow", "Critically appraised evidence from across the network.",
                appraisals.Where(a => a.Area is { } area && follows.Contains(area) && InPeriod(a.PublishedAt))
                    .Select(a => new DigestItem(a.Id, a.Title, $"{a.Area!.Value.Label()}, for {a.ClubName}", $"{Base}/appraisals/{a.Id}", [])
                    { Quote = a.BottomLine is null ? null : $"Bottom line: {a.BottomLine}" }));
            Add(DigestSectionKind.ChangesElsewhere, "What other practices learned", "Changes elsewhere in the areas you follow that showed an improvement, or were stopped, and what they learned.",
                elsewhere.Where(c => !clubs.Contains(c.ClubId) && c.Area is { } area && follows.Contains(area) && InPeriod(c.At))
                    .Select(c => new DigestItem(c.Id, c.Title, $"{c.ClubName}: {c.What}", $"{Base}/changes/{c.Id}", []) { Quote = c.Learning }));
            Add(DigestSectionKind.AnsweredElsewhere, "Questions like yours, answered elsewhere", "Another club has answered a question like one you asked.",
                answered.Where(a => a.AskedBy.Contains(to.UserId) && !clubs.Contains(a.ClubId) && InPeriod(a.At))
                    .Select(a => new DigestItem(a.Id, a.Title, $"Answered by {a.ClubName}; like your question “{a.LikeTitle}”", $"{Base}/questions/{a.Id}", [])
                    { Quote = a.BottomLine is null ? null : $"Bottom line: {a.BottomLine}" }));
            digests.Add(new Digest(to, sections));
        }
        return digests;
    }

    private static string Date(DateTimeOffset at, DigestRecipient to) =>
        $"{TimeZoneInfo.ConvertTime(at, Club.ZoneOf(to.Preferences.TimeZone)):d MMMM}";

    // ---- Meetings: scheduled ones in the coming weeks, with the member's answer and one-click links to give or change it.

    private sealed record MeetingRow(Meeting Meeting, string ClubName, string TimeZone, Dictionary<Guid, MeetingRsvp> Answers);

    private async Task<List<MeetingRow>> MeetingsAsync(List<Guid> clubIds, List<Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        if (clubIds.Count == 0) return [];
        var horizon = now.AddDays(MeetingHorizonDays);
        var rows = await db.Meetings.AsNoTracking()
            .Where(m => clubIds.Contains(m.ClubId) && m.Status == MeetingStatus.Scheduled && m.StartsAt > now && m.StartsAt <= horizon)
            .OrderBy(m => m.StartsAt).Select(m => new { Meeting = m, ClubName = m.Club.Name, m.Club.TimeZone }).ToListAsync(ct);
        var ids = rows.Select(r => r.Meeting.Id).ToList();
        var answers = (await db.Rsvps.AsNoTracking().Where(r => ids.Contains(r.MeetingId) && userIds.Contains(r.UserId)).ToListAsync(ct))
            .GroupBy(r => r.MeetingId).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.UserId));
        return rows.Select(r => new MeetingRow(r.Meeting, r.ClubName, r.TimeZone, answers.GetValueOrDefault(r.Meeting.Id) ?? [])).ToList();
    }

    private DigestItem MeetingItem(MeetingRow m, DigestRecipient to, IReadOnlyList<DigestReading> reading)
    {
        m.Answers.TryGetValue(to.UserId, out var rsvp);
        // An answer given for the meeting's old time is kept, but asked again.
        var answered = rsvp is not null && rsvp.IsFor(m.Meeting);
        var answer = rsvp?.Response ?? default;
        var state = answered ? $"You said: {Answer(answer)}."
            : rsvp is not null ? $"The meeting has moved; you said “{Answer(rsvp.Response)}” for the old time, {MeetingRules.Short(rsvp.ForStartsAt, m.TimeZone)}. Please confirm again."
            : "You have not answered yet.";
        var actions = Enum.GetValues<RsvpResponse>().Where(r => !answered || r != answer)
            .Select(r => new DigestLink(Answer(r), meetingEmails.RsvpLink(m.Meeting, to.UserId, r))).ToList();
        // A pack sent out in the period is news even to someone who has answered already.
        var packIsNew = reading.Count > 0 && m.Meeting.PackSentAt is { } sent && sent >= to.Period.Start && sent < to.Period.End;
        return new DigestItem(m.Meeting.Id, $"{m.ClubName} journal club, {MeetingRules.When(m.Meeting, m.TimeZone)}",
            $"{MeetingRules.Where(m.Meeting)}. {state}", $"{Base}/meetings/{m.Meeting.Id}", actions, IsNews: !answered || packIsNew)
        { Reading = reading };
    }

    /// <summary>
    /// The reading of each meeting's agenda (the questions' papers and published appraisals, as the reading pack has
    /// them), and which of the pack readers already had a meeting's pack by email.
    /// </summary>
    private async Task<(Dictionary<Guid, IReadOnlyList<DigestReading>> Reading, HashSet<(Guid MeetingId, Guid UserId)> Emailed)> ReadingAsync(
        List<MeetingRow> meetings, List<Guid> readers, CancellationToken ct)
    {
        var meetingIds = meetings.Select(m => m.Meeting.Id).ToList();
        if (meetingIds.Count == 0) return ([], []);
        var agenda = await db.AgendaItems.AsNoTracking().Where(a => meetingIds.Contains(a.MeetingId)).OrderBy(a => a.Position)
            .Select(a => new { a.MeetingId, a.QuestionId }).ToListAsync(ct);
        var questions = await agendaQuestions.FindAsync(agenda.Select(a => a.QuestionId).Distinct().ToList(), ct);
        var reading = agenda.GroupBy(a => a.MeetingId).ToDictionary(g => g.Key, g => (IReadOnlyList<DigestReading>)g
            .Select(a => questions.GetValueOrDefault(a.QuestionId))
            .Where(q => q is not null && (q.Papers.Count > 0 || q.AppraisalId is not null))
            .Select(q => new DigestReading(q!.Title, q.Papers, q.AppraisalId is { } id ? $"{Base}/appraisals/{id}" : null))
            .ToList());

        // Who was written each meeting's pack by email (recorded with the pack's outbox rows).
        var emailed = (await db.PackRecipients.AsNoTracking()
                .Where(p => meetingIds.Contains(p.MeetingId) && readers.Contains(p.UserId))
                .Select(p => new { p.MeetingId, p.UserId }).ToListAsync(ct))
            .Select(p => (p.MeetingId, p.UserId)).ToHashSet();
        return (reading, emailed);
    }

    // ---- Meetings of their clubs cancelled (with the reason) or moved (was → now) in the period.

    private sealed record MeetingChangeRow(Meeting Meeting, string ClubName, string TimeZone, DateTimeOffset At, bool Cancelled, DateTimeOffset? WasStartsAt, string? WasLocation)
    {
        public Guid ClubId => Meeting.ClubId;

        public DigestItem Item(DigestRecipient to, MeetingEmails links, string baseUrl)
        {
            var url = $"{baseUrl}/meetings/{Meeting.Id}";
            if (Cancelled)
                return new DigestItem(Meeting.Id, $"Cancelled: {ClubName} journal club, {MeetingRules.When(Meeting, TimeZone)}",
                    Meeting.CancelReason is { } reason ? $"The meeting is cancelled. Reason: {reason}" : "The meeting is cancelled.", url, []);
            var was = $"{MeetingRules.Short(WasStartsAt!.Value, TimeZone)}{(WasLocation is { } place ? $", {place}" : "")}";
            var now = $"{MeetingRules.Short(Meeting.StartsAt, TimeZone)}{(Meeting.Location is { } here ? $", {here}" : "")}";
            return new DigestItem(Meeting.Id, $"Moved: {ClubName} journal club, now {MeetingRules.When(Meeting, TimeZone)}",
                $"Was {was} → now {now}. Please answer again for the new time.", url,
                Enum.GetValues<RsvpResponse>().Select(r => new DigestLink(Answer(r), links.RsvpLink(Meeting, to.UserId, r))).ToList());
        }
    }

    private async Task<List<MeetingChangeRow>> MeetingChangesAsync(List<Guid> clubIds, DateTimeOffset since, CancellationToken ct)
    {
        if (clubIds.Count == 0) return [];
        var cancelled = await db.Meetings.AsNoTracking()
            .Where(m => clubIds.Contains(m.ClubId) && m.Status == MeetingStatus.Cancelled && m.CancelledAt >= since)
            .Select(m => new { Meeting = m, ClubName = m.Club.Name, m.Club.TimeZone }).ToListAsync(ct);
        // A moved meeting: the first move in the period says what members knew before; still scheduled and ahead.
        var moved = await db.MeetingMoves.AsNoTracking().Where(x => x.At >= since)
            .Join(db.Meetings, x => x.MeetingId, m => m.Id, (x, m) => new { Move = x, Meeting = m, ClubName = m.Club.Name, m.Club.TimeZone })
            .Where(x => clubIds.Contains(x.Meeting.ClubId) && x.Meeting.Status == MeetingStatus.Scheduled)
            .OrderBy(x => x.Move.At).ToListAsync(ct);
        return cancelled.Select(c => new MeetingChangeRow(c.Meeting, c.ClubName, c.TimeZone, c.Meeting.CancelledAt!.Value, true, null, null))
            .Concat(moved.GroupBy(x => x.Meeting.Id).Select(g => g.First())
                .Where(x => x.Move.WasStartsAt != x.Meeting.StartsAt || x.Move.WasLocation != x.Meeting.Location)
                .Select(x => new MeetingChangeRow(x.Meeting, x.ClubName, x.TimeZone, x.Move.At, false, x.Move.WasStartsAt, x.Move.WasLocation)))
            .ToList();
    }

    private static string Answer(RsvpResponse r) => r switch
    {
        RsvpResponse.Yes => "Yes, I will come",
        RsvpResponse.Maybe => "Maybe",
        _ => "No, I cannot come",
    };

    // ---- News of the member's own questions (proposed, voted for or asked) and of the appraisals they wrote.

    private sealed record NewsRow(DateTimeOffset At, HashSet<Guid> For, DigestItem Item);

    private static readonly QuestionStatus[] Told =
        [QuestionStatus.Accepted, QuestionStatus.Declined, QuestionStatus.Duplicate, QuestionStatus.Appraised, QuestionStatus.Scheduled, QuestionStatus.Answered];

    private async Task<List<NewsRow>> YourNewsAsync(List<Guid> userIds, DateTimeOffset since, CancellationToken ct)
    {
        var moves = await db.QuestionTransitions.AsNoTracking().Where(t => t.At >= since && Told.Contains(t.ToStatus))
            .Join(db.Questions, t => t.QuestionId, q => q.Id, (t, q) => new { t.Id, t.At, t.ToStatus, t.Reason, q })
            .Where(x => userIds.Contains(x.q.ProposerId) || x.q.Votes.Any(v => userIds.Contains(v.UserId)) || x.q.Askers.Any(a => userIds.Contains(a.UserId)))
            .Select(x => new
            {
                x.Id, x.At, x.ToStatus, x.Reason, QuestionId = x.q.Id, x.q.Title, x.q.ProposerId, x.q.DuplicateOfId,
                Voters = x.q.Votes.Where(v => userIds.Contains(v.UserId)).Select(v => v.UserId).ToList(),
                Askers = x.q.Askers.Where(a => userIds.Contains(a.UserId)).Select(a => a.UserId).ToList(),
            })
            // Two collections per row: one query would repeat each row voters × askers times; three small queries do not.
            .AsSplitQuery()
            .ToListAsync(ct);
        var rows = moves.Select(m => new NewsRow(m.At, [m.ProposerId, .. m.Voters, .. m.Askers], new DigestItem(m.Id, m.Title, m.ToStatus switch
        {
            QuestionStatus.Accepted => "Accepted by the club: a librarian will search for the evidence.",
            QuestionStatus.Declined => $"Declined. Reason: {m.Reason ?? "none given"}",
            QuestionStatus.Duplicate => "Marked as a duplicate: your voice now counts for the original.",
            QuestionStatus.Appraised => "The evidence has been appraised.",
            QuestionStatus.Scheduled => "On a meeting agenda.",
            _ => $"Answered. Bottom line: {m.Reason}",
        }, m.ToStatus == QuestionStatus.Duplicate && m.DuplicateOfId is { } original ? $"{Base}/questions/{original}" : $"{Base}/questions/{m.QuestionId}", []))).ToList();

        var appraisals = await db.Appraisals.AsNoTracking()
            .Where(a => userIds.Contains(a.AuthorId) && (a.PublishedAt >= since || a.Status == AppraisalStatus.Returned && a.UpdatedAt >= since))
            .Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => new { a.Id, a.AuthorId, a.Status, a.PublishedAt, a.UpdatedAt, a.ReturnComment, q.Title })
            .ToListAsync(ct);
        rows.AddRange(appraisals.Select(a => a.Status == AppraisalStatus.Returned
            ? new NewsRow(a.UpdatedAt, [a.AuthorId], new DigestItem(a.Id, $"Your appraisal of “{a.Title}”", $"Returned with a comment: {a.ReturnComment}", $"{Base}/appraisals/{a.Id}/edit", []))
            : new NewsRow(a.PublishedAt!.Value, [a.AuthorId], new DigestItem(a.Id, $"Your appraisal of “{a.Title}”", "Published: the network can read it now.", $"{Base}/appraisals/{a.Id}", []))));
        return rows;
    }

    // ---- New questions their club could take, which they have not proposed, asked or voted for.

    private sealed record QuestionRow(Guid Id, Guid ClubId, string ClubName, string Title, Guid ProposerId, DateTimeOffset CreatedAt, HashSet<Guid> Supporters);

    private async Task<List<QuestionRow>> NewQuestionsAsync(List<Guid> clubIds, List<Guid> userIds, DateTimeOffset since, CancellationToken ct)
    {
        if (clubIds.Count == 0) return [];
        var rows = await db.Questions.AsNoTracking()
            .Where(q => clubIds.Contains(q.ClubId) && q.Status == QuestionStatus.Proposed && q.CreatedAt >= since)
            .OrderByDescending(q => q.CreatedAt)
            .Select(q => new
            {
                q.Id, q.ClubId, ClubName = q.Club.Name, q.Title, q.ProposerId, q.CreatedAt,
                Voters = q.Votes.Where(v => userIds.Contains(v.UserId)).Select(v => v.UserId).ToList(),
                Askers = q.Askers.Where(a => userIds.Contains(a.UserId)).Select(a => a.UserId).ToList(),
            })
            .AsSplitQuery() // as in YourNewsAsync: no voters × askers rows
            .ToListAsync(ct);
        return rows.Select(q => new QuestionRow(q.Id, q.ClubId, q.ClubName, q.Title, q.ProposerId, q.CreatedAt, [.. q.Voters, .. q.Askers])).ToList();
    }

    // ---- Published appraisals, network-wide, of questions in the followed areas.

    private sealed record AppraisalRow(Guid Id, string Title, ClinicalArea? Area, string ClubName, string? BottomLine, DateTimeOffset PublishedAt);

    private async Task<List<AppraisalRow>> AppraisalsAsync(List<ClinicalArea?> areas, DateTimeOffset since, CancellationToken ct) =>
        await db.Appraisals.AsNoTracking()
            .Where(a => a.Status == AppraisalStatus.Published && a.PublishedAt >= since)
            .Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => new { a, q })
            .Where(x => areas.Contains(x.q.Area))
            .OrderByDescending(x => x.a.PublishedAt)
            .Select(x => new AppraisalRow(x.a.Id, x.q.Title, x.q.Area, x.q.Club.Name, x.a.BottomLine, x.a.PublishedAt!.Value))
            .ToListAsync(ct);

    // ---- The member's own open changes (owner or team) and the re-audits of changes they own.

    private sealed record OwnRow(Guid Id, Guid ClubId, string Title, string What, DateOnly DueOn, Guid OwnerId, HashSet<Guid> Team, string Url);

    private async Task<List<OwnRow>> OwnWorkAsync(List<Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        // Widest "today" on Earth plus the horizon; each member's own date narrows it.
        var horizon = DateOnly.FromDateTime(now.UtcDateTime).AddDays(DueHorizonDays + 1);
        // The team's changes as an id list, so owner and team each use their index (an OR with a join read every change).
        var onTeam = await db.Set<PracticeChangeTeamMember>().Where(t => userIds.Contains(t.UserId)).Select(t => t.ChangeId).Distinct().ToListAsync(ct);
        var changes = await db.Set<PracticeChange>().AsNoTracking()
            .Where(c => (c.Status == ChangeStatus.Agreed || c.Status == ChangeStatus.InProgress) && c.DueOn <= horizon
                && (userIds.Contains(c.OwnerId) || onTeam.Contains(c.Id)))
            .Select(c => new { c.Id, c.ClubId, c.Title, c.DueOn, c.OwnerId, Team = c.Team.Select(t => t.UserId).ToList() })
            .ToListAsync(ct);
        var audits = await db.Set<MeasureAudit>().AsNoTracking()
            .Where(a => a.Kind == AuditKind.ReAudit && a.RecordedAt == null && a.DueOn != null && a.DueOn <= horizon && a.Period != null)
            .Join(db.Set<Measure>(), a => a.MeasureId, m => m.Id, (a, m) => new { Audit = a, Measure = m })
            .Where(x => (x.Measure.Change.Status == ChangeStatus.Agreed || x.Measure.Change.Status == ChangeStatus.InProgress
                    || x.Measure.Change.Status == ChangeStatus.Implemented)
                && userIds.Contains(x.Measure.Change.OwnerId)
                && !db.Set<Measurement>().Any(p => p.MeasureId == x.Measure.Id && p.Ordinal == x.Audit.Ordinal))
            .Select(x => new
            {
                x.Audit.Id, x.Measure.ChangeId, x.Measure.Change.ClubId, x.Measure.Change.Title, MeasureName = x.Measure.Name, x.Audit.Period,
                DueOn = x.Audit.DueOn!.Value, x.Measure.Change.OwnerId,
            })
            .ToListAsync(ct);
        return changes.Select(c => new OwnRow(c.Id, c.ClubId, c.Title, "", c.DueOn, c.OwnerId, [.. c.Team], $"{Base}/changes/{c.Id}"))
            .Concat(audits.Select(a => new OwnRow(a.Id, a.ClubId, $"Re-audit of “{a.MeasureName}” ({a.Period}) for {a.Title}", " Enter the period's figures.",
                a.DueOn, a.OwnerId, [], $"{Base}/changes/{a.ChangeId}")))
            .ToList();
    }

    private static DigestItem OwnItem(OwnRow o, DateOnly today)
    {
        var days = o.DueOn.DayNumber - today.DayNumber;
        var when = days switch
        {
            < 0 => $"Overdue by {-days} day{(days == -1 ? "" : "s")}",
            0 => "Due today",
            _ => $"Due in {days} day{(days == 1 ? "" : "s")}",
        };
        return new DigestItem(o.Id, o.Title, $"{when} ({o.DueOn:d MMMM yyyy}).{o.What}", o.Url, []);
    }

    // ---- Changes in other clubs that showed an improvement signal or were abandoned, with what they learned.

    private sealed record ElsewhereRow(Guid Id, Guid ClubId, string ClubName, string Title, ClinicalArea? Area, DateTimeOffset At, string What, string? Learning);

    private async Task<List<ElsewhereRow>> ChangesElsewhereAsync(List<ClinicalArea?> areas, DateTimeOffset since, CancellationToken ct)
    {
        var changes = db.Set<PracticeChange>().AsNoTracking()
            // A change's area is its question's, or the question of the appraisal it rests on.
            .Select(c => new
            {
                Change = c,
                Area = db.Questions.Where(q => q.Id == c.QuestionId).Select(q => q.Area).FirstOrDefault()
                    ?? db.Appraisals.Where(a => a.Id == c.AppraisalId).Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => q.Area).FirstOrDefault(),
            })
            .Where(x => areas.Contains(x.Area));
        var abandoned = await changes
            .Where(x => x.Change.Status == ChangeStatus.Abandoned)
            .Select(x => new
            {
                x.Change.Id, x.Change.ClubId, ClubName = x.Change.Club.Name, x.Change.Title, x.Area, x.Change.AbandonReason, x.Change.WhatDidNotWork,
                x.Change.HowItMadeADifference,
                At = db.Set<PracticeChangeEvent>().Where(e => e.ChangeId == x.Change.Id && e.ToStatus == ChangeStatus.Abandoned).Max(e => (DateTimeOffset?)e.At),
            })
            .Where(x => x.At >= since)
            .ToListAsync(ct);
        var measured = await changes
            .Where(x => x.Change.Status != ChangeStatus.Abandoned
                && db.Set<Measure>().Any(m => m.ChangeId == x.Change.Id && m.Points.Any(p => p.EnteredAt >= since)))
            .Select(x => new
            {
                x.Change.Id, x.Change.ClubId, ClubName = x.Change.Club.Name, x.Change.Title, x.Area, x.Change.WhatDidNotWork, x.Change.HowItMadeADifference,
                At = db.Set<Measure>().Where(m => m.ChangeId == x.Change.Id).SelectMany(m => m.Points).Max(p => p.EnteredAt),
            })
            .ToListAsync(ct);
        var evidence = await ChangeEvidenceLoader.LoadAsync(db, measured.Select(m => m.Id).ToList(), ct);

        var rows = abandoned.Select(a => new ElsewhereRow(a.Id, a.ClubId, a.ClubName, a.Title, a.Area, a.At!.Value,
            a.AbandonReason is null ? "stopped" : $"stopped: {a.AbandonReason}", Learning(a.WhatDidNotWork, a.HowItMadeADifference))).ToList();
        foreach (var m in measured)
        {
            // The latest improvement signal of the first measure that shows one.
            if (evidence.MeasuresOf(m.Id).FirstOrDefault(f => ProgressScore.HasImprovement(f.Chart)) is not { } facts) continue;
            rows.Add(new ElsewhereRow(m.Id, m.ClubId, m.ClubName, m.Title, m.Area, m.At,
                $"{facts.Name}: {ImpactReports.Describe(facts.Improvements.Last())}", Learning(m.WhatDidNotWork, m.HowItMadeADifference)));
        }
        return rows;
    }

    private static string? Learning(string? whatDidNotWork, string? difference) =>
        string.Join("\n", new[] { whatDidNotWork is { Length: > 0 } w ? $"What did not work: {w}" : null, difference is { Length: > 0 } d ? $"What made a difference: {d}" : null }
            .Where(s => s is not null)) is { Length: > 0 } text ? text : null;

    // ---- Questions answered in the period elsewhere that are like open questions the member asked (proposed or joined).

    private sealed record AnsweredRow(Guid Id, Guid ClubId, string ClubName, string Title, string? BottomLine, DateTimeOffset At, string LikeTitle, HashSet<Guid> AskedBy);

    private async Task<List<AnsweredRow>> AnsweredElsewhereAsync(List<Guid> userIds, DateTimeOffset since, CancellationToken ct)
    {
        // The open questions the members asked (proposed or joined) are few; the questions answered network-wide in a
        // period are not (a thousand a week at national scale). So each open question's similar-question search runs
        // once, among that period's answered questions, all in one round trip: one search per answered question instead
        // took 10 s a member at national size (bench/README.md, Capacity).
        // By id lists, so that each side uses its index (proposer; asker's user) instead of scanning every question.
        var joined = await db.QuestionAskers.AsNoTracking().Where(a => userIds.Contains(a.UserId)).Select(a => a.QuestionId).Distinct().ToListAsync(ct);
        var open = await db.Questions.AsNoTracking()
            .Where(q => q.Status != QuestionStatus.Answered && q.Status != QuestionStatus.Declined && q.Status != QuestionStatus.Duplicate
                && (userIds.Contains(q.ProposerId) || joined.Contains(q.Id)))
            .Select(q => new
            {
                q.Id, q.ClubId, q.Title, q.Sentence, q.ProposerId,
                Askers = q.Askers.Where(a => userIds.Contains(a.UserId)).Select(a => a.UserId).ToList(),
            })
            .ToDictionaryAsync(q => q.Id, ct);
        if (open.Count == 0) return [];
        // Answered in the period: the status reached then (Answered is the end of the line), read from its index.
        var answered = await db.Questions.AsNoTracking().Where(q => q.Status == QuestionStatus.Answered && q.StatusChangedAt >= since)
            .Select(q => new { q.Id, q.ClubId, ClubName = q.Club.Name, q.Title, q.Sentence, q.BottomLine, At = q.StatusChangedAt })
            .ToListAsync(ct);
        if (answered.Count == 0) return [];

        var similar = new List<(int Answered, Guid Like)>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var mine = open.Values.ToList();
            var found = await QuestionQueries.SimilarAmongAsync(connection, mine.Select(o => o.Sentence).ToList(), answered.Select(a => a.Id).ToList(), ct);
            var index = answered.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i);
            for (var j = 0; j < mine.Count; j++)
                similar.AddRange(found[j].Where(id => id != mine[j].Id).Select(id => (index[id], mine[j].Id)));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var rows = new List<AnsweredRow>();
        foreach (var (i, likeId) in similar)
        {
            if (!open.TryGetValue(likeId, out var like) || like.ClubId == answered[i].ClubId) continue;
            HashSet<Guid> askedBy = [.. like.Askers];
            if (userIds.Contains(like.ProposerId)) askedBy.Add(like.ProposerId);
            if (askedBy.Count == 0) continue;
            var a = answered[i];
            rows.Add(new AnsweredRow(a.Id, a.ClubId, a.ClubName, a.Title, a.BottomLine, a.At, like.Title, askedBy));
        }
        return rows;
    }
}
