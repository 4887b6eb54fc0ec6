using Impacte.Domain.Questions;

namespace Impacte.Domain.Appraisals;

/// <summary>
/// What a published appraisal shows to whom. The topic is the network's: its bottom line, level of evidence, GRADE,
/// checklist, narrative, papers and key results are for everyone. The question it answers stays as private as the
/// question itself (<see cref="Access.AccessRules.CanSeeQuestion"/>: its club, librarians and admins, and everyone once it is
/// answered): its title, PICO sentence, proposer and club, the record of its search and the uploaded document (which
/// restates the question) go only to those who may see the question. Anyone else reads the topic under a neutral title
/// made from its bottom line.
/// </summary>
/// <summary>The question an appraisal answers, as those who may see it read it, with its PICO (Comparison may be null).</summary>
public sealed record AppraisedQuestion(Guid Id, string Title, string Sentence, string ClubName,
    string Population = "", string Intervention = "", string? Comparison = null, string Outcome = "");

public static class AppraisalTopics
{
    public const string Untitled = "Appraised topic";
    private const int TitleLength = 90;

    public static bool ShowsQuestion(this Access.Actor actor, Guid clubId, QuestionStatus status) => Access.AccessRules.CanSeeQuestion(actor, clubId, status);

    /// <summary>The topic's title for this reader: the question's own where they may see it, else a neutral one.</summary>
    public static string TopicTitle(Access.Actor viewer, Guid clubId, QuestionStatus status, string questionTitle, string? bottomLine) =>
        viewer.ShowsQuestion(clubId, status) ? questionTitle : NeutralTitle(bottomLine);

    /// <summary>"Appraised topic: Blue light therapy reduces…", from the bottom line's first sentence.</summary>
    public static string NeutralTitle(string? bottomLine)
    {
        var text = bottomLine?.Trim();
        if (string.IsNullOrEmpty(text)) return Untitled;
        // The first sentence ("0.62" is not a sentence's end; ". " is).
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        if (end > 0) text = text[..end];
        text = text.Split('\n')[0].TrimEnd().TrimEnd('.');
        if (text.Length > TitleLength)
        {
            var space = text.LastIndexOf(' ', TitleLength);
            text = text[..(space > TitleLength / 2 ? space : TitleLength)].TrimEnd(' ', ',', ';', ':') + "…";
        }
        return $"{Untitled}: {text}";
    }
}
