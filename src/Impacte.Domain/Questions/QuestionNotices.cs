using Impacte.Domain.Email;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Questions;

/// <summary>
/// Tells the people behind a question (its proposer and everyone who added their voice: voters and askers) what
/// happened to it: accepted, declined with the reason, marked duplicate with a link to the original, appraised,
/// scheduled for a meeting, answered. Called where the move is made, in the same unit of work; each notice's key names
/// the event (the transition, appraisal or meeting) and the member, so a retry writes no second row.
/// </summary>
public static class QuestionNotices
{
    /// <summary>The proposer, voters and askers of a question.</summary>
    public static async Task<List<Guid>> VoicesAsync(ImpacteDbContext db, ClinicalQuestion question, CancellationToken ct)
    {
        var voters = await db.QuestionVotes.Where(v => v.QuestionId == question.Id).Select(v => v.UserId).ToListAsync(ct);
        var askers = await db.QuestionAskers.Where(a => a.QuestionId == question.Id).Select(a => a.UserId).ToListAsync(ct);
        return [question.ProposerId, .. voters, .. askers];
    }

    /// <param name="eventId">What makes this event itself: the transition's id, the appraisal's or the meeting's.</param>
    /// <param name="voices">Who to tell (from <see cref="VoicesAsync"/>, read before support moves elsewhere).</param>
    /// <param name="byUserId">Who made the move: not told of their own act.</param>
    /// <param name="detail">The reason when declined, the bottom line when appraised or answered, the meeting's time when scheduled.</param>
    /// <param name="link">Where the notice's one link goes (the original question, the appraisal, the meeting); the question by default.</param>
    public static Task<int> AddAsync(MemberNotices notices, ClinicalQuestion question, string clubName, QuestionStatus to, Guid eventId,
        IEnumerable<Guid> voices, Guid? byUserId, string? detail, string? link, string? linkTitle, CancellationToken ct)
    {
        var title = MemberNotices.Short(question.Title);
        var questionUrl = $"{notices.Base}/questions/{question.Id}";
        var (kind, subject, heading, intro, action, facts) = to switch
        {
            QuestionStatus.Accepted => ("question-accepted", $"Accepted: {title}", "Your question has been accepted",
                $"The {clubName} journal club has taken the question “{question.Title}”. A librarian will now search for the evidence and appraise it.",
                "Open the question", new List<(string, string)> { ("Question", question.Title), ("Club", clubName) }),
            QuestionStatus.Declined => ("question-declined", $"Declined: {title}", "Your question has been declined",
                $"The {clubName} journal club will not take the question “{question.Title}” for now.",
                "Open the question", [("Question", question.Title), ("Reason", detail ?? "No reason was given.")]),
            QuestionStatus.Duplicate => ("question-duplicate", $"Already asked: {title}", "Your question is already being asked",
                $"“{question.Title}” has been marked as a duplicate of “{linkTitle}”. Your voice has been added to the original, so you will hear what happens to it.",
                "Open the original question", [("Question", question.Title), ("Original", linkTitle ?? "")]),
            QuestionStatus.Appraised => ("question-appraised", $"Evidence appraised: {title}", "The evidence for your question has been appraised",
                $"A librarian has published the critical appraisal of the evidence for “{question.Title}”.",
                "Read the appraisal", [("Question", question.Title), ("Bottom line", detail ?? "See the appraisal.")]),
            QuestionStatus.Scheduled => ("question-scheduled", $"On the agenda {detail}: {title}", "Your question is on a meeting agenda",
                $"The {clubName} journal club will discuss “{question.Title}”. Tell the club whether you will come from the meeting page.",
                "Open the meeting", [("Question", question.Title), ("When", detail ?? "")]),
            QuestionStatus.Answered => ("question-answered", $"Answered: {title}", "Your question has been answered",
                $"The {clubName} journal club has agreed an answer to “{question.Title}”.",
                "Open the question", [("Question", question.Title), ("Bottom line", detail ?? "")]),
            _ => throw new ArgumentOutOfRangeException(nameof(to), to, "No notice for this move."),
        };
        var outro = "You get this because you asked this question or added your voice to it.";
        return notices.AddAsync(voices.Where(v => v != byUserId), p => new Notice(
            $"{kind}:{question.Id}:{eventId}:{p.UserId}", kind, subject, heading, intro, action, link ?? questionUrl, outro, facts), ct);
    }
}
