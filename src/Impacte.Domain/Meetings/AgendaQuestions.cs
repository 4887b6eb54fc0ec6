namespace Impacte.Domain.Meetings;

/// <summary>What a reading pack and a meeting page say about one question on the agenda.</summary>
/// <param name="AppraisalId">Its published critical appraisal (CAT), which the reading pack links to.</param>
public sealed record AgendaQuestion(Guid Id, string Title, string? Pico, string? BottomLine, string? NarrativeMarkdown, IReadOnlyList<AgendaPaper> Papers,
    Guid? AppraisalId = null);

/// <summary>One paper of the evidence, cited, with a link to read it (the DOI, else PubMed, else its own URL).</summary>
public sealed record AgendaPaper(string Citation, string? Link);

/// <summary>Looks up the questions on an agenda, with their published appraisal where there is one.</summary>
public interface IAgendaQuestions
{
    Task<IReadOnlyDictionary<Guid, AgendaQuestion>> FindAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);
}

public sealed class NoAgendaQuestions : IAgendaQuestions
{
    public Task<IReadOnlyDictionary<Guid, AgendaQuestion>> FindAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<Guid, AgendaQuestion>>(new Dictionary<Guid, AgendaQuestion>());
}
