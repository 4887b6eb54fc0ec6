using Impacte.Domain.Access;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Impact;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Network;

/// <summary>Filters of the network view; all optional. <see cref="PersonId"/> matches an owner or a team member.</summary>
public sealed record NetworkFilter(
    ClinicalArea? Area = null, Guid? ClubId = null, ChangeStatus? Status = null, Guid? PersonId = null, string? Search = null)
{
    public const int MaxSearch = 200;

    /// <summary>The filters from query-string values; unknown area or status, or an over-long search, is a field error.</summary>
    public static NetworkFilter Parse(string? area, Guid? clubId, string? status, Guid? personId, string? q)
    {
        var errors = new Dictionary<string, string[]>();
        ClinicalArea? parsedArea = null;
        if (!string.IsNullOrWhiteSpace(area))
        {
            if (ClinicalAreas.TryParse(area, out var a)) parsedArea = a;
            else errors["area"] = [$"Choose one of: {string.Join(", ", ClinicalAreas.All.Select(x => x.Slug()))}."];
        }
        ChangeStatus? parsedStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (ChangeWorkflow.TryParse(status.Trim(), out var s)) parsedStatus = s;
            else errors["status"] = [$"Choose one of: {string.Join(", ", ChangeWorkflow.Names)}."];
        }
        var search = CheckSearch(q, errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        return new NetworkFilter(parsedArea, clubId, parsedStatus, personId, search);
    }

    /// <summary>The search words trimmed, null when blank; too long or with control characters is a field error on "q".</summary>
    public static string? CheckSearch(string? q, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(q)) return null;
        if (UserText.HasControl(q, allowLineBreaks: false)) errors["q"] = [UserText.ControlMessage];
        else if (q.Trim().Length > MaxSearch) errors["q"] = [$"Search with at most {MaxSearch} characters."];
        return q.Trim();
    }
}

/// <summary>A change as the network sees it: who owns it, where it stands, its progress score and its latest chart signal.</summary>
public sealed record NetworkChange(
    Guid Id, string Title, Guid ClubId, string ClubName, Guid OwnerId, string OwnerName, ChangeStatus Status, DateOnly DueOn,
    ClinicalArea? Area, Guid? QuestionId, ProgressResult Progress, string? LatestSignal, DateTimeOffset UpdatedAt)
{
    /// <summary>Whether this reader may open the change itself (<see cref="Actor.CanSee"/>); the line is shown to everyone.</summary>
    public bool CanOpen { get; init; }
}

/// <summary>Where a change stands: its progress score and its charts' latest signal (null when none shows one).</summary>
public sealed record ChangeStanding(ProgressResult Progress, string? LatestSignal);

/// <summary>A question a club has taken on and not yet answered.</summary>
public sealed record NetworkQuestion(
    Guid Id, string Title, QuestionStatus Status, ClinicalArea? Area, Guid ClubId, string ClubName, Guid ProposerId, string ProposerName,
    DateTimeOffset UpdatedAt);

/// <summary>An appraisal being written or checked.</summary>
public sealed record NetworkAppraisal(
    Guid Id, Guid QuestionId, string QuestionTitle, AppraisalStatus Status, ClinicalArea? Area, Guid ClubId, string ClubName,
    Guid AuthorId, string AuthorName, DateTimeOffset UpdatedAt);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>What one person is on: "question" (proposer), "appraisal" (author), "change" (owner or team).</summary>
public sealed record PersonWork(string Kind, string Role, Guid Id, string Title, string Status, string ClubName, DateTimeOffset UpdatedAt);

public sealed record NetworkPerson(Guid Id, string Name, string? Profession, IReadOnlyList<string> Clubs);

/// <summary>
/// "Who is on what": every practice's changes, the questions it has taken on and the appraisals in work, for every
/// signed-in member of the network (it holds no patient data; it exists so nobody duplicates what another practice
/// is doing). Each change's area is its question's (or, without one, its appraisal's question's). Progress score and
/// latest signal come from <see cref="ChangeEvidenceLoader"/> and <see cref="ProgressScore"/>, as on impact pages.
/// </summary>
public sealed class NetworkView(ImpacteDbContext db)
{
    /// <summary>Question statuses that count as "in progress": taken on by a club and not yet answered.</summary>
    public static readonly IReadOnlyList<QuestionStatus> QuestionsInProgress =
        [QuestionStatus.Accepted, QuestionStatus.Searching, QuestionStatus.Appraised, QuestionStatus.Scheduled, QuestionStatus.Discussed];

    public static readonly IReadOnlyList<AppraisalStatus> AppraisalsInWork = [AppraisalStatus.Draft, AppraisalStatus.Submitted, AppraisalStatus.Returned];

    private sealed record ChangeRow(
        Guid Id, string Title, Guid ClubId, string ClubName, Guid OwnerId, string OwnerName, ChangeStatus Status, DateOnly DueOn,
        ClinicalArea? Area, Guid? QuestionId, DateTimeOffset UpdatedAt);

    /// <summary>The changes matching the filter, most recently updated first, one page of them with the total.</summary>
    public async Task<Page<NetworkChange>> ChangesAsync(NetworkFilter filter, PageRequest page, Actor reader, CancellationToken ct = default)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(c => new ChangeRow(c.Id, c.Title, c.ClubId, c.Club.Name, c.OwnerId, c.Owner.Name, c.Status, c.DueOn,
                db.Questions.Where(q => q.Id == c.QuestionId).Select(q => q.Area).FirstOrDefault()
                    ?? db.Questions.Where(q => db.Appraisals.Any(a => a.Id == c.AppraisalId && a.QuestionId == q.Id)).Select(q => q.Area).FirstOrDefault(),
                c.QuestionId, c.UpdatedAt))
            .ToListAsync(ct);
        return new Page<NetworkChange>(await WithEvidenceAsync(rows, reader, ct), total);
    }

    /// <summary>The change query with the filters applied (no order, no paging).</summary>
    private IQueryable<PracticeChange> Filtered(NetworkFilter filter)
    {
        var query = db.Set<PracticeChange>().AsNoTracking();
        if (filter.ClubId is { } clubId) query = query.Where(c => c.ClubId == clubId);
        if (filter.Status is { } status) query = query.Where(c => c.Status == status);
        if (filter.PersonId is { } personId) query = query.Where(c => c.OwnerId == personId || c.Team.Any(t => t.UserId == personId));
        if (filter.Area is { } area)
            query = query.Where(c =>
                db.Questions.Any(q => q.Id == c.QuestionId && q.Area == area) ||
                c.QuestionId == null && db.Appraisals.Any(a => a.Id == c.AppraisalId && db.Questions.Any(q => q.Id == a.QuestionId && q.Area == area)));
        if (filter.Search is { } search)
            query = query.Where(c => EF.Functions.ToTsVector("english", c.Title + " " + c.Description)
                .Matches(EF.Functions.WebSearchToTsQuery("english", search)));
        return query;
    }

    private async Task<IReadOnlyList<NetworkChange>> WithEvidenceAsync(IReadOnlyList<ChangeRow> rows, Actor reader, CancellationToken ct)
    {
        var standings = await StandingsAsync(db, rows.Select(r => r.Id).ToList(), ct);
        return rows.Select(r => new NetworkChange(r.Id, r.Title, r.ClubId, r.ClubName, r.OwnerId, r.OwnerName, r.Status, r.DueOn, r.Area,
                r.QuestionId, standings[r.Id].Progress, standings[r.Id].LatestSignal, r.UpdatedAt)
            {
                CanOpen = reader.IsAdmin || reader.IsMemberOf(r.ClubId) || ChangeWorkflow.IsNetworkVisible(r.Status),
            })
            .ToList();
    }

    /// <summary>
    /// Each change's progress score and latest signal, read once for the lot: what the network view shows on every
    /// change, and the change lists too.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, ChangeStanding>> StandingsAsync(ImpacteDbContext db, IReadOnlyCollection<Guid> changeIds, CancellationToken ct = default)
    {
        var evidence = await ChangeEvidenceLoader.LoadAsync(db, changeIds, ct);
        return changeIds.Distinct().ToDictionary(id => id, id => new ChangeStanding(evidence.ProgressOf(id), LatestSignal(evidence.MeasuresOf(id))));
    }

    /// <summary>
    /// The most recent signal on any of the change's charts (by the period it ends in), in the impact pages' words,
    /// with the measure's name; null when no chart shows one.
    /// </summary>
    public static string? LatestSignal(IReadOnlyList<MeasureFacts> measures) =>
        measures.SelectMany(m => m.Chart.Signals.Select(s => (Measure: m.Name, Signal: s)))
            .OrderByDescending(x => x.Signal.ToPeriod, StringComparer.Ordinal)
            .ThenBy(x => x.Signal.Meaning) // on the same period, an improvement before a concern is no better: keep order stable
            .Select(x => $"{x.Measure}: {ImpactReports.Describe(x.Signal)}")
            .FirstOrDefault();

    /// <summary>Questions clubs have taken on and not yet answered, filtered by area, club, proposer and words.</summary>
    public async Task<Page<NetworkQuestion>> QuestionsAsync(NetworkFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var statuses = QuestionsInProgress.ToList();
        var query = db.Questions.AsNoTracking().Where(q => statuses.Contains(q.Status));
        if (filter.ClubId is { } clubId) query = query.Where(q => q.ClubId == clubId);
        if (filter.Area is { } area) query = query.Where(q => q.Area == area);
        if (filter.PersonId is { } personId) query = query.Where(q => q.ProposerId == personId);
        if (filter.Search is { } search)
            query = query.Where(q => q.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("english", search)));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(q => q.UpdatedAt).ThenBy(q => q.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(q => new NetworkQuestion(q.Id, q.Title, q.Status, q.Area, q.ClubId, q.Club.Name, q.ProposerId, q.Proposer.Name, q.UpdatedAt))
            .ToListAsync(ct);
        return new Page<NetworkQuestion>(items, total);
    }

    /// <summary>Appraisals being written, checked or sent back, filtered by their question's area and club, author and words.</summary>
    public async Task<Page<NetworkAppraisal>> AppraisalsAsync(NetworkFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var statuses = AppraisalsInWork.ToList();
        var query =
            from a in db.Appraisals.AsNoTracking()
            join q in db.Questions on a.QuestionId equals q.Id
            where statuses.Contains(a.Status)
            select new { a, q };
        if (filter.ClubId is { } clubId) query = query.Where(x => x.q.ClubId == clubId);
        if (filter.Area is { } area) query = query.Where(x => x.q.Area == area);
        if (filter.PersonId is { } personId) query = query.Where(x => x.a.AuthorId == personId);
        if (filter.Search is { } search)
            query = query.Where(x => x.q.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("english", search)));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(x => x.a.UpdatedAt).ThenBy(x => x.a.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(x => new NetworkAppraisal(x.a.Id, x.q.Id, x.q.Title, x.a.Status, x.q.Area, x.q.ClubId, x.q.Club.Name, x.a.AuthorId,
                x.a.Author.Name, x.a.UpdatedAt))
            .ToListAsync(ct);
        return new Page<NetworkAppraisal>(items, total);
    }

    /// <summary>A person, with the clubs they belong to; 404 when there is no such account.</summary>
    public async Task<NetworkPerson> PersonAsync(Guid userId, CancellationToken ct = default)
    {
        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.Name, u.Profession }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("The person");
        var clubs = await db.Memberships.Where(m => m.UserId == userId).OrderBy(m => m.Club.Name).Select(m => m.Club.Name).ToListAsync(ct);
        return new NetworkPerson(person.Id, person.Name, person.Profession, clubs);
    }

    /// <summary>
    /// What a person is on, most recently updated first: questions they proposed that a club took on (not those still
    /// only proposed to their own club, declined or duplicates), appraisals they wrote, changes they own or work on.
    /// </summary>
    public async Task<Page<PersonWork>> WorkOfAsync(Guid userId, PageRequest page, CancellationToken ct = default)
    {
        await PersonAsync(userId, ct);
        var hidden = new[] { QuestionStatus.Proposed, QuestionStatus.Declined, QuestionStatus.Duplicate };
        var questions = await db.Questions.AsNoTracking().Where(q => q.ProposerId == userId && !hidden.Contains(q.Status))
            .Select(q => new { q.Id, q.Title, q.Status, Club = q.Club.Name, q.UpdatedAt }).ToListAsync(ct);
        var appraisals = await db.Appraisals.AsNoTracking().Where(a => a.AuthorId == userId)
            .Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => new { a.Id, q.Title, a.Status, Club = q.Club.Name, a.UpdatedAt })
            .ToListAsync(ct);
        var changes = await db.Set<PracticeChange>().AsNoTracking().Where(c => c.OwnerId == userId || c.Team.Any(t => t.UserId == userId))
            .Select(c => new { c.Id, c.Title, c.Status, Club = c.Club.Name, c.UpdatedAt, Owner = c.OwnerId == userId }).ToListAsync(ct);

        var all = questions.Select(q => new PersonWork("question", "proposer", q.Id, q.Title, QuestionNames.Name(q.Status), q.Club, q.UpdatedAt))
            .Concat(appraisals.Select(a => new PersonWork("appraisal", "author", a.Id, a.Title, a.Status.Name(), a.Club, a.UpdatedAt)))
            .Concat(changes.Select(c => new PersonWork("change", c.Owner ? "owner" : "team", c.Id, c.Title, c.Status.Name(), c.Club, c.UpdatedAt)))
            .OrderByDescending(w => w.UpdatedAt).ThenBy(w => w.Id)
            .ToList();
        return new Page<PersonWork>(all.Skip(page.Skip).Take(page.PageSize).ToList(), all.Count);
    }
}
