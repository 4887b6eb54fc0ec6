using System.Globalization;
using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Cpd;

namespace Impacte.Api.Cpd;

/// <summary>What an attendee writes; either part may be left out, not both.</summary>
public sealed record ReflectionRequest(string? WhatILearned, string? WhatIWillChange);

public sealed record ReflectionResponse(Guid MeetingId, string? WhatILearned, string? WhatIWillChange, DateTimeOffset UpdatedAt);

/// <summary>A meeting attended; <c>date</c> is the meeting's day in its club's time zone.</summary>
public sealed record LearningEventResponse(
    Guid MeetingId, Guid ClubId, string ClubName, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal Hours,
    IReadOnlyList<string> Topics, ReflectionResponse? Reflection);

/// <summary>One measure's latest result; <c>signal</c> is "improvement", "concern" or null.</summary>
public sealed record MeasureResultResponse(
    string Measure, string? LatestPeriod, decimal? LatestValue, decimal? StandardPercent, bool? MeetsStandard, string? Signal, string Summary);

/// <summary>A change owned (<c>role</c> "owner") or worked on ("team member"), with its status and measured results.</summary>
public sealed record QualityImprovementResponse(
    Guid ChangeId, Guid ClubId, string ClubName, string Title, string Description, string Role, string Status,
    DateTimeOffset AgreedAt, DateOnly DueOn, DateTimeOffset? ImplementedAt, string? AbandonReason, string? WhatDidNotWork,
    string? HowItMadeADifference, IReadOnlyList<MeasureResultResponse> Results);

/// <summary>The caller's own CPD log over <c>from</c>..<c>to</c> (both included).</summary>
public sealed record CpdResponse(
    Guid UserId, string Name, DateOnly From, DateOnly To, decimal TotalHours,
    IReadOnlyList<LearningEventResponse> LearningEvents, IReadOnlyList<QualityImprovementResponse> QualityImprovement);

/// <summary>Hand-written mapping from <see cref="CpdEvidence"/> to what the API and the CPD pages show.</summary>
public static class CpdResponses
{
    /// <summary>The period from query text (yyyy-MM-dd), each date a field error when it is not one.</summary>
    public static CpdPeriod Period(this CpdEvidence cpd, string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>();
        var start = Date(from, "from", errors);
        var end = Date(to, "to", errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        return cpd.Period(start, end);
    }

    private static DateOnly? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = ["Enter the date as YYYY-MM-DD."];
        return null;
    }

    public static ReflectionResponse ToResponse(this MeetingReflection r) => new(r.MeetingId, r.WhatILearned, r.WhatIWillChange, r.UpdatedAt);

    public static CpdResponse ToResponse(this CpdLog log) => new(
        log.UserId, log.Name, log.Period.From, log.Period.To, log.TotalHours,
        log.Learning.Select(e => new LearningEventResponse(
            e.MeetingId, e.ClubId, e.ClubName, e.LocalDate, e.StartsAt, e.EndsAt, e.Hours, e.Topics,
            e.Reflection is { } r ? new ReflectionResponse(e.MeetingId, r.WhatILearned, r.WhatIWillChange, r.UpdatedAt) : null)).ToList(),
        log.Improvement.Select(q => new QualityImprovementResponse(
            q.ChangeId, q.ClubId, q.ClubName, q.Title, q.Description, q.Role, q.Status.Name(), q.AgreedAt, q.DueOn, q.ImplementedAt,
            q.AbandonReason, q.WhatDidNotWork, q.HowItMadeADifference,
            q.Results.Select(m => new MeasureResultResponse(m.Measure, m.LatestPeriod, m.LatestValue, m.StandardPercent, m.MeetsStandard, m.Signal, m.Summary)).ToList()))
            .ToList());

    /// <summary>The log as a CSV download (see <see cref="CpdCsv"/>).</summary>
    public static (byte[] Content, string FileName) ToCsv(this CpdLog log)
    {
        using var stream = new MemoryStream();
        CpdCsv.Write(log, stream);
        return (stream.ToArray(), $"cpd-{log.Period.From:yyyy-MM-dd}-to-{log.Period.To:yyyy-MM-dd}.csv");
    }
}
