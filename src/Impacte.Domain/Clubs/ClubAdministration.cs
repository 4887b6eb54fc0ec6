using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Clubs;

/// <summary>Creating clubs and changing their settings, with the same rules for the API and the pages.</summary>
public sealed class ClubAdministration(ImpacteDbContext db, TimeProvider clock)
{
    public async Task<Club> CreateAsync(string? name, string? odsCode, string? timeZone, CancellationToken ct = default)
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
        await db.SaveChangesAsync(ct);
        return club;
    }

    /// <summary>Changes what is given (null keeps a value), if the club is still at <paramref name="expectedVersion"/>.</summary>
    public async Task<Club> UpdateAsync(Guid clubId, uint expectedVersion, string? name, string? odsCode, string? timeZone, CancellationToken ct = default)
    {
        var club = await db.Clubs.SingleOrDefaultAsync(c => c.Id == clubId, ct) ?? throw new NotFoundException("The club");
        if (club.Version != expectedVersion) throw new StaleVersionException();
        // The save checks xmin too, so an edit landing between this read and the write is caught as well.
        db.Entry(club).Property(c => c.Version).OriginalValue = expectedVersion;

        var errors = new Dictionary<string, string[]>();
        if (name is not null) club.Name = ClubRules.ValidName(name, errors);
        if (odsCode is not null) club.OdsCode = ClubRules.ValidOdsCode(odsCode, errors);
        if (timeZone is not null) club.TimeZone = ClubRules.ValidTimeZone(timeZone, errors);
        ClubRules.ThrowIfAny(errors);
        await EnsureOdsCodeFreeAsync(club.OdsCode, club.Id, ct);
        await db.SaveChangesAsync(ct);
        return club;
    }

    private async Task EnsureOdsCodeFreeAsync(string odsCode, Guid? except, CancellationToken ct)
    {
        if (await db.Clubs.AnyAsync(c => c.OdsCode == odsCode && c.Id != except, ct))
            throw new DomainValidationException("odsCode", $"Another club already has the ODS code {odsCode}.");
    }
}
