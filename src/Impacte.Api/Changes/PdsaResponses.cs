using Impacte.Domain.Changes;

namespace Impacte.Api.Changes;

/// <summary>A PDSA cycle's parts; on create the plan (planWhat, prediction, plannedOn) is required. <c>act</c>: adopt, adapt or abandon.</summary>
public sealed record PdsaRequest(
    string? PlanWhat, string? PlanWho, string? PlanWhen, string? PlanWhere, string? Prediction, DateOnly? PlannedOn,
    string? WhatHappened, DateOnly? DoneOn, string? Study, DateOnly? StudiedOn, string? Act, string? ActNote, DateOnly? ActedOn)
{
    public PdsaInput ToInput() => new(PlanWhat, PlanWho, PlanWhen, PlanWhere, Prediction, PlannedOn,
        WhatHappened, DoneOn, Study, StudiedOn, Act, ActNote, ActedOn);
}

/// <summary>One PDSA cycle; <c>canEdit</c> is for the caller.</summary>
public sealed record PdsaResponse(
    Guid Id, Guid ChangeId, int Ordinal,
    string PlanWhat, string? PlanWho, string? PlanWhen, string? PlanWhere, string Prediction, DateOnly PlannedOn,
    string? WhatHappened, DateOnly? DoneOn, string? Study, DateOnly? StudiedOn, string? Act, string? ActNote, DateOnly? ActedOn,
    bool CanEdit, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PdsaResponse From(PdsaCycle c, bool canEdit) => new(
        c.Id, c.ChangeId, c.Ordinal, c.PlanWhat, c.PlanWho, c.PlanWhen, c.PlanWhere, c.Prediction, c.PlannedOn,
        c.WhatHappened, c.DoneOn, c.Study, c.StudiedOn, c.Act is { } act ? PdsaCycles.Name(act) : null, c.ActNote, c.ActedOn,
        canEdit, c.CreatedAt, c.UpdatedAt);
}
