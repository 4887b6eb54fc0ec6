using Impacte.Domain.Preferences;
using Impacte.Domain.Questions;

namespace Impacte.Api.Preferences;

/// <summary>The digest: how often, which day (07:00 in the member's time zone), and the clinical areas followed (slugs).</summary>
public sealed record DigestPreferences(string? Frequency, string? DayOfWeek, IReadOnlyList<string>? Areas);

/// <summary>
/// How each other kind of email reaches the member: "immediately", "in-digest" or "off". <c>updates</c> is news of
/// their own questions and appraisals (accepted, declined, appraised, scheduled, answered; published or returned).
/// </summary>
public sealed record EmailPreferences(string? ReadingPacks, string? Reminders, string? Chasers, string? Updates = null);

/// <summary>
/// A member's email preferences. <c>chasersMayBeOff</c> is false while they own a change whose re-audit is overdue
/// (then chasers may come in the digest but not be turned off). Sent back in a PUT, the read-only parts are ignored.
/// </summary>
public sealed record PreferencesResponse(DigestPreferences Digest, EmailPreferences Emails, string TimeZone, bool ChasersMayBeOff, DateTimeOffset? UpdatedAt);

/// <summary>The whole set, replaced; a time zone left out keeps the current one.</summary>
public sealed record PreferencesRequest(DigestPreferences? Digest, EmailPreferences? Emails, string? TimeZone);

public static class PreferencesMapping
{
    public static PreferencesResponse ToResponse(MemberPreferences p, bool chasersMayBeOff) => new(
        new DigestPreferences(PreferenceNames.Name(p.DigestFrequency), PreferenceNames.Name(p.DigestDay), p.Areas.Select(a => a.Slug()).ToList()),
        new EmailPreferences(PreferenceNames.Name(p.ReadingPacks), PreferenceNames.Name(p.Reminders), PreferenceNames.Name(p.Chasers), PreferenceNames.Name(p.Updates)),
        p.TimeZone, chasersMayBeOff, p.Version == 0 ? null : p.UpdatedAt);

    public static PreferencesInput ToInput(PreferencesRequest r) => new(
        r.Digest?.Frequency, r.Digest?.DayOfWeek, r.Digest?.Areas, r.TimeZone, r.Emails?.ReadingPacks, r.Emails?.Reminders, r.Emails?.Chasers, r.Emails?.Updates);
}
