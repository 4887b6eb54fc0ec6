using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;

namespace Impacte.Domain.Cpd;

/// <summary>The dates a CPD log covers, both included (an appraisal year, or by default the last 12 months).</summary>
public sealed record CpdPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The last 12 months up to and including <paramref name="today"/>.</summary>
    public static CpdPeriod LastTwelveMonths(DateOnly today) => new(today.AddMonths(-12).AddDays(1), today);

    public DateTimeOffset StartUtc => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    /// <summary>The instant after the last day (exclusive).</summary>
    public DateTimeOffset EndUtc => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>A person's reflection on a meeting they attended.</summary>
public sealed record CpdReflection(string? WhatILearned, string? WhatIWillChange, DateTimeOffset UpdatedAt);

/// <summary>A meeting attended: a learning event, its hours from the meeting's length, and the person's reflection.</summary>
public sealed record LearningEvent(
    Guid MeetingId, Guid ClubId, string ClubName, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal Hours,
    IReadOnlyList<string> Topics, CpdReflection? Reflection)
{
    public DateOnly LocalDate => Club.DateIn(TimeZone, StartsAt);
}

/// <summary>
/// A measured result of a change (one per measure): its latest value against the standard, and the signal the chart
/// reads. Filled by <see cref="IChangeResults"/> once measures exist.
/// </summary>
public sealed record MeasureResult(
    string Measure, string? LatestPeriod, decimal? LatestValue, decimal? StandardPercent, bool? MeetsStandard, string? Signal, string Summary);

/// <summary>A practice change the person owns or works on: quality-improvement activity, with its status and impact.</summary>
public sealed record QualityImprovement(
    Guid ChangeId, Guid ClubId, string ClubName, string Title, string Description, string Role, ChangeStatus Status,
    DateTimeOffset AgreedAt, DateOnly DueOn, DateTimeOffset? ImplementedAt, string? AbandonReason, string? WhatDidNotWork,
    string? HowItMadeADifference, IReadOnlyList<MeasureResult> Results);

/// <summary>One person's CPD evidence over a period, for their annual appraisal.</summary>
public sealed record CpdLog(
    Guid UserId, string Name, string? Profession, CpdPeriod Period, IReadOnlyList<LearningEvent> Learning, IReadOnlyList<QualityImprovement> Improvement)
{
    public decimal TotalHours => Learning.Sum(l => l.Hours);
}

/// <summary>
/// The measured results of changes, for the CPD log (<see cref="MeasuredChangeResults"/>); a change without
/// measures has none, and the log says "no measures yet".
/// </summary>
public interface IChangeResults
{
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<MeasureResult>>> ForChangesAsync(IReadOnlyCollection<Guid> changeIds, CancellationToken ct = default);
}
