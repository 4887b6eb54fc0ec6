using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Api.Questions;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Questions;

/// <summary>
/// The guided PICO form. "Check my question" shows the sentence as the club will read it and the most similar
/// questions already in the network (answered first), each with "I have this question too"; then it is proposed.
/// With scripts on, questions.js shows both while the person types.
/// </summary>
public sealed class ProposeModel(ImpacteDbContext db, ClinicalQuestions questions, Actors actors) : PageModel
{
    public sealed record ProposeInput
    {
        public Guid? ClubId { get; init; }
        public string? Population { get; init; }
        public string? Intervention { get; init; }
        public string? Comparison { get; init; }
        public string? Outcome { get; init; }
        public string? Type { get; init; } = "therapy";
        public string? Trigger { get; init; }
        public string? Urgency { get; init; } = "routine";
        public string? Area { get; init; }
        public bool ConfirmIdentifierWarnings { get; init; }
    }

    public sealed record Preview(string? Sentence, IReadOnlyList<SimilarQuestionResponse> Similar);

    [BindProperty]
    public ProposeInput Input { get; set; } = new();

    public IReadOnlyList<KeyValuePair<string, string>> Clubs { get; private set; } = [];
    public string? Sentence { get; private set; }
    public IReadOnlyList<SimilarQuestion> Similar { get; private set; } = [];
    public bool Checked { get; private set; }
    /// <summary>The guardrail found something that may identify a patient: the person must confirm before saving.</summary>
    public bool NeedsConfirmation { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? clubId, CancellationToken ct)
    {
        Input = Input with { ClubId = clubId };
        return await LoadClubsAsync(ct) ? Page() : RedirectToPage("/Index");
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        await LoadClubsAsync(ct);
        Checked = true;
        try
        {
            Sentence = QuestionPico.Validate(ToInput(), confirmedWarnings: true).Text.Sentence;
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e.Errors, prefix: "Input");
        }
        Similar = AnsweredFirst(await SimilarToAsync(ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadClubsAsync(ct);
        var viewer = await actors.ForAsync(User, ct);
        try
        {
            var question = await questions.ProposeAsync(Input.ClubId ?? Guid.Empty, ToInput(), Input.ConfirmIdentifierWarnings, viewer, ct);
            TempData["Message"] = "Your question has been proposed. Your club can now vote on it.";
            return RedirectToPage("Details", new { questionId = question.Id });
        }
        catch (IdentifierWarningsException e)
        {
            NeedsConfirmation = true;
            ModelState.AddDomainErrors(e.Warnings, prefix: "Input");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e.Errors, prefix: "Input");
        }
        Similar = AnsweredFirst(await SimilarToAsync(ct));
        return Page();
    }

    /// <summary>"I have this question too" from the similar list: no new question, one more voice on that one.</summary>
    public async Task<IActionResult> OnPostAskAsync(Guid questionId, CancellationToken ct)
    {
        try
        {
            await questions.AskAsync(questionId, await actors.ForAsync(User, ct), ct);
            TempData["Message"] = "You have added your voice to this question.";
        }
        catch (ConflictException e)
        {
            TempData["Message"] = e.Message;
        }
        return RedirectToPage("Details", new { questionId });
    }

    /// <summary>For questions.js: the composed sentence (when complete enough) and similar questions, as JSON.</summary>
    public async Task<IActionResult> OnGetPreviewAsync(
        string? population, string? intervention, string? comparison, string? outcome, string? type, Guid? clubId, CancellationToken ct)
    {
        Input = new ProposeInput
        {
            Population = population, Intervention = intervention, Comparison = comparison, Outcome = outcome, Type = type, ClubId = clubId,
        };
        string? sentence = null;
        try
        {
            sentence = QuestionPico.Validate(ToInput(), confirmedWarnings: true).Text.Sentence;
        }
        catch (DomainValidationException)
        {
            // Not complete yet: suggestions only.
        }
        var similar = AnsweredFirst(await SimilarToAsync(ct));
        return new JsonResult(new Preview(sentence, similar.Take(5).Select(QuestionResponses.ToResponse).ToList()));
    }

    private QuestionInput ToInput() =>
        new(Input.Population, Input.Intervention, Input.Comparison, Input.Outcome, Input.Type, Input.Trigger, Input.Urgency, Input.Area);

    /// <summary>The parts in the order titles carry them, which is what similarity compares with.</summary>
    private async Task<IReadOnlyList<SimilarQuestion>> SimilarToAsync(CancellationToken ct)
    {
        var text = string.Join(' ', new[] { Input.Intervention, Input.Comparison, Input.Outcome, Input.Population }
            .Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        if (text.Length < QuestionQueries.MinSimilarText) return [];
        return await questions.SimilarAsync(text[..Math.Min(text.Length, QuestionQueries.MaxSimilarText)], Input.ClubId, User.QuestionReader(), ct);
    }

    /// <summary>Answered questions first: their bottom line may be all the GP needed.</summary>
    private static IReadOnlyList<SimilarQuestion> AnsweredFirst(IReadOnlyList<SimilarQuestion> found) =>
        found.OrderByDescending(s => s.Status == QuestionStatus.Answered).ThenByDescending(s => s.Score).ToList();

    /// <summary>The clubs this person can propose to; false when they are in none.</summary>
    private async Task<bool> LoadClubsAsync(CancellationToken ct)
    {
        var userId = User.Id();
        Clubs = await db.Memberships.Where(m => m.UserId == userId).OrderBy(m => m.Club.Name)
            .Select(m => KeyValuePair.Create(m.ClubId.ToString(), m.Club.Name)).ToListAsync(ct);
        if (Input.ClubId is null && Clubs.Count > 0) Input = Input with { ClubId = Guid.Parse(Clubs[0].Key) };
        return Clubs.Count > 0;
    }
}
