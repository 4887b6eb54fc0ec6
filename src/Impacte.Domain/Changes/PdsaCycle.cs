namespace Impacte.Domain.Changes;

/// <summary>What the team decided after studying a cycle (the Model for Improvement's "act").</summary>
public enum PdsaDecision
{
    Adopt,
    Adapt,
    Abandon,
}

/// <summary>
/// One Plan-Do-Study-Act cycle testing a change on a small scale. The plan (what, who, when, where, and the
/// prediction) comes first; then what happened, how it compared with the prediction, and what the team decided.
/// Each part carries its own date, so cycles can be shown in order and on a measure's chart.
/// </summary>
public sealed class PdsaCycle
{
    public const int MaxText = 4000, MaxShort = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ChangeId { get; set; }
    /// <summary>1, 2, 3… within the change, in the order the cycles were added.</summary>
    public int Ordinal { get; set; }

    public string PlanWhat { get; set; } = "";
    public string? PlanWho { get; set; }
    /// <summary>When the test runs, in the team's words ("the Tuesday morning clinics in November").</summary>
    public string? PlanWhen { get; set; }
    public string? PlanWhere { get; set; }
    public string Prediction { get; set; } = "";
    public DateOnly PlannedOn { get; set; }

    /// <summary>Do: what happened.</summary>
    public string? WhatHappened { get; set; }
    public DateOnly? DoneOn { get; set; }

    /// <summary>Study: what happened compared with the prediction.</summary>
    public string? Study { get; set; }
    public DateOnly? StudiedOn { get; set; }

    public PdsaDecision? Act { get; set; }
    /// <summary>Why, and what comes next (the next cycle, or how it is adopted).</summary>
    public string? ActNote { get; set; }
    public DateOnly? ActedOn { get; set; }

    public Guid? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL xmin: the concurrency token behind ETag / If-Match.</summary>
    public uint Version { get; set; }
}
