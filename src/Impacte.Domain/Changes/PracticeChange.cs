using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;

namespace Impacte.Domain.Changes;

/// <summary>Where a practice change stands (<see cref="ChangeWorkflow"/> says which moves are allowed).</summary>
public enum ChangeStatus
{
    Agreed,
    InProgress,
    Implemented,
    Sustained,
    /// <summary>Stopped, with a reason: a stalled change is stopped without blame, and others learn why.</summary>
    Abandoned,
}

/// <summary>
/// What a club agreed to change in practice after reading the evidence: what will change and for whom, who owns it,
/// who works on it, when it is due, and (once it has run) what did not work and how taking part made a difference.
/// </summary>
public sealed class PracticeChange
{
    public const int MaxTitle = 200, MaxDescription = 4000, MaxReason = 2000, MaxLearning = 4000, MaxTeam = 50;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ClubId { get; set; }
    public string Title { get; set; } = "";
    /// <summary>What will change and for whom.</summary>
    public string Description { get; set; } = "";
    public Guid OwnerId { get; set; }
    public DateOnly DueOn { get; set; }
    public Guid? QuestionId { get; set; }
    public Guid? AppraisalId { get; set; }
    public Guid? MeetingId { get; set; }
    public ChangeStatus Status { get; set; } = ChangeStatus.Agreed;
    /// <summary>Why it was abandoned; required for that move.</summary>
    public string? AbandonReason { get; set; }
    /// <summary>What did not work and the challenges met (asked once implemented, sustained or abandoned).</summary>
    public string? WhatDidNotWork { get; set; }
    /// <summary>How taking part made a difference (asked once implemented, sustained or abandoned).</summary>
    public string? HowItMadeADifference { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ImplementedAt { get; set; }
    /// <summary>PostgreSQL xmin: the concurrency token behind ETag / If-Match.</summary>
    public uint Version { get; set; }
    /// <summary>
    /// Full-text index over the title, description, both learning texts and the reason for stopping: what the learning
    /// library searches. Computed by PostgreSQL (a stored generated column), never written here.
    /// </summary>
    public NpgsqlTypes.NpgsqlTsVector LearningVector { get; private set; } = null!;
    /// <summary>Signs the links in the Worker's chasers for this change and its measures (<see cref="ChaseLinks"/>).</summary>
    public byte[] ChaseKey { get; set; } = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public Club Club { get; set; } = null!;
    public User Owner { get; set; } = null!;
    public List<PracticeChangeTeamMember> Team { get; } = [];
    public List<PracticeChangeEvent> History { get; } = [];
}

/// <summary>A member working on the change ("who is on what").</summary>
public sealed class PracticeChangeTeamMember
{
    public Guid ChangeId { get; set; }
    public Guid UserId { get; set; }
    public User User { get; set; } = null!;
}

public enum ChangeEventKind
{
    Created,
    Edited,
    Transition,
    /// <summary>A PDSA cycle was added or a part of it written (see <see cref="PdsaCycle"/>).</summary>
    Pdsa,
    /// <summary>The Worker chased the owner, or told the leads (<see cref="Chasing"/>); by nobody.</summary>
    Chased,
}

/// <summary>One line of a change's history: who did what, when.</summary>
public sealed class PracticeChangeEvent
{
    public const int MaxNote = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ChangeId { get; set; }
    /// <summary>Null once the person's account is gone: history outlives it.</summary>
    public Guid? ById { get; set; }
    public DateTimeOffset At { get; set; }
    public ChangeEventKind Kind { get; set; }
    public ChangeStatus? FromStatus { get; set; }
    public ChangeStatus? ToStatus { get; set; }
    /// <summary>What was edited (the fields), or the reason for a move.</summary>
    public string? Note { get; set; }
    public User? By { get; set; }
}
