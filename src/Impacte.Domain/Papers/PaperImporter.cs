using Impacte.Domain.Common;
using Impacte.Domain.Papers.Citations;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Papers;

/// <summary>A record of the file that was not imported, and why, for the librarian to find and fix.</summary>
public sealed record RejectedRecord(int Record, int? Line, string Reason);

/// <summary>What an import did: papers created, records recognised as papers already held, records rejected.</summary>
/// <param name="PaperIds">Every paper the file names, created or matched, in file order and once each.</param>
public sealed record PaperImportReport(
    CitationFormat Format, int Created, int Duplicates, IReadOnlyList<RejectedRecord> Rejected, IReadOnlyList<Guid> PaperIds);

/// <summary>
/// Turns citation files into papers, streaming: records are read one at a time and written in batches, so a file of
/// thousands is never held whole. A record is the same paper as one already held (in the file or in IMPACTE) when
/// they share a DOI or PMID, or else their normalised title and year; it is then linked, not created again.
/// </summary>
public sealed class PaperImporter(ImpacteDbContext db, TimeProvider clock)
{
    public const int BatchSize = 500;

    private sealed record Known(Guid Id, string? Doi, string? Pmid);

    public async Task<PaperImportReport> ImportAsync(Stream file, Guid? userId, CancellationToken ct = default)
    {
        CitationReader reader;
        try
        {
            reader = await CitationReader.OpenAsync(file, ct);
        }
        catch (UnrecognisedCitationFormatException e)
        {
            throw new DomainValidationException("file", e.Message);
        }

        // Keys of every paper this file has named so far: ids and identifiers only, never the records themselves.
        var seen = new Dictionary<string, Known>();
        var paperIds = new List<Guid>();
        var named = new HashSet<Guid>();
        var rejected = new List<RejectedRecord>();
        int created = 0, duplicates = 0;
        var batch = new List<CitationRecord>(BatchSize);

        await foreach (var result in reader.ReadAsync(ct))
        {
            switch (result)
            {
                case RejectedCitation r:
                    rejected.Add(new RejectedRecord(r.RecordNumber, r.LineNumber, r.Reason));
                    break;
                case ParsedCitation { Record: var record } when Problem(record) is { } reason:
                    rejected.Add(new RejectedRecord(record.RecordNumber, null, reason));
                    break;
                case ParsedCitation { Record: var record }:
                    batch.Add(record);
                    if (batch.Count == BatchSize) await FlushAsync();
                    break;
            }
        }
        await FlushAsync();
        if (created + duplicates == 0 && rejected.Count == 0)
            throw new DomainValidationException("file", "The file holds no citation records.");
        return new PaperImportReport(reader.Format, created, duplicates, rejected, paperIds);

        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            // Two imports running at once may both create a paper; the loser's insert breaks a unique index, and
            // matching the batch again then finds the winner's paper.
            for (var attempt = 1; ; attempt++)
            {
                var outcome = await MatchBatchAsync(batch, seen, userId, ct);
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (attempt < 3 && e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
                {
                    db.ChangeTracker.Clear();
                    continue;
                }
                db.ChangeTracker.Clear();
                created += outcome.Created;
                duplicates += outcome.Matches.Count - outcome.Created;
                foreach (var (keys, match) in outcome.Matches)
                {
                    foreach (var key in keys) seen.TryAdd(key, match);
                    if (named.Add(match.Id)) paperIds.Add(match.Id);
                }
                batch.Clear();
                return;
            }
        }
    }

    private sealed record BatchOutcome(int Created, List<(List<string> Keys, Known Match)> Matches);

    /// <summary>
    /// Matches each record of the batch against the file so far, the batch before it and the database (one query),
    /// and stages a new paper for each record that matches nothing. Nothing is saved here.
    /// </summary>
    private async Task<BatchOutcome> MatchBatchAsync(List<CitationRecord> batch, Dictionary<string, Known> seen, Guid? userId, CancellationToken ct)
    {
        var inDatabase = await KnownAsync(batch, ct);
        var inBatch = new Dictionary<string, Known>();
        var now = clock.UtcNowForDb();
        var created = 0;
        var matches = new List<(List<string>, Known)>(batch.Count);
        foreach (var record in batch)
        {
            var keys = CitationKeys.For(record).Select(k => k.ToString()).ToList();
            var match = Match(record, keys, seen) ?? Match(record, keys, inBatch) ?? Match(record, keys, inDatabase);
            if (match is null)
            {
                var paper = ToPaper(record, userId, now);
                db.Papers.Add(paper);
                match = new Known(paper.Id, paper.Doi, paper.Pmid);
                created++;
            }
            foreach (var key in keys) inBatch.TryAdd(key, match);
            matches.Add((keys, match));
        }
        return new BatchOutcome(created, matches);
    }

    /// <summary>Adds one paper typed in by hand; when IMPACTE already holds it, its id comes back instead.</summary>
    public async Task<(Guid Id, bool Created)> AddAsync(CitationRecord record, Guid userId, CancellationToken ct = default)
    {
        if (Problem(record) is { } reason) throw new DomainValidationException("title", reason);
        var keys = CitationKeys.For(record).Select(k => k.ToString()).ToList();
        if (Match(record, keys, await KnownAsync([record], ct)) is { } known) return (known.Id, false);
        var paper = ToPaper(record, userId, clock.UtcNowForDb());
        db.Papers.Add(paper);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Someone added the same DOI or PMID between our look and our insert: theirs is the paper, as if it had
            // been there first (200 with its id, never a 500).
            db.ChangeTracker.Clear();
            if (Match(record, keys, await KnownAsync([record], ct)) is { } winner) return (winner.Id, false);
            throw;
        }
        return (paper.Id, true);
    }

    /// <summary>Why a parsed record cannot be stored, or null when it can.</summary>
    public static string? Problem(CitationRecord r)
    {
        if (string.IsNullOrWhiteSpace(r.Title)) return "It has no title.";
        if (r.Title.Length > Paper.MaxTitle) return $"Its title is longer than {Paper.MaxTitle} characters.";
        if (r.Journal?.Length > Paper.MaxJournal) return $"Its journal name is longer than {Paper.MaxJournal} characters.";
        if (r.Url?.Length > Paper.MaxUrl) return $"Its URL is longer than {Paper.MaxUrl} characters.";
        if (r.Doi?.Length > Paper.MaxDoi) return $"Its DOI is longer than {Paper.MaxDoi} characters.";
        if (new[] { r.Volume, r.Issue, r.Pages, r.PublicationType }.Any(v => v?.Length > Paper.MaxShort))
            return $"Its volume, issue, pages or publication type is longer than {Paper.MaxShort} characters.";
        if (r.Year is < 1000 or > 2999) return $"Its year ({r.Year}) is not a year.";
        return null;
    }

    /// <summary>
    /// The paper these keys name, surest key first. A title and year match is ignored when both records carry
    /// different DOIs or PMIDs: then they are two papers that happen to share a title ("Correction", "Editorial").
    /// </summary>
    private static Known? Match(CitationRecord record, List<string> keys, Dictionary<string, Known> known)
    {
        foreach (var key in keys)
        {
            if (!known.TryGetValue(key, out var match)) continue;
            if (key.StartsWith("title:", StringComparison.Ordinal) &&
                (record.Doi is not null && match.Doi is not null && record.Doi != match.Doi ||
                 record.Pmid is not null && match.Pmid is not null && record.Pmid != match.Pmid))
                continue;
            return match;
        }
        return null;
    }

    /// <summary>The papers already in IMPACTE that share a key with any record of the batch: one query per batch.</summary>
    private async Task<Dictionary<string, Known>> KnownAsync(IReadOnlyList<CitationRecord> records, CancellationToken ct)
    {
        var dois = records.Select(r => r.Doi).OfType<string>().Distinct().ToList();
        var pmids = records.Select(r => r.Pmid).OfType<string>().Distinct().ToList();
        var titles = records.Select(r => Paper.KeyOf(r.Title, r.Year)).Distinct().ToList();
        var rows = await db.Papers.AsNoTracking()
            .Where(p => dois.Contains(p.Doi!) || pmids.Contains(p.Pmid!) || titles.Contains(p.TitleKey))
            .Select(p => new { p.Id, p.Doi, p.Pmid, p.TitleKey })
            .ToListAsync(ct);
        var known = new Dictionary<string, Known>();
        foreach (var p in rows.OrderBy(p => p.Id))
        {
            var k = new Known(p.Id, p.Doi, p.Pmid);
            if (p.Doi is not null) known.TryAdd(new CitationKey(CitationKeyKind.Doi, p.Doi).ToString(), k);
            if (p.Pmid is not null) known.TryAdd(new CitationKey(CitationKeyKind.Pmid, p.Pmid).ToString(), k);
            known.TryAdd($"title:{p.TitleKey}", k);
        }
        return known;
    }

    // Exports carry stray control characters (NUL, form feeds) that nobody sees and PostgreSQL refuses: they are dropped.
    private static Paper ToPaper(CitationRecord r, Guid? userId, DateTimeOffset now) => new()
    {
        Title = UserText.Visible(r.Title.Trim()),
        Authors = r.Authors.Select(UserText.Visible).ToList(),
        Journal = V(r.Journal),
        Year = r.Year,
        Volume = V(r.Volume),
        Issue = V(r.Issue),
        Pages = V(r.Pages),
        Doi = V(r.Doi),
        Pmid = V(r.Pmid),
        Abstract = V(r.Abstract),
        Url = V(r.Url),
        PublicationType = V(r.PublicationType),
        Keywords = Paper.JoinKeywords(r.Keywords.Select(UserText.Visible)),
        TitleKey = Paper.KeyOf(r.Title, r.Year),
        CreatedAt = now,
        CreatedById = userId,
    };

    private static string? V(string? text) => text is null ? null : UserText.Visible(text);
}
