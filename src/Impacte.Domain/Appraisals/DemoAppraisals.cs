using System.Globalization;
using Impacte.Domain.Papers;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Appraisals;

/// <summary>
/// The demo network's published appraisals (seeds/appraisals.csv): one for each question that has been appraised,
/// written by librarian@ and checked by librarian2@, with its paper, key result and search. The summaries were
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
            db.EvidenceSearches.Add(new EvidenceSearch
            {
                QuestionId = question.Id, Sources = ["NICE CKS", "Cochrane Library", "PubMed", "TRIP"],
                Strategy = $"({question.Population}) AND ({question.Intervention}){(question.Comparison is null ? "" : $" AND ({question.Comparison})")} AND ({question.Outcome})",
                SearchedOn = DateOnly.FromDateTime(published.AddDays(-3).UtcDateTime), Found = 30 + population.Length % 40, Relevant = 3 + population.Length % 5,
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
                appraisal.Results.Add(new AppraisalResult
                {
                    AppraisalId = appraisal.Id, Position = 0, PaperId = paper.Id, Outcome = outcome, Measure = row["measure"],
                    Value = Number(row["value"]), CiLower = Number(row["ci_lower"]), CiUpper = Number(row["ci_upper"]),
                });
            db.Appraisals.Add(appraisal);
            await db.SaveChangesAsync(ct);
            added++;
        }
        return added;
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

    private static decimal? Number(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
}
