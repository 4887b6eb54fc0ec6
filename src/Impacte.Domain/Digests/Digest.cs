using Impacte.Domain.Preferences;

namespace Impacte.Domain.Digests;

/// <summary>A member a digest is for, with their preferences and the period it covers.</summary>
public sealed record DigestRecipient(Guid UserId, string Email, string Name, MemberPreferences Preferences, DigestPeriod Period);

/// <summary>A link in a digest: an item's page, or a one-click action such as an RSVP answer.</summary>
public sealed record DigestLink(string Label, string Url);

/// <summary>
/// One thing in a digest. <see cref="IsNews"/> says whether it alone is worth an email: a meeting they already answered
/// is shown for reference, but never sends a digest by itself.
/// </summary>
public sealed record DigestItem(Guid Id, string Title, string? Detail, string Url, IReadOnlyList<DigestLink> Actions, bool IsNews = true)
{
    /// <summary>Quoted text from people (a bottom line, what did not work), shown apart from our words.</summary>
    public string? Quote { get; init; }

    /// <summary>A meeting's reading pack, for a member who takes reading packs in the digest and has not had this one by email.</summary>
    public IReadOnlyList<DigestReading> Reading { get; init; } = [];
}

/// <summary>One agenda question's reading: its papers (cited, with a DOI or PubMed link where known) and its CAT's page.</summary>
public sealed record DigestReading(string Question, IReadOnlyList<Meetings.AgendaPaper> Papers, string? AppraisalUrl);

/// <summary>The digest's sections, in the order they appear.</summary>
public enum DigestSectionKind
{
    Meetings,
    /// <summary>Their clubs' meetings moved or cancelled in the period, for those who take such news in the digest.</summary>
    MeetingChanges,
    /// <summary>News of the member's own questions and appraisals, for those who take it in the digest.</summary>
    YourNews,
    YourChanges,
    NewQuestions,
    Appraisals,
    ChangesElsewhere,
    AnsweredElsewhere,
}

/// <param name="More">Items left out beyond <see cref="DigestBuilder.MaxItemsPerSection"/> (the newest are kept).</param>
public sealed record DigestSection(DigestSectionKind Kind, string Heading, string Intro, IReadOnlyList<DigestItem> Items, int More = 0);

/// <summary>What one member's digest says: only sections that have something.</summary>
public sealed record Digest(DigestRecipient To, IReadOnlyList<DigestSection> Sections)
{
    /// <summary>False when nothing is new: no email then.</summary>
    public bool HasNews => Sections.Any(s => s.Items.Any(i => i.IsNews));
}
