using Impacte.Domain.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Impacte.Domain.Email;

/// <summary>Someone a notice goes to.</summary>
public sealed record NoticeRecipient(Guid UserId, string Email, string Name);

/// <summary>
/// One notice that closes the loop on someone's work (their question accepted, their appraisal returned): the key
/// (unique per event and member, so a retry writes no second row), the kind, what it says and the one link.
/// </summary>
public sealed record Notice(string Key, string Kind, string Subject, string Heading, string Intro, string Action, string Link, string Outro,
    IReadOnlyList<(string Label, string Value)> Facts);

/// <summary>
/// Writes notices about members' own work to the outbox, in the caller's unit of work (the rows commit with the state
/// change they announce), for each member as their <see cref="MemberPreferences.Updates"/> preference says: at once,
/// or not now (the digest's "Your questions and appraisals" section shows it), or not at all. A notice whose key is
/// already in the outbox is not written again.
/// </summary>
public sealed class MemberNotices(ImpacteDbContext db, IOptions<EmailOptions> options, TimeProvider clock)
{
    public string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>Adds the notices for these members (duplicates, those without an address and inactive accounts dropped); returns how many.</summary>
    public async Task<int> AddAsync(IEnumerable<Guid> userIds, Func<NoticeRecipient, Notice> compose, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0) return 0;
        var people = await db.Users.AsNoTracking().Mailable()
            .Where(u => ids.Contains(u.Id) && u.Email != null)
            .Where(u => !db.Preferences.Any(p => p.UserId == u.Id && p.Updates != EmailDelivery.Immediately))
            .OrderBy(u => u.Id)
            .Select(u => new NoticeRecipient(u.Id, u.Email!, u.Name))
            .ToListAsync(ct);
        var notices = people.Select(p => (To: p, Notice: compose(p))).ToList();
        var keys = notices.Select(n => n.Notice.Key).ToList();
        var written = (await db.Outbox.Where(e => keys.Contains(e.IdempotencyKey)).Select(e => e.IdempotencyKey).ToListAsync(ct)).ToHashSet();
        written.UnionWith(db.ChangeTracker.Entries<OutboxEmail>().Select(e => e.Entity.IdempotencyKey));
        var added = 0;
        foreach (var (to, n) in notices)
        {
            if (!written.Add(n.Key)) continue;
            var name = to.Name.ReplaceLineEndings(" ");
            var (text, html) = OutboxEmails.ActionBody(name, n.Intro, n.Action, n.Link, n.Outro, n.Heading, n.Facts, n.Subject);
            db.Outbox.Add(OutboxEmails.Create(options.Value, clock, n.Key, n.Kind, to.Email, name, n.Subject, text, html, to.UserId));
            added++;
        }
        return added;
    }

    /// <summary>Text for a subject line: one line, not too long.</summary>
    public static string Short(string text, int max = 80)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)].TrimEnd() + "…";
    }
}
