using Impacte.Domain.Audit;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Clubs;

/// <summary>Creating clubs and changing their settings, with the same rules for the API and the pages; each act is in the audit trail.</summary>
public sealed class ClubAdministration(ImpacteDbContext db, TimeProvider clock)
{
    public async Task<Club> CreateAsync(string? name, string? odsCode, string? timeZone, Guid actorId, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var club = new Club
        {
            Name = ClubRules.ValidName(name, errors),
            OdsCode = ClubRules.ValidOdsCode(odsCode, errors),
            TimeZone = ClubRules.ValidTimeZone(timeZone, errors),
            CreatedAt = clock.UtcNowForDb(),
        };
        ClubRules.ThrowIfAny(errors);
        await EnsureOdsCodeFreeAsync(club.OdsCode, null, ct);
        db.Clubs.Add(club);
        AuditTrail.Record(db, club.CreatedAt, actorId, "club.created", "club", club.Id, null, Settings(club), null);
        await db.SaveChangesAsync(ct);
        return club;
    }

    /// <summary>Changes what is given (null keeps a value), if the club is still at <paramref name="expectedVersion"/>.</summary>
    public async Task<Club> UpdateAsync(Guid clubId, uint expectedVersion, string? name, string? odsCode, string? timeZone, Guid actorId, CancellationToken ct = default)
    {
        var club = await db.Clubs.SingleOrDefaultAsync(c => c.Id == clubId, ct) ?? throw new NotFoundException("The club");
        if (club.Version != expectedVersion) throw new StaleVersionException();
        // The save checks xmin too, so an edit landing between this read and the write is caught as well.
        db.Entry(club).Property(c => c.Version).OriginalValue = expectedVersion;

        var before = Settings(club);
        var errors = new Dictionary<string, string[]>();
        if (name is not null) club.Name = ClubRules.ValidName(name, errors);
        if (odsCode is not null) club.OdsCode = ClubRules.ValidOdsCode(odsCode, errors);
        if (timeZone is not null) club.TimeZone = ClubRules.ValidTimeZone(timeZone, errors);
        ClubRules.ThrowIfAny(errors);
        await EnsureOdsCodeFreeAsync(club.OdsCode, club.Id, ct);
        if (Settings(club) is var after && after != before)
            AuditTrail.Record(db, clock.UtcNowForDb(), actorId, "club.settings-changed", "club", club.Id, before, after, null);
        await db.SaveChangesAsync(ct);
        return club;
    }

    private static string Settings(Club c) => $"name: {c.Name}; ODS code: {c.OdsCode}; time zone: {c.TimeZone}";

    private async Task EnsureOdsCodeFreeAsync(string odsCode, Guid? except, CancellationToken ct)
    {
        if (await db.Clubs.AnyAsync(c => c.OdsCode == odsCode && c.Id != except, ct))
            throw new DomainValidationException("odsCode", $"Another club already has the ODS code {odsCode}.");
    }
}
