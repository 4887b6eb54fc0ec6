using CsvHelper;
using Impacte.Domain.Audit;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Clubs;

/// <summary>
/// An invitation is on its way, whether or not the email already has an account: the person joins only by accepting
/// it (signing in first when they have an account), and the inviter learns nothing about who has an account.
/// </summary>
public sealed record InvitationSent(Invitation Invitation);

public sealed record ImportReport(int Invited, IReadOnlyList<int> LinesAlreadyMembers);

public sealed record CsvLineError(int Line, string Field, string Reason);

/// <summary>A CSV that cannot be imported; nothing of it was saved.</summary>
public sealed class CsvImportException(IReadOnlyList<CsvLineError> lines)
    : DomainException($"The file was not imported: {lines.Count} line(s) need fixing.")
{
    public IReadOnlyList<CsvLineError> Lines { get; } = lines;
}

/// <summary>Joining and leaving clubs: invitations, CSV imports, acceptance, removal.</summary>
public sealed class ClubMembers(ImpacteDbContext db, UserManager<User> users, Emails emails, TimeProvider clock)
{
    public const int MaxImportRows = 1000;

    public async Task<InvitationSent> InviteAsync(Guid clubId, MemberInvite invite, Guid inviterId, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var valid = invite.Validate(errors);
        ClubRules.ThrowIfAny(errors);

        var (club, inviterName) = await LoadClubAsync(clubId, inviterId, ct);
        var outcome = await StageAsync(club, valid, inviterId, inviterName, ct)
            ?? throw new ConflictException($"{valid.Email} is already a member of {club.Name}.");
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Imports members from CSV (email,name,profession,role): every row or none. Bad rows are reported with their
    /// line number in the file (the header is line 1).
    /// </summary>
    public async Task<ImportReport> ImportAsync(Guid clubId, TextReader csv, Guid inviterId, CancellationToken ct = default)
    {
        var rows = ReadRows(csv);
        var (club, inviterName) = await LoadClubAsync(clubId, inviterId, ct);

        var invited = 0;
        var already = new List<int>();
        foreach (var (line, invite) in rows)
        {
            if (await StageAsync(club, invite, inviterId, inviterName, ct) is null) already.Add(line);
            else invited++;
        }
        await db.SaveChangesAsync(ct); // one SaveChanges: one transaction, all rows or none
        return new ImportReport(invited, already);
    }

    private static List<(int Line, ValidInvite Invite)> ReadRows(TextReader csv)
    {
        const string expected = "The first line must be: email,name,profession,role";
        var options = new CsvReaderOptions
        {
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        var errors = new List<CsvLineError>();
        var rows = new List<(int, ValidInvite)>();
        var firstLineByEmail = new Dictionary<string, int>();
        using var reader = CsvReader.Create(csv, options, leaveOpen: true);
        try
        {
            if (reader.Headers.Count == 0)
                throw new CsvImportException([new CsvLineError(1, "header", $"The file is empty. {expected}")]);
            var missing = new[] { "email", "name" }.Where(h => !reader.TryGetFieldIndex(h, out _)).ToList();
            if (missing.Count > 0)
                throw new CsvImportException([new CsvLineError(1, "header", $"Missing column(s): {string.Join(", ", missing)}. {expected}")]);
            string? Field(string name) => reader.TryGetFieldIndex(name, out var i) ? reader.GetString(i) : null;

            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                if (rows.Count + errors.Count >= MaxImportRows)
                {
                    errors.Add(new CsvLineError(line, "file", $"A file may hold at most {MaxImportRows} members."));
                    break;
                }
                var fieldErrors = new Dictionary<string, string[]>();
                var invite = new MemberInvite(Field("email"), Field("name"), Field("profession"), Field("role")).Validate(fieldErrors);
                foreach (var (field, reasons) in fieldErrors)
                    errors.AddRange(reasons.Select(reason => new CsvLineError(line, field, reason)));
                if (fieldErrors.Count > 0) continue;
                if (firstLineByEmail.TryGetValue(invite.Email, out var first))
                {
                    errors.Add(new CsvLineError(line, "email", $"{invite.Email} is already on line {first}."));
                    continue;
                }
                firstLineByEmail[invite.Email] = line;
                rows.Add((line, invite));
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new CsvLineError((int)e.LineNumber, "file", "This line cannot be read as CSV (check its quotes)."));
        }
        if (errors.Count > 0) throw new CsvImportException(errors);
        if (rows.Count == 0) throw new CsvImportException([new CsvLineError(2, "file", "The file has a header but no members.")]);
        return rows;
    }

    /// <summary>
    /// Adds the invitation (and its email) to the unit of work, revoking the earlier open ones to the same email and
    /// club so only the newest link works; null when the person is already a member.
    /// </summary>
    private async Task<InvitationSent?> StageAsync(Club club, ValidInvite invite, Guid inviterId, string inviterName, CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        var existing = await users.FindByEmailAsync(invite.Email);
        if (existing is not null && await db.Memberships.AnyAsync(m => m.ClubId == club.Id && m.UserId == existing.Id, ct)) return null;

        var earlier = await db.Invitations
            .Where(i => i.ClubId == club.Id && i.Email == invite.Email && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ToListAsync(ct);
        foreach (var old in earlier) old.RevokedAt = now;

        var token = Invitation.NewToken();
        var invitation = new Invitation
        {
            ClubId = club.Id, Email = invite.Email, Name = invite.Name, Profession = invite.Profession,
            Role = invite.Role, IsPublicRepresentative = invite.IsPublicRepresentative,
            TokenHash = Invitation.Hash(token), InvitedById = inviterId, CreatedAt = now, ExpiresAt = now + Invitation.Lifetime,
        };
        db.Invitations.Add(invitation);
        // The act, not the invitee's address (the trail outlives an erasure).
        AuditTrail.Record(db, now, inviterId, "invitation.sent", "club", club.Id, null, $"invitation {invitation.Id} as {invite.Role.ToString().ToLowerInvariant()}", null);
        db.Outbox.Add(emails.Invitation(invitation.Id, invite.Email, invite.Name, club.Name, inviterName, token, hasAccount: existing is not null));
        return new InvitationSent(invitation);
    }

    private async Task<(Club Club, string InviterName)> LoadClubAsync(Guid clubId, Guid inviterId, CancellationToken ct)
    {
        var club = await db.Clubs.FindAsync([clubId], ct) ?? throw new NotFoundException("The club");
        var inviter = await db.Users.Where(u => u.Id == inviterId).Select(u => u.Name).FirstOrDefaultAsync(ct) ?? "IMPACTE";
        return (club, inviter);
    }

    /// <summary>The open invitation behind a link, or null when it is unknown, used, revoked or expired.</summary>
    public Task<Invitation?> FindOpenInvitationAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return Task.FromResult<Invitation?>(null);
        var hash = Invitation.Hash(token);
        var now = clock.UtcNowForDb();
        return db.Invitations.Include(i => i.Club)
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
    }

    /// <summary>Whether the invitation's email already has an account (then it is accepted by signing in, never by the link alone).</summary>
    public async Task<bool> HasAccountAsync(Invitation invitation) => await users.FindByEmailAsync(invitation.Email) is not null;

    /// <summary>
    /// A new person accepts: creates their account with their chosen password and makes them a member, in one
    /// transaction. Returns Identity's errors (weak password…) without changing anything. When the email has an
    /// account already, the link alone proves nothing: <see cref="ConflictException"/>, and the person must sign in
    /// and accept through <see cref="AcceptAsMemberAsync"/>.
    /// </summary>
    public async Task<(User? User, IdentityResult Result)> AcceptAsync(string token, string password, CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var invitation = await FindOpenInvitationAsync(token, ct)
                ?? throw new NotFoundException("The invitation");
            if (await users.FindByEmailAsync(invitation.Email) is not null)
                throw new ConflictException("An account with this email address exists already: sign in to accept the invitation.");
            var now = clock.UtcNowForDb();
            var user = new User
            {
                UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true,
                Name = invitation.Name, Profession = invitation.Profession, CreatedAt = now,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return ((User?)null, created);
            await JoinAsync(invitation, user.Id, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (user, IdentityResult.Success);
        });
    }

    /// <summary>
    /// A person who has signed in (with their password) accepts an invitation sent to their own address. Someone
    /// signed in as anyone else gets <see cref="ForbiddenException"/>: a link is not a way into another account.
    /// </summary>
    public async Task<Invitation> AcceptAsMemberAsync(string token, Guid actorId, CancellationToken ct = default)
    {
        var invitation = await FindOpenInvitationAsync(token, ct) ?? throw new NotFoundException("The invitation");
        var actor = await users.FindByIdAsync(actorId.ToString()) ?? throw new NotFoundException("The account");
        if (!string.Equals(actor.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
            throw new ForbiddenException("This invitation was sent to another email address. Sign out, then sign in with the address it was sent to.");
        await JoinAsync(invitation, actor.Id, clock.UtcNowForDb(), ct);
        await db.SaveChangesAsync(ct);
        return invitation;
    }

    private async Task JoinAsync(Invitation invitation, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.Memberships.AnyAsync(m => m.ClubId == invitation.ClubId && m.UserId == userId, ct))
            db.Memberships.Add(new ClubMembership
            {
                ClubId = invitation.ClubId, UserId = userId, Role = invitation.Role,
                IsPublicRepresentative = invitation.IsPublicRepresentative, JoinedAt = now,
            });
        invitation.AcceptedAt = now;
        invitation.AcceptedUserId = userId;
        AuditTrail.Record(db, now, userId, "membership.joined", "person", userId, null,
            $"{invitation.Role.ToString().ToLowerInvariant()} of {invitation.Club?.Name ?? invitation.ClubId.ToString()}", null);
    }

    /// <summary>The club's invitations still waiting for an answer, newest first.</summary>
    public async Task<IReadOnlyList<Invitation>> PendingAsync(Guid clubId, CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        return await db.Invitations.AsNoTracking()
            .Where(i => i.ClubId == clubId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
    }

    /// <summary>A lead withdraws a pending invitation: its link stops working at once. Recorded in the audit trail.</summary>
    public async Task RevokeAsync(Guid clubId, Guid invitationId, Guid actorId, string? ip = null, CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.ClubId == clubId, ct)
            ?? throw new NotFoundException("The invitation");
        if (invitation.AcceptedAt is not null) throw new ConflictException("This invitation was accepted already: remove the member instead.");
        if (invitation.RevokedAt is not null || invitation.ExpiresAt <= now) return; // already closed: nothing left to do
        invitation.RevokedAt = now;
        Audit.AuditTrail.Record(db, now, actorId, "invitation.revoked", "invitation", invitation.Id, "pending", "revoked", ip);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Sends an invitation again (lost, or expired) with a new link, and the old link stops working at once. One
    /// withdrawn, replaced or accepted is not resent (409): invite the person again. Recorded in the audit trail, the
    /// old invitation's id before, the new one's after.
    /// </summary>
    public async Task<InvitationSent> ResendAsync(Guid clubId, Guid invitationId, Guid actorId, string? ip = null, CancellationToken ct = default)
    {
        var old = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.ClubId == clubId, ct)
            ?? throw new NotFoundException("The invitation");
        if (old.AcceptedAt is not null) throw new ConflictException("This invitation was accepted already.");
        if (old.RevokedAt is not null) throw new ConflictException("This invitation was withdrawn or replaced: invite the person again.");
        var (club, inviterName) = await LoadClubAsync(clubId, actorId, ct);
        var now = clock.UtcNowForDb();
        old.RevokedAt = now; // an expired one too, so only the new link is ever open
        var sent = await StageAsync(club, new ValidInvite(old.Email, old.Name, old.Profession, old.Role, old.IsPublicRepresentative), actorId, inviterName, ct)
            ?? throw new ConflictException($"{old.Email} is already a member of {club.Name}.");
        Audit.AuditTrail.Record(db, now, actorId, "invitation.resent", "invitation", sent.Invitation.Id, old.Id.ToString(), sent.Invitation.Id.ToString(), ip);
        await db.SaveChangesAsync(ct);
        return sent;
    }

    /// <summary>
    /// A lead (or admin) clears the undeliverable mark on a member's address, say once the practice has fixed the
    /// mailbox: bulk mail goes to it again, and the count starts from nothing.
    /// </summary>
    public async Task ClearUndeliverableAsync(Guid clubId, Guid userId, CancellationToken ct = default)
    {
        var email = await db.Memberships.Where(m => m.ClubId == clubId && m.UserId == userId).Select(m => m.User.Email).FirstOrDefaultAsync(ct);
        if (email is null) throw new NotFoundException("The member");
        await Bounces.ClearAsync(db, email, ct);
    }

    /// <summary>Removes a member; a club always keeps at least one lead.</summary>
    public async Task RemoveAsync(Guid clubId, Guid userId, Guid actorId, CancellationToken ct = default)
    {
        var membership = await db.Memberships.FindAsync([clubId, userId], ct) ?? throw new NotFoundException("The member");
        if (membership.Role == ClubRole.Lead &&
            await db.Memberships.CountAsync(m => m.ClubId == clubId && m.Role == ClubRole.Lead, ct) == 1)
            throw new ConflictException("This is the club's only lead. Make someone else lead before removing them.");
        db.Memberships.Remove(membership);
        var clubName = await db.Clubs.Where(c => c.Id == clubId).Select(c => c.Name).FirstAsync(ct);
        AuditTrail.Record(db, clock.UtcNowForDb(), actorId, "membership.removed", "person", userId,
            $"{membership.Role.ToString().ToLowerInvariant()} of {clubName}", null, null);
        await db.SaveChangesAsync(ct);
    }
}
