using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Measures;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Preferences;

/// <summary>What a member sends to change their preferences (API body or form): names as the API writes them, nothing trusted yet.</summary>
public sealed record PreferencesInput(
    string? Frequency, string? DayOfWeek, IReadOnlyList<string>? Areas, string? TimeZone,
    string? ReadingPacks, string? Reminders, string? Chasers, string? Updates = null);

/// <summary>The names the API and forms use for the preference values ("fortnightly", "in-digest", "monday").</summary>
public static class PreferenceNames
{
    public static string Name(DigestFrequency frequency) => frequency.ToString().ToLowerInvariant();

    public static string Name(DayOfWeek day) => day.ToString().ToLowerInvariant();

    public static string Name(EmailDelivery delivery) => delivery switch
    {
        EmailDelivery.InDigest => "in-digest",
        _ => delivery.ToString().ToLowerInvariant(),
    };

    /// <summary>How a list is named to the person leaving it.</summary>
    public static string Label(EmailList list) => list switch
    {
        EmailList.Digest => "the IMPACTE digest",
        EmailList.ReadingPacks => "reading packs",
        _ => "meeting reminders",
    };

    public static readonly IReadOnlyList<DayOfWeek> Days =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    internal static T? Parse<T>(string? value, IEnumerable<T> all, Func<T, string> name, string field, string message,
        IDictionary<string, string[]> errors) where T : struct
    {
        var wanted = value?.Trim();
        foreach (var candidate in all)
            if (string.Equals(name(candidate), wanted, StringComparison.OrdinalIgnoreCase))
                return candidate;
        errors[field] = [$"{message} One of: {string.Join(", ", all.Select(name))}."];
        return null;
    }
}

/// <summary>
/// A member reads and changes their own email preferences (the actor is always the member: nobody sets another's).
/// An owner of a change whose re-audit is overdue may fold chasers into the digest but not turn them off: the audit
/// is how the network learns whether the change worked.
/// </summary>
public sealed class MemberPreferencesService(ImpacteDbContext db, TimeProvider clock)
{
    public const int MaxTimeZone = 64;

    /// <summary>The member's preferences, or the defaults (version 0) when they never saved any. Nothing is written.</summary>
    public async Task<MemberPreferences> GetAsync(Guid actorId, CancellationToken ct = default) =>
        await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == actorId, ct) ?? MemberPreferences.Default(actorId);

    /// <summary>True when the member owns a change with a re-audit past its due date and its figures not in.</summary>
    public Task<bool> HasOverdueAuditAsync(Guid userId, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return db.Set<MeasureAudit>()
            .Where(a => a.Kind == AuditKind.ReAudit && a.RecordedAt == null && a.DueOn != null && a.DueOn < today)
            .Join(db.Set<Measure>(), a => a.MeasureId, m => m.Id, (a, m) => new { Audit = a, Measure = m })
            .AnyAsync(x => x.Measure.Change.OwnerId == userId && x.Measure.Change.Status != ChangeStatus.Abandoned
                && !db.Set<Measurement>().Any(p => p.MeasureId == x.Measure.Id && p.Ordinal == x.Audit.Ordinal), ct);
    }

    /// <summary>
    /// Replaces the member's preferences. <paramref name="expectedVersion"/> is the version they read (If-Match; 0
    /// for the defaults never saved); another change since gives <see cref="StaleVersionException"/>.
    /// </summary>
    public async Task<MemberPreferences> UpdateAsync(Guid actorId, PreferencesInput input, Func<uint> expectedVersion, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var frequency = PreferenceNames.Parse(input.Frequency, Enum.GetValues<DigestFrequency>(), PreferenceNames.Name,
            "digest.frequency", "Choose how often the digest comes.", errors);
        var day = PreferenceNames.Parse(input.DayOfWeek, PreferenceNames.Days, PreferenceNames.Name,
            "digest.dayOfWeek", "Choose the day the digest comes.", errors);
        var areas = new List<ClinicalArea>();
        foreach (var slug in input.Areas ?? [])
        {
            if (ClinicalAreas.TryParse(slug, out var area)) { if (!areas.Contains(area)) areas.Add(area); }
            else errors["digest.areas"] = [$"Unknown clinical area \"{slug}\". One of: {string.Join(", ", ClinicalAreas.All.Select(a => a.Slug()))}."];
        }
        var zone = input.TimeZone?.Trim();
        if (zone is not null && (zone.Length == 0 || zone.Length > MaxTimeZone || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) || !found.HasIanaId))
            errors["timeZone"] = ["Choose a time zone by its IANA name, such as Europe/London."];
        EmailDelivery? Delivery(string? value, string field, string what) =>
            PreferenceNames.Parse(value, Enum.GetValues<EmailDelivery>(), PreferenceNames.Name, field, $"Choose how {what} reach you.", errors);
        var packs = Delivery(input.ReadingPacks, "emails.readingPacks", "reading packs");
        var reminders = Delivery(input.Reminders, "emails.reminders", "meeting reminders");
        var chasers = Delivery(input.Chasers, "emails.chasers", "chasers");
        // Left out (an older client), news of one's own questions and appraisals keeps its setting.
        var updates = input.Updates is null ? (EmailDelivery?)null : Delivery(input.Updates, "emails.updates", "news of your questions and appraisals");
        if (chasers == EmailDelivery.Off && await HasOverdueAuditAsync(actorId, ct))
            errors["emails.chasers"] = ["You own a change whose re-audit is overdue: its reminders can come in your digest, but not be turned off until the figures are in."];
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var preferences = await db.Preferences.ForAsync(actorId, ct);
        var expected = expectedVersion();
        if (preferences.Version != expected) throw new StaleVersionException();
        // The save checks xmin too, so a change landing between this read and the write is caught as well.
        if (db.Entry(preferences).State != EntityState.Added) db.Entry(preferences).Property(p => p.Version).OriginalValue = expected;

        preferences.DigestFrequency = frequency!.Value;
        preferences.DigestDay = day!.Value;
        preferences.Areas = areas;
        if (zone is not null) preferences.TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone).Id;
        preferences.ReadingPacks = packs!.Value;
        preferences.Reminders = reminders!.Value;
        preferences.Chasers = chasers!.Value;
        if (updates is { } u) preferences.Updates = u;
        preferences.UpdatedAt = clock.UtcNowForDb();
        await db.SaveChangesAsync(ct);
        return preferences;
    }
}
