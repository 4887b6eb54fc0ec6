using Impacte.Domain.Access;
using Impacte.Domain.Audit;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.People;

public sealed record PersonRow(Guid Id, string Name, string Email, string? Profession, bool IsAdmin, bool IsLibrarian,
    DateTimeOffset CreatedAt, DateTimeOffset? DeactivatedAt, int Clubs);

public sealed record PersonMembership(Guid ClubId, string ClubName, ClubRole Role, DateTimeOffset JoinedAt);

public sealed record PersonAct(DateTimeOffset At, string? ByName, string Action, string? Before, string? After);

public sealed record PersonDetail(PersonRow Person, IReadOnlyList<PersonMembership> Memberships, IReadOnlyList<PersonAct> History);

/// <summary>
/// The network admin's view of people: list and search them, change their network roles, deactivate and reactivate
/// their accounts. Admins only; anyone else is told none of it exists. Every change is written to the audit trail in
/// the same save.
/// </summary>
public sealed class NetworkPeople(ImpacteDbContext db, TimeProvider clock)
{
    public const int MaxSearch = 200;

    private IQueryable<IdentityUserRole<Guid>> UserRoles => db.Set<IdentityUserRole<Guid>>();
    private IQueryable<IdentityRole<Guid>> Roles => db.Set<IdentityRole<Guid>>();

    public async Task<(IReadOnlyList<PersonRow> Items, int Total)> ListAsync(Actor actor, string? search, PageRequest page, CancellationToken ct = default)
    {
        EnsureAdmin(actor);
        var term = search?.Trim();
        if (term?.Length > MaxSearch) throw new DomainValidationException("search", $"Keep this to {MaxSearch} characters or fewer.");
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(term))
        {
            var like = $"%{term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            users = users.Where(u => EF.Functions.ILike(u.Name, like, "\\") || EF.Functions.ILike(u.Email!, like, "\\"));
        }
        var total = await users.CountAsync(ct);
        var items = await Rows(users.OrderBy(u => u.Name).ThenBy(u => u.Id).Skip(page.Skip).Take(page.PageSize)).ToListAsync(ct);
        return (items, total);
    }

    public async Task<PersonDetail> GetAsync(Actor actor, Guid userId, CancellationToken ct = default)
    {
        EnsureAdmin(actor);
        var person = await Rows(db.Users.AsNoTracking().Where(u => u.Id == userId)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("The person");
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.Club.Name)
            .Select(m => new PersonMembership(m.ClubId, m.Club.Name, m.Role, m.JoinedAt)).ToListAsync(ct);
        var history = await db.Set<AuditEvent>().AsNoTracking().Where(e => e.TargetType == TargetType && e.TargetId == userId)
            .OrderByDescending(e => e.At).Take(50)
            .Select(e => new PersonAct(e.At, db.Users.Where(u => u.Id == e.ActorId).Select(u => u.Name).FirstOrDefault(), e.Action, e.Before, e.After))
            .ToListAsync(ct);
        return new PersonDetail(person, memberships, history);
    }

    /// <summary>Grants or removes the network roles given (null leaves a role as it is).</summary>
    public async Task SetRolesAsync(Actor actor, Guid userId, bool? admin, bool? librarian, string? ip, CancellationToken ct = default)
    {
        EnsureAdmin(actor);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("The person");
        if (admin == false && userId == actor.UserId)
            throw new ConflictException("You cannot remove your own admin role: ask another admin.");
        var now = clock.UtcNowForDb();
        await SetRoleAsync(user.Id, NetworkRoles.Admin, admin, actor, now, ip, ct);
        await SetRoleAsync(user.Id, NetworkRoles.Librarian, librarian, actor, now, ip, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task SetRoleAsync(Guid userId, string role, bool? wanted, Actor actor, DateTimeOffset now, string? ip, CancellationToken ct)
    {
        if (wanted is null) return;
        var roleId = await RoleIdAsync(role, ct);
        var held = await UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == roleId, ct);
        if (held == wanted) return;
        if (wanted.Value) db.Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = roleId });
        else db.Remove(await db.Set<IdentityUserRole<Guid>>().SingleAsync(r => r.UserId == userId && r.RoleId == roleId, ct));
        AuditTrail.Record(db, now, actor.UserId, wanted.Value ? "person.role-granted" : "person.role-removed", TargetType, userId,
            held ? role : null, wanted.Value ? role : null, ip);
    }

    private async Task<Guid> RoleIdAsync(string role, CancellationToken ct)
    {
        var normalised = role.ToUpperInvariant();
        var id = await Roles.Where(r => r.NormalizedName == normalised).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (id is { } found) return found;
        var created = new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7(), NormalizedName = normalised, ConcurrencyStamp = Guid.NewGuid().ToString() };
        db.Add(created);
        return created.Id;
    }

    /// <summary>
    /// Stops the account: locked out for good (so the password no longer signs in), a new security stamp (so the
    /// sessions and access tokens it holds stop working) and every refresh token revoked. It gets no more email
    /// (<see cref="MailRule"/>): what was still waiting in the outbox for it goes too.
    /// </summary>
    public async Task DeactivateAsync(Actor actor, Guid userId, string? ip, CancellationToken ct = default)
    {
        EnsureAdmin(actor);
        if (userId == actor.UserId) throw new ConflictException("You cannot deactivate your own account: ask another admin.");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("The person");
        if (user.DeactivatedAt is not null) return;
        var now = clock.UtcNowForDb();
        user.DeactivatedAt = now;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        NewStamps(user);
        var address = user.NormalizedEmail;
        AuditTrail.Record(db, now, actor.UserId, "person.deactivated", TargetType, userId, "active", "deactivated", ip);
        // One transaction: tokens revoked, waiting mail dropped and the account stopped commit together or not at all.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
            await db.Outbox.Where(o => o.Status == OutboxStatus.Pending && (o.RecipientId == userId || o.ToAddress.ToUpper() == address))
                .ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    public async Task ReactivateAsync(Actor actor, Guid userId, string? ip, CancellationToken ct = default)
    {
        EnsureAdmin(actor);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("The person");
        if (user.DeactivatedAt is null) return;
        if (user.ErasedAt is not null) throw new ConflictException("This person was erased: their account cannot be reactivated. Invite them again.");
        var now = clock.UtcNowForDb();
        user.DeactivatedAt = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        NewStamps(user);
        AuditTrail.Record(db, now, actor.UserId, "person.reactivated", TargetType, userId, "deactivated", "active", ip);
        await db.SaveChangesAsync(ct);
    }

    private const string TargetType = "person";

    private static void NewStamps(User user)
    {
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    /// <summary>People are an admin's business only: anyone else hears that there is nothing here (404).</summary>
    private static void EnsureAdmin(Actor actor)
    {
        if (!actor.IsAdmin) throw new NotFoundException("The page");
    }

    private IQueryable<PersonRow> Rows(IQueryable<User> users)
    {
        var adminRole = NetworkRoles.Admin.ToUpperInvariant();
        var librarianRole = NetworkRoles.Librarian.ToUpperInvariant();
        return users.Select(u => new PersonRow(u.Id, u.Name, u.Email ?? "", u.Profession,
            UserRoles.Any(r => r.UserId == u.Id && Roles.Any(x => x.Id == r.RoleId && x.NormalizedName == adminRole)),
            UserRoles.Any(r => r.UserId == u.Id && Roles.Any(x => x.Id == r.RoleId && x.NormalizedName == librarianRole)),
            u.CreatedAt, u.DeactivatedAt, db.Memberships.Count(m => m.UserId == u.Id)));
    }
}
