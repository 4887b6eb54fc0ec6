using System.Linq.Expressions;
using Impacte.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Email;

/// <summary>
/// The one rule of whom IMPACTE writes to: an account neither deactivated nor erased. It is enforced where every email
/// is written, not where recipients are picked: the context's save drops outbox rows added for an inactive account and
/// <see cref="OutboxWriter"/> drops them from its bulk insert, so a mail path added later cannot forget it. Fan-outs
/// also pick their recipients through <see cref="Mailable"/>, so they neither compose nor record (who had the pack,
/// a chaser's history) an email that will not be written. Reactivating an account is all it takes to mail it again.
/// </summary>
public static class MailRule
{
    /// <summary>Erasure deactivates too, but both are checked: reactivating an erased account never mails its placeholder.</summary>
    public static readonly Expression<Func<User, bool>> MayBeMailed = u => u.DeactivatedAt == null && u.ErasedAt == null;

    private static readonly Expression<Func<User, bool>> MayNotBeMailed =
        Expression.Lambda<Func<User, bool>>(Expression.Not(MayBeMailed.Body), MayBeMailed.Parameters);

    private static readonly Func<User, bool> Check = MayBeMailed.Compile();

    /// <summary>The accounts that may be mailed: every recipient query starts from these.</summary>
    public static IQueryable<User> Mailable(this IQueryable<User> users) => users.Where(MayBeMailed);

    public static bool MayMail(User user) => Check(user);

    /// <summary>
    /// The rows among <paramref name="rows"/> addressed to an account that may not be mailed: by its member id, or (an
    /// invitation, a password reset) by its address.
    /// </summary>
    public static async Task<HashSet<OutboxEmail>> RefusedAsync(ImpacteDbContext db, IReadOnlyCollection<OutboxEmail> rows, CancellationToken ct) =>
        rows.Count == 0 ? [] : Refused(rows, await InactiveQuery(db, rows).ToListAsync(ct));

    /// <summary><see cref="RefusedAsync"/> for the synchronous save.</summary>
    public static HashSet<OutboxEmail> RefusedNow(ImpacteDbContext db, IReadOnlyCollection<OutboxEmail> rows) =>
        rows.Count == 0 ? [] : Refused(rows, InactiveQuery(db, rows).ToList());

    private static IQueryable<InactiveAccount> InactiveQuery(ImpacteDbContext db, IReadOnlyCollection<OutboxEmail> rows)
    {
        var ids = rows.Where(r => r.RecipientId is not null).Select(r => r.RecipientId!.Value).Distinct().ToList();
        var addresses = rows.Select(r => Normalised(r.ToAddress)).Distinct().ToList();
        return db.Users.AsNoTracking().Where(MayNotBeMailed)
            .Where(u => ids.Contains(u.Id) || addresses.Contains(u.NormalizedEmail!))
            .Select(u => new InactiveAccount(u.Id, u.NormalizedEmail));
    }

    private static HashSet<OutboxEmail> Refused(IReadOnlyCollection<OutboxEmail> rows, List<InactiveAccount> inactive)
    {
        if (inactive.Count == 0) return [];
        var ids = inactive.Select(a => a.Id).ToHashSet();
        var addresses = inactive.Select(a => a.NormalizedEmail).OfType<string>().ToHashSet();
        return rows.Where(r => r.RecipientId is { } id && ids.Contains(id) || addresses.Contains(Normalised(r.ToAddress))).ToHashSet();
    }

    /// <summary>As Identity's default lookup normaliser writes NormalizedEmail.</summary>
    private static string Normalised(string address) => address.Normalize().ToUpperInvariant();

    private sealed record InactiveAccount(Guid Id, string? NormalizedEmail);
}
