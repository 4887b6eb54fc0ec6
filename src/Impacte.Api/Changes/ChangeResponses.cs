using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Changes;

public sealed record CreateChangeRequest(
    string? Title, string? Description, Guid? OwnerId, DateOnly? DueOn,
    Guid? QuestionId, Guid? AppraisalId, Guid? MeetingId, IReadOnlyList<Guid>? TeamIds);

/// <summary>A partial update: fields left out (or null) keep their value; <c>teamIds</c>, when given, replaces the team.</summary>
public sealed record UpdateChangeRequest(
    string? Title, string? Description, Guid? OwnerId, DateOnly? DueOn,
    Guid? QuestionId, Guid? AppraisalId, Guid? MeetingId, IReadOnlyList<Guid>? TeamIds,
    string? WhatDidNotWork, string? HowItMadeADifference);

/// <summary><c>to</c>: in-progress, implemented, sustained or abandoned (which needs a <c>reason</c>).</summary>
public sealed record ChangeTransitionRequest(string? To, string? Reason);

/// <summary>One practice change, as the API shows it; <c>canEdit</c> and <c>allowedTransitions</c> are for the caller.</summary>
public sealed record ChangeResponse(
    Guid Id, Guid ClubId, string ClubName, string Title, string Description, string Status,
    PersonResponse Owner, IReadOnlyList<PersonResponse> Team, DateOnly DueOn,
    Guid? QuestionId, Guid? AppraisalId, Guid? MeetingId,
    string? AbandonReason, string? WhatDidNotWork, string? HowItMadeADifference,
    bool CanEdit, IReadOnlyList<string> AllowedTransitions,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ImplementedAt,
    int ProgressScore, NewerAppraisalResponse? NewerAppraisal = null);

/// <summary>A newer published appraisal of the question the change's appraisal answers (evidence drift); url is its page.</summary>
public sealed record NewerAppraisalResponse(Guid Id, DateTimeOffset PublishedAt, string Url);

/// <summary>A change in a list; <c>progressScore</c> (0-5), <c>progress</c> and <c>latestSignal</c> as the network view shows them.</summary>
public sealed record ChangeListItemResponse(
    Guid Id, Guid ClubId, string ClubName, string Title, string Status, Guid OwnerId, string OwnerName, DateOnly DueOn, DateTimeOffset UpdatedAt,
    int ProgressScore, string Progress, string? LatestSignal);

/// <summary>One line of history: <c>kind</c> is created, edited or transition; <c>by</c> is null for a former member.</summary>
public sealed record ChangeHistoryResponse(DateTimeOffset At, PersonResponse? By, string Kind, string? From, string? To, string? Note);

/// <summary>Hand-written mapping from the domain to what the API shows.</summary>
public static class ChangeResponses
{
    /// <summary>One page of the list; the status is named after paging, as the database cannot name it.</summary>
    public static async Task<Paged<ChangeListItemResponse>> ToPagedItemsAsync(this IQueryable<PracticeChange> changes, PracticeChanges service, PageRequest page, CancellationToken ct)
    {
        var rows = await changes.Select(c => new { c.Id, c.ClubId, ClubName = c.Club.Name, c.Title, c.Status, c.OwnerId, OwnerName = c.Owner.Name, c.DueOn, c.UpdatedAt })
            .ToPagedAsync(page, ct);
        var standings = await service.StandingsAsync(rows.Items.Select(r => r.Id).ToList(), ct);
        return new Paged<ChangeListItemResponse>(
            rows.Items.Select(r => new ChangeListItemResponse(r.Id, r.ClubId, r.ClubName, r.Title, r.Status.Name(), r.OwnerId, r.OwnerName, r.DueOn, r.UpdatedAt,
                standings[r.Id].Progress.Score, standings[r.Id].Progress.Label, standings[r.Id].LatestSignal)).ToList(),
            rows.Total, rows.Page, rows.PageSize);
    }

    public static async Task<ChangeResponse> LoadAsync(ImpacteDbContext db, PracticeChange c, Actor actor, CancellationToken ct)
    {
        var clubName = await db.Clubs.Where(x => x.Id == c.ClubId).Select(x => x.Name).SingleAsync(ct);
        var teamIds = c.Team.Select(t => t.UserId).Append(c.OwnerId).ToList();
        var names = await db.Users.Where(u => teamIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var canEdit = actor.CanEdit(c);
        // Derived from the change's measures and PDSA cycles, never typed in (ProgressScore).
        var progress = (await Impacte.Domain.Impact.ChangeEvidenceLoader.LoadAsync(db, [c.Id], ct)).ProgressOf(c.Id);
        var newer = await Impacte.Domain.Appraisals.EvidenceDrift.NewerThanAsync(db, c.AppraisalId, ct);
        return new ChangeResponse(
            c.Id, c.ClubId, clubName, c.Title, c.Description, c.Status.Name(),
            new PersonResponse(c.OwnerId, names[c.OwnerId]),
            c.Team.Select(t => new PersonResponse(t.UserId, names[t.UserId])).OrderBy(p => p.Name).ToList(),
            c.DueOn, c.QuestionId, c.AppraisalId, c.MeetingId, c.AbandonReason, c.WhatDidNotWork, c.HowItMadeADifference,
            canEdit, canEdit ? ChangeWorkflow.AllowedFrom(c.Status).Select(s => s.Name()).ToList() : [],
            c.CreatedAt, c.UpdatedAt, c.ImplementedAt, progress.Score,
            newer is null ? null : new NewerAppraisalResponse(newer.Id, newer.PublishedAt, $"/appraisals/{newer.Id}"));
    }

    public static ChangeHistoryResponse ToResponse(PracticeChangeEvent e) => new(
        e.At, e.By is null ? null : new PersonResponse(e.By.Id, e.By.Name), e.Kind.ToString().ToLowerInvariant(),
        e.FromStatus?.Name(), e.ToStatus?.Name(), e.Note);
}
