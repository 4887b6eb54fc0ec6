using Impacte.Domain.Email;

namespace Impacte.Domain.Appraisals;

/// <summary>
/// Tells an appraisal's author what the second librarian decided: published, or returned with the comment. Keys name
/// the appraisal (published once) or the submission that was returned, so a retry writes no second row.
/// </summary>
public static class AppraisalNotices
{
    public static Task<int> PublishedAsync(MemberNotices notices, Appraisal a, string questionTitle, string link, CancellationToken ct) =>
        notices.AddAsync([a.AuthorId], _ => new Notice($"appraisal-published:{a.Id}:{a.AuthorId}", "appraisal-published",
            $"Published: your appraisal of {MemberNotices.Short(questionTitle, 70)}", "Your appraisal has been published",
            $"A second librarian has checked and published your critical appraisal for “{questionTitle}”. The whole network can read it now.",
            "Read the published appraisal", link, "Thank you: the club can now put it on a meeting agenda.",
            [("Question", questionTitle), ("Bottom line", a.BottomLine ?? "")]), ct);

    public static Task<int> ReturnedAsync(MemberNotices notices, Appraisal a, string questionTitle, string link, CancellationToken ct) =>
        notices.AddAsync([a.AuthorId], _ => new Notice(
            $"appraisal-returned:{a.Id}:{a.SubmittedAt?.ToUnixTimeMilliseconds() ?? 0}:{a.AuthorId}", "appraisal-returned",
            $"Returned with a comment: your appraisal of {MemberNotices.Short(questionTitle, 60)}", "Your appraisal has been returned",
            $"A second librarian has checked your critical appraisal for “{questionTitle}” and returned it to you with a comment.",
            "Open the appraisal to change it", link, "Change it and submit it again; another librarian will check it.",
            [("Question", questionTitle), ("Comment", a.ReturnComment ?? "")]), ct);
}
