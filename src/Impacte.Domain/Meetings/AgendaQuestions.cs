namespace Impacte.Domain.Meetings;

/// <summary>What a reading pack and a meeting page say about one question on the agenda.</summary>
public sealed record AgendaQuestion(Guid Id, string Title, string? Pico, string? BottomLine, string? NarrativeMarkdown, IReadOnlyList<string> PaperLinks);

/// <summary>
/// Looks up the questions on an agenda. The ClinicalQuestion entity is built on another branch; until it is merged
/// the agenda holds plain question ids and this answers with nothing, so packs say "details to follow".
/// </summary>
public interface IAgendaQuestions
{
    Task<IReadOnlyDictionary<Guid, AgendaQuestion>> FindAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);
}

public sealed class NoAgendaQuestions : IAgendaQuestions
{
    public Task<IReadOnlyDictionary<Guid, AgendaQuestion>> FindAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<Guid, AgendaQuestion>>(new Dictionary<Guid, AgendaQuestion>());
}
