using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Questions;

/// <summary>
/// The demo network's questions (seeds/questions.csv), each brought to its status through the lifecycle's real
/// transitions, so its history reads as if the club had worked it. A question already there (same club and title)
/// is left alone.
/// </summary>
internal static class DemoQuestions
{
    private static readonly QuestionStatus[] MainLine =
    [
        QuestionStatus.Proposed, QuestionStatus.Accepted, QuestionStatus.Searching, QuestionStatus.Appraised,
        QuestionStatus.Scheduled, QuestionStatus.Discussed, QuestionStatus.Answered,
    ];

    public static async Task<int> LoadAsync(ImpacteDbContext db, IEnumerable<Dictionary<string, string>> rows, DateTimeOffset now, CancellationToken ct)
    {
        var added = 0;
        var line = 1;
        foreach (var row in rows)
        {
            line++;
            var club = await db.Clubs.SingleAsync(c => c.OdsCode == row["club_ods_code"], ct);
            var input = new QuestionInput(row["population"], row["intervention"], row["comparison"], row["outcome"],
                row["type"], row["trigger"], row["urgency"], row.GetValueOrDefault("area"));
            var (pico, text) = QuestionPico.Validate(input, confirmedWarnings: true);
            var areaErrors = new Dictionary<string, string[]>();
            var area = input.ParseArea(areaErrors);
            if (areaErrors.Count > 0) throw new InvalidDataException($"questions.csv line {line}: {areaErrors["area"][0]}");
            var existing = await db.Questions.FirstOrDefaultAsync(q => q.ClubId == club.Id && q.Title == text.Title, ct);
            if (existing is not null)
            {
                // A demo loaded before areas existed gets them now; an area set since is left alone.
                if (existing.Area is null && area is not null)
                {
                    existing.Area = area;
                    await db.SaveChangesAsync(ct);
                }
                continue;
            }

            var status = Enum.Parse<QuestionStatus>(row["status"], ignoreCase: true);
            var created = now.AddDays(-int.Parse(row["days_ago"]));
            var question = new ClinicalQuestion
            {
                ClubId = club.Id, ProposerId = await UserAsync(db, row["proposer_email"], line, ct), CreatedAt = created, Area = area,
                UpdatedAt = created, StatusChangedAt = created,
            };
            question.SetText(pico, text);
            db.Questions.Add(question);

            var path = status == QuestionStatus.Declined ? [QuestionStatus.Proposed, QuestionStatus.Declined]
                : MainLine[..(Array.IndexOf(MainLine, status) + 1)];
            var lead = await db.Memberships.Where(m => m.ClubId == club.Id && m.Role == ClubRole.Lead).Select(m => m.UserId).FirstAsync(ct);
            var librarian = await UserAsync(db, "librarian@example.org", line, ct);
            var step = (now.AddDays(-1) - created) / Math.Max(1, path.Length);
            for (var i = 1; i < path.Length; i++)
            {
                var rule = QuestionLifecycle.Transitions.Single(t => t.From == path[i - 1] && t.To == path[i]);
                var reason = path[i] switch
                {
                    QuestionStatus.Declined => row["reason"],
                    QuestionStatus.Answered => row["bottom_line"],
                    _ => null,
                };
                db.QuestionTransitions.Add(question.MoveTo(path[i], rule.By.HasFlag(TransitionRoles.ClubLead) ? lead : librarian, created + step * i, reason));
            }
            question.BottomLine = status == QuestionStatus.Answered ? row["bottom_line"] : null;

            foreach (var email in Emails(row["voters"]))
                db.QuestionVotes.Add(new QuestionVote { QuestionId = question.Id, UserId = await UserAsync(db, email, line, ct), CreatedAt = created });
            foreach (var email in Emails(row["askers"]))
                db.QuestionAskers.Add(new QuestionAsker { QuestionId = question.Id, UserId = await UserAsync(db, email, line, ct), CreatedAt = created });
            await db.SaveChangesAsync(ct);
            added++;
        }
        return added;
    }

    private static IEnumerable<string> Emails(string list) =>
        list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<Guid> UserAsync(ImpacteDbContext db, string email, int line, CancellationToken ct)
    {
        var normalised = email.Trim().ToUpperInvariant();
        var id = await db.Users.Where(u => u.NormalizedEmail == normalised).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        return id ?? throw new InvalidDataException($"questions.csv line {line}: nobody has the email {email}.");
    }
}
