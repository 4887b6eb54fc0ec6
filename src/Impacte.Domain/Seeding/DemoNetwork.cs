using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Questions;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Seeding;

/// <summary>
/// Loads the demo network from <c>seeds/</c>: clubs.csv, then people.csv, then questions.csv. Safe to run again: what exists is kept,
/// what is missing is added. Every demo account gets the password given (IMPACTE_DEMO_PASSWORD).
/// </summary>
public sealed class DemoNetwork(ImpacteDbContext db, UserManager<User> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider clock)
{
    public const string DefaultPassword = "Impacte-demo-2026!";

    public sealed record Summary(int ClubsAdded, int PeopleAdded, int MembershipsAdded, int QuestionsAdded);

    public async Task<Summary> LoadAsync(string seedsDirectory, string password, CancellationToken ct = default)
    {
        foreach (var role in NetworkRoles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role)), role);

        var now = clock.UtcNowForDb();
        var clubsAdded = 0;
        foreach (var row in ReadCsv(Path.Combine(seedsDirectory, "clubs.csv")))
        {
            var ods = row["ods_code"].ToUpperInvariant();
            if (await db.Clubs.AnyAsync(c => c.OdsCode == ods, ct)) continue;
            db.Clubs.Add(new Club { Name = row["name"], OdsCode = ods, TimeZone = row["time_zone"], CreatedAt = now });
            clubsAdded++;
        }
        await db.SaveChangesAsync(ct);

        int peopleAdded = 0, membershipsAdded = 0;
        foreach (var row in ReadCsv(Path.Combine(seedsDirectory, "people.csv")))
        {
            var email = EmailAddress.Normalise(row["email"]) ?? throw new InvalidDataException($"people.csv: bad email '{row["email"]}'.");
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new User
                {
                    UserName = email, Email = email, EmailConfirmed = true, Name = row["name"],
                    Profession = Professions.Normalise(row["profession"]), CreatedAt = now,
                };
                Check(await users.CreateAsync(user, password), email);
                peopleAdded++;
            }
            if (row["network_role"] is { Length: > 0 } networkRole && !await users.IsInRoleAsync(user, networkRole))
                Check(await users.AddToRoleAsync(user, networkRole), email);

            if (row["club_ods_code"] is not { Length: > 0 } clubOds) continue;
            var club = await db.Clubs.SingleAsync(c => c.OdsCode == clubOds.ToUpperInvariant(), ct);
            if (await db.Memberships.AnyAsync(m => m.ClubId == club.Id && m.UserId == user.Id, ct)) continue;
            db.Memberships.Add(new ClubMembership
            {
                ClubId = club.Id, UserId = user.Id, JoinedAt = now,
                Role = row["club_role"] == "lead" ? ClubRole.Lead : ClubRole.Member,
                IsPublicRepresentative = user.Profession == "Patient/public representative",
            });
            await db.SaveChangesAsync(ct);
            membershipsAdded++;
        }
        var questions = Path.Combine(seedsDirectory, "questions.csv");
        var questionsAdded = File.Exists(questions) ? await DemoQuestions.LoadAsync(db, ReadCsv(questions), now, ct) : 0;
        var appraisals = Path.Combine(seedsDirectory, "appraisals.csv");
        if (File.Exists(appraisals)) await Appraisals.DemoAppraisals.LoadAsync(db, ReadCsv(appraisals), now, ct);
        return new Summary(clubsAdded, peopleAdded, membershipsAdded, questionsAdded);
    }

    /// <summary>
    /// Gives each demo club its meeting rhythm (seeds/cadences.csv) and its meetings for the coming three months, so
    /// the Worker has packs to send. Separate from <see cref="LoadAsync"/>: tests that seed the network schedule their
    /// own meetings.
    /// </summary>
    public async Task<int> LoadScheduleAsync(string seedsDirectory, CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        var meetings = 0;
        foreach (var row in ReadCsv(Path.Combine(seedsDirectory, "cadences.csv")))
        {
            var club = await db.Clubs.SingleAsync(c => c.OdsCode == row["club_ods_code"], ct);
            var cadence = await db.Cadences.SingleOrDefaultAsync(c => c.ClubId == club.Id, ct);
            if (cadence is null)
            {
                db.Cadences.Add(cadence = new Meetings.ClubCadence
                {
                    ClubId = club.Id,
                    Rule = Meetings.Cadence.Parse(row["rrule"]).ToString(),
                    StartsOn = DateOnly.FromDateTime(now.UtcDateTime),
                    StartTime = TimeOnly.Parse(row["start_time"], System.Globalization.CultureInfo.InvariantCulture),
                    DurationMinutes = int.Parse(row["duration_minutes"], System.Globalization.CultureInfo.InvariantCulture),
                    LeadTimeDays = int.Parse(row["lead_time_days"], System.Globalization.CultureInfo.InvariantCulture),
                    TimeZone = club.TimeZone,
                    UpdatedAt = now,
                });
                await db.SaveChangesAsync(ct);
            }
            meetings += await Meetings.MeetingPlanner.GenerateAsync(db, cadence, now, ct);
        }
        return meetings;
    }

    /// <summary>
    /// Gives each demo club practice changes in several states, with measures, monthly numbers and PDSA cycles
    /// (seeds/changes.csv, measures.csv, pdsa.csv), dated back from today. Separate from <see cref="LoadAsync"/>:
    /// tests that seed the network make their own changes. Returns the changes added.
    /// </summary>
    public async Task<int> LoadChangesAsync(string seedsDirectory, CancellationToken ct = default)
    {
        var changes = Path.Combine(seedsDirectory, "changes.csv");
        if (!File.Exists(changes)) return 0;
        return await DemoChanges.LoadAsync(db, ReadCsv(changes), ReadCsv(Path.Combine(seedsDirectory, "measures.csv")),
            ReadCsv(Path.Combine(seedsDirectory, "pdsa.csv")), clock.UtcNowForDb(), ct);
    }

    /// <summary>The seeds folder: the given one, or the nearest <c>seeds/</c> above the working directory.</summary>
    public static string FindSeedsDirectory(string? given = null)
    {
        if (given is not null) return Path.GetFullPath(given);
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "seeds", "people.csv"))) return Path.Combine(dir.FullName, "seeds");
        throw new DirectoryNotFoundException("No seeds/ folder found above the working directory; pass --seeds.");
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { TrimWhitespace = true });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(reader.Headers.Select((h, i) => (h, v: reader.GetString(i))).ToDictionary(x => x.h, x => x.v));
        return rows;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Seeding {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
