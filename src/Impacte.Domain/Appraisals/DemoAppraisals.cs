using System.Globalization;
using Impacte.Domain.Papers;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Appraisals;

/// <summary>
/// The demo network's published appraisals (seeds/appraisals.csv): one for each question that has been appraised,
/// written by librarian@ and checked by librarian2@, with its paper (DOI and PMID), structured key results (with the
/// control event rate where the outcome is an event to prevent), every checklist question answered, and its search. The summaries were
/// written for the demo from the named papers; they are not clinical advice. One (review_by_days) is already past its
/// review-by date, with a practice change resting on it, so the demo shows evidence drift.
/// </summary>
internal static class DemoAppraisals
{
    private static readonly QuestionStatus[] Appraised =
        [QuestionStatus.Appraised, QuestionStatus.Scheduled, QuestionStatus.Discussed, QuestionStatus.Answered];

    public static async Task<int> LoadAsync(ImpacteDbContext db, IEnumerable<Dictionary<string, string>> rows, DateTimeOffset now, CancellationToken ct)
    {
        var author = await db.Users.Where(u => u.Email == "librarian@example.org").Select(u => u.Id).SingleAsync(ct);
        var checker = await db.Users.Where(u => u.Email == "librarian2@example.org").Select(u => u.Id).SingleAsync(ct);
        var added = 0;
        foreach (var row in rows)
        {
            var population = row["population"];
            var question = await db.Questions.FirstOrDefaultAsync(q => q.Club.OdsCode == row["club_ods_code"] && q.Population == population, ct);
            if (question is null || !Appraised.Contains(question.Status)) continue;
            if (await db.Appraisals.AnyAsync(a => a.QuestionId == question.Id, ct)) continue;

            var published = await db.QuestionTransitions.Where(t => t.QuestionId == question.Id && t.ToStatus == QuestionStatus.Appraised)
                .Select(t => (DateTimeOffset?)t.At).FirstOrDefaultAsync(ct) ?? now.AddDays(-1);
            var paper = await PaperAsync(db, row, author, published, ct);
            db.QuestionPapers.Add(new QuestionPaper { QuestionId = question.Id, PaperId = paper.Id, AddedById = author, AddedAt = published.AddDays(-2) });
            var searchedOn = DateOnly.FromDateTime(published.AddDays(-3).UtcDateTime);
            var entries = SearchEntries(question, searchedOn, author, published.AddDays(-3)).ToList();
            db.SearchEntries.AddRange(entries);
            // The summary the appraisal shows, as EvidenceWork keeps it in step with the entries.
            db.EvidenceSearches.Add(new EvidenceSearch
            {
                QuestionId = question.Id, Sources = [.. entries.Select(e => e.Database)],
                Strategy = string.Join("\n", entries.Select(e => $"{e.Database}: {e.Strategy}")),
                SearchedOn = entries.Max(e => e.SearchedOn), Found = entries.Sum(e => e.Hits ?? 0), Relevant = 3 + population.Length % 5,
                InsufficientQuality = 1, UpdatedAt = published.AddDays(-3), UpdatedById = author,
            });

            Checklists.TryParse(row["study_design"], out var design);
            var appraisal = new Appraisal
            {
                QuestionId = question.Id, StudyDesign = design, Status = AppraisalStatus.Published, AuthorId = author, CheckedById = checker,
                EvidenceLevel = int.Parse(row["evidence_level"], CultureInfo.InvariantCulture),
                Grade = Enum.GetValues<GradeCertainty>().Single(g => g.Name() == row["grade"]),
                BottomLine = row["bottom_line"] is { Length: > 0 } line ? line : question.BottomLine,
                ReviewBy = ReviewBy(row, published, now),
                Narrative = $"**{row["paper_title"]}** ({row["journal"]}, {row["year"]}).\n\n*Demo content, summarised for the IMPACTE demo network; read the paper before relying on it.*",
                CreatedAt = published.AddDays(-2), UpdatedAt = published, SubmittedAt = published.AddDays(-1), PublishedAt = published,
            };
            appraisal.Papers.Add(new AppraisalPaper
            {
                AppraisalId = appraisal.Id, PaperId = paper.Id, Position = 0, StudyType = Checklists.For(design).Name,
                Population = row["paper_population"], Weaknesses = row["weaknesses"],
            });
            if (row["outcome"] is { Length: > 0 } outcome)
                appraisal.Results.Add(Result(appraisal, paper, 0, outcome, row["measure"], row["value"], row["ci_lower"], row["ci_upper"], row["cer"], row["time_horizon"]));
            // A second result: "outcome;measure;value;lower;upper;cer;horizon".
            if (row["result2"] is { Length: > 0 } second && second.Split(';') is { Length: 7 } r)
                appraisal.Results.Add(Result(appraisal, paper, 1, r[0], r[1], r[2], r[3], r[4], r[5], r[6]));
            appraisal.Answers.AddRange(Answers(appraisal, row["checklist"]));
            db.Appraisals.Add(appraisal);
            await db.SaveChangesAsync(ct);
            added++;
        }
        return added;
    }

    /// <summary>
    /// One entry per database searched, as a librarian records them: MEDLINE via PubMed and Embase on the day, the
    /// Cochrane Library and TRIP the day after, each with its own syntax and a plausible number of hits.
    /// </summary>
    private static IEnumerable<SearchEntry> SearchEntries(ClinicalQuestion q, DateOnly on, Guid author, DateTimeOffset at)
    {
        string p = q.Population, i = q.Intervention, o = q.Outcome;
        var c = q.Comparison is { Length: > 0 } comparison ? comparison : null;
        var seed = (p.Length * 7 + i.Length * 3) % 97;
        (string Database, int Day, string Strategy, int Hits)[] searches =
        [
            ("MEDLINE via PubMed", 0,
                $"(\"{p}\"[tiab]) AND (\"{i}\"[MeSH Terms] OR \"{i}\"[tiab]) AND (\"{o}\"[tiab]){(c is null ? "" : $" AND (\"{c}\"[tiab])")}"
                + " AND (randomized controlled trial[pt] OR systematic review[pt] OR meta-analysis[pt]) AND english[la] AND 2005:3000[dp]", 180 + seed * 3),
            ("Embase", 0,
                $"1 exp {i}/ OR {i}.ti,ab.; 2 ({p}).ti,ab.; 3 ({o}).ti,ab.; 4 1 AND 2 AND 3; 5 limit 4 to (english language and yr=\"2005 -Current\")",
                240 + seed * 4),
            ("Cochrane Library", 1, $"\"{i}\" in Title Abstract Keyword AND \"{p}\" in Title Abstract Keyword — Cochrane Reviews and Trials", 25 + seed / 2),
            ("TRIP", 1, $"({i}) ({p}) ({o}) — filtered to systematic reviews and guidelines", 12 + seed / 4),
        ];
        return searches.Select(s => new SearchEntry
        {
            QuestionId = q.Id, Database = s.Database, SearchedOn = on.AddDays(s.Day), Strategy = s.Strategy, Hits = s.Hits,
            RecordedAt = at.AddDays(s.Day), RecordedById = author,
        });
    }

    private static async Task<Paper> PaperAsync(ImpacteDbContext db, Dictionary<string, string> row, Guid author, DateTimeOffset at, CancellationToken ct)
    {
        var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
        var key = Paper.KeyOf(row["paper_title"], year);
        var paper = await db.Papers.FirstOrDefaultAsync(p => p.TitleKey == key, ct);
        if (paper is not null) return paper;
        paper = new Paper
        {
            Title = row["paper_title"], Authors = [.. row["paper_authors"].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            Journal = row["journal"], Year = year, PublicationType = "Journal Article", TitleKey = key, CreatedAt = at, CreatedById = author,
            Doi = row["doi"] is { Length: > 0 } doi ? doi.ToLowerInvariant() : null, Pmid = row["pmid"] is { Length: > 0 } pmid ? pmid : null,
        };
        db.Papers.Add(paper);
        return paper;
    }

    /// <summary>
    /// Three years from publication, unless the row's <c>review_by_days</c> counts from today: a negative number keeps
    /// the appraisal past its review-by date however late the seed runs, so the demo shows "due for review".
    /// </summary>
    private static DateOnly ReviewBy(Dictionary<string, string> row, DateTimeOffset published, DateTimeOffset now) =>
        row.TryGetValue("review_by_days", out var days) && days is { Length: > 0 }
            ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(int.Parse(days, CultureInfo.InvariantCulture))
            : AppraisalReview.DefaultFrom(DateOnly.FromDateTime(published.UtcDateTime));

    private static AppraisalResult Result(Appraisal a, Paper paper, int position, string outcome, string measure, string value, string lower,
        string upper, string cer, string horizon) => new()
    {
        AppraisalId = a.Id, Position = position, PaperId = paper.Id, Outcome = outcome,
        Measure = EffectSizes.Find(measure)?.Code ?? throw new InvalidDataException($"appraisals.csv: '{measure}' is not an effect measure."),
        Value = Number(value), CiLower = Number(lower), CiUpper = Number(upper), ControlEventRate = Number(cer),
        TimeHorizon = horizon.Length > 0 ? horizon : null,
    };

    /// <summary>"yes|no: why|cant-tell: why…", one per question of the design's checklist, in its order: a published topic answers them all.</summary>
    private static IEnumerable<AppraisalAnswer> Answers(Appraisal a, string checklist)
    {
        var questions = Checklists.For(a.StudyDesign).Questions;
        var given = checklist.Split('|');
        if (given.Length != questions.Count)
            throw new InvalidDataException($"appraisals.csv: the {a.StudyDesign.Code()} checklist has {questions.Count} questions, the row answers {given.Length}.");
        return questions.Zip(given, (q, text) =>
        {
            var colon = text.IndexOf(':');
            var name = (colon < 0 ? text : text[..colon]).Trim();
            var answer = Enum.GetValues<ChecklistAnswer>().Single(x => x.Name() == name);
            return new AppraisalAnswer { AppraisalId = a.Id, QuestionKey = q.Key, Answer = answer, Comment = colon < 0 ? null : text[(colon + 1)..].Trim() };
        });
    }

    private static decimal? Number(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
}
