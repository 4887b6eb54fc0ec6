using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Meetings;

/// <summary>A meeting in a club's list: where it stands (agenda, pack, answers) and, once held, whether it has minutes.</summary>
public sealed record MeetingStateRow(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, MeetingStatus Status,
    int AgendaItems, DateTimeOffset? PackSentAt, int Yes, int Maybe, int No, string? Minutes, IReadOnlyList<string> Agenda);

/// <summary>
/// A club's meetings as its list shows them: the coming ones with their state, and the past ones with their minutes,
/// newest first, as the club's archive.
/// </summary>
public static class MeetingOverview
{
    public static Task<List<MeetingStateRow>> UpcomingAsync(ImpacteDbContext db, Guid clubId, DateTimeOffset now, int take, CancellationToken ct) =>
        Rows(db, db.Meetings.Where(m => m.ClubId == clubId && m.EndsAt > now).OrderBy(m => m.StartsAt).Take(take)).ToListAsync(ct);

    /// <summary>Held meetings (not cancelled), newest first, paged.</summary>
    public static async Task<(List<MeetingStateRow> Items, int Total)> PastAsync(ImpacteDbContext db, Guid clubId, DateTimeOffset now, int skip, int take, CancellationToken ct)
    {
        var past = db.Meetings.Where(m => m.ClubId == clubId && m.EndsAt <= now && m.Status == MeetingStatus.Scheduled);
        return (await Rows(db, past.OrderByDescending(m => m.StartsAt).Skip(skip).Take(take)).ToListAsync(ct), await past.CountAsync(ct));
    }

    private static IQueryable<MeetingStateRow> Rows(ImpacteDbContext db, IQueryable<Meeting> meetings) =>
        meetings.Select(m => new MeetingStateRow(m.Id, m.StartsAt, m.EndsAt, m.Location, m.Status, m.Agenda.Count, m.PackSentAt,
            m.Rsvps.Count(r => r.Response == RsvpResponse.Yes), m.Rsvps.Count(r => r.Response == RsvpResponse.Maybe),
            m.Rsvps.Count(r => r.Response == RsvpResponse.No), m.Minutes,
            m.Agenda.OrderBy(a => a.Position).Select(a => db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Title).First()).ToList()));
}
