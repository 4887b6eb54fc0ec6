using Impacte.Api.Appraisals;
using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Markdown;
using Impacte.Domain.Papers;
using Impacte.Domain.Papers.Citations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Appraisals;

/// <summary>The appraisal editor: papers, checklist, key results, level, GRADE, bottom line, narrative with live preview.</summary>
[Authorize(Roles = $"{NetworkRoles.Admin},{NetworkRoles.Librarian}")]
[RequestSizeLimit(AppraisalDocuments.MaxBytes + 256 * 1024)]
public sealed class EditModel(CriticalAppraisals appraisals, Actors actors, ImpacteDbContext db) : PageModel
{
    private Actor actor = null!;

    public sealed class PaperRow
    {
        public Guid PaperId { get; set; }
        public string? Citation { get; set; }
        public string? StudyType { get; set; }
        public string? Population { get; set; }
        public string? Weaknesses { get; set; }
        public bool Remove { get; set; }
    }

    public sealed class ResultRow
    {
        public string? Outcome { get; set; }
        public string? Measure { get; set; }
        public decimal? Value { get; set; }
        public decimal? CiLower { get; set; }
        public decimal? CiUpper { get; set; }
        public int? Nnt { get; set; }
        public int? Nnh { get; set; }
        public decimal? ControlEventRate { get; set; }
        public string? TimeHorizon { get; set; }
        public Guid? PaperId { get; set; }
    }

    public sealed class EditInput
    {
        public uint Version { get; set; }
        public string? StudyDesign { get; set; }
        public int? EvidenceLevel { get; set; }
        public string? Grade { get; set; }
        public string? BottomLine { get; set; }
        public DateOnly? ReviewBy { get; set; }
        public string? Narrative { get; set; }
        public string? AddPaper { get; set; }
        /// <summary>Papers picked from those the librarian included when screening the question's search.</summary>
        public List<Guid> PickPapers { get; set; } = [];
        public List<PaperRow> Papers { get; set; } = [];
        public List<ResultRow> Results { get; set; } = [];
        public Dictionary<string, string> Answers { get; set; } = [];
        public Dictionary<string, string> Comments { get; set; } = [];
    }

    public static IReadOnlyList<string> LevelOptions { get; } = ["", "1", "2", "3", "4", "5"];
    // Labels from the one place the appraisal's words live (AppraisalRules, Checklists, EffectSizes); values are the API's codes.
    public static IReadOnlyList<KeyValuePair<string, string>> GradeOptions { get; } =
        [KeyValuePair.Create("", ""), .. Enum.GetValues<GradeCertainty>().Select(g => KeyValuePair.Create(g.Name(), g.Label()))];
    public static IReadOnlyList<KeyValuePair<string, string>> DesignOptions { get; } = [.. Checklists.All.Select(c => KeyValuePair.Create(c.Code, c.Name))];
    public static IReadOnlyList<KeyValuePair<string, string>> MeasureOptions { get; } =
        [KeyValuePair.Create("", "Choose"), .. EffectSizes.Measures.Select(m => KeyValuePair.Create(m.Code, $"{m.Code} – {m.Label}"))];

    [BindProperty]
    public EditInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public Appraisal Appraisal { get; private set; } = null!;
    /// <summary>The question's included papers (screening), to pick from: no typing DOIs for the usual case.</summary>
    public IReadOnlyList<(Guid Id, string Citation)> IncludedPapers { get; private set; } = [];
    public QuestionHeading Question { get; private set; } = null!;
    public AppraisalDocumentInfo? Document { get; private set; }
    public Checklist Checklist => Checklists.TryParse(Input.StudyDesign, out var d) ? Checklists.For(d) : Checklists.For(Appraisal.StudyDesign);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        var a = Appraisal;
        Input = new EditInput
        {
            Version = a.Version, StudyDesign = a.StudyDesign.Code(), EvidenceLevel = a.EvidenceLevel, Grade = a.Grade?.Name(),
            BottomLine = a.BottomLine, ReviewBy = a.ReviewBy, Narrative = a.Narrative,
            Papers = a.Papers.OrderBy(p => p.Position).Select(p => new PaperRow
            {
                PaperId = p.PaperId, StudyType = p.StudyType, Population = p.Population, Weaknesses = p.Weaknesses,
                Citation = Paper.Cite(p.Paper.Title, p.Paper.Authors, p.Paper.Journal, p.Paper.Year, p.Paper.Volume, p.Paper.Issue, p.Paper.Pages),
            }).ToList(),
            Results = a.Results.OrderBy(r => r.Position).Select(r => new ResultRow
            {
                Outcome = r.Outcome, Measure = r.Measure, Value = r.Value, CiLower = r.CiLower, CiUpper = r.CiUpper, Nnt = r.Nnt, Nnh = r.Nnh,
                ControlEventRate = r.ControlEventRate, TimeHorizon = r.TimeHorizon, PaperId = r.PaperId,
            }).ToList(),
            Answers = a.Answers.ToDictionary(x => x.QuestionKey, x => x.Answer.Name()),
            Comments = a.Answers.Where(x => x.Comment is not null).ToDictionary(x => x.QuestionKey, x => x.Comment!),
        };
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct) => SaveAsync(id, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct) => SaveAsync(id, submit: true, ct);

    /// <summary>Uploads (or replaces) the appraisal document; its type is checked from its bytes.</summary>
    public async Task<IActionResult> OnPostDocumentAsync(Guid id, IFormFile? upload, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        ModelState.Clear();
        try
        {
            if (upload is null || upload.Length == 0) throw new DomainValidationException("file", "Choose the document to upload.");
            if (upload.Length > AppraisalDocuments.MaxBytes) throw new DomainValidationException("file", "The document must be 20 MB or smaller.");
            var content = new byte[upload.Length];
            await using (var stream = upload.OpenReadStream()) await stream.ReadExactlyAsync(content, ct);
            var document = await appraisals.SetDocumentAsync(Appraisal, upload.FileName, content, actor, ct);
            Message = $"Uploaded {document.FileName}.";
            return RedirectToPage(new { id });
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e is DomainValidationException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : e.Message);
        }
        await OnGetAsync(id, ct);
        return Page();
    }

    /// <summary>The live preview: the narrative as it will be shown, rendered by the same safe renderer.</summary>
    public ContentResult OnPostPreview(string? narrative) =>
        Content(SafeMarkdown.ToHtml(narrative?.Length > Appraisal.MaxNarrative ? narrative[..Appraisal.MaxNarrative] : narrative), "text/html; charset=utf-8");

    private async Task<IActionResult> SaveAsync(Guid id, bool submit, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        ModelState.Clear(); // the domain validates; binding errors of blank numbers are not errors here
        try
        {
            var papers = Input.Papers.Where(p => !p.Remove)
                .Select(p => new AppraisalPaperInput(p.PaperId, p.StudyType, p.Population, p.Weaknesses)).ToList();
            foreach (var picked in Input.PickPapers.Where(id => IncludedPapers.Any(p => p.Id == id)))
                if (papers.All(p => p.PaperId != picked)) papers.Add(new AppraisalPaperInput(picked));
            if (!string.IsNullOrWhiteSpace(Input.AddPaper))
            {
                var paperId = await FindPaperAsync(Input.AddPaper, ct)
                    ?? throw new DomainValidationException("addPaper", "No paper in IMPACTE has that DOI, PMID or id. Import or add it first.");
                if (papers.All(p => p.PaperId != paperId)) papers.Add(new AppraisalPaperInput(paperId));
            }
            var edit = new AppraisalEdit(
                Input.StudyDesign, Input.EvidenceLevel, Input.Grade ?? "", Input.BottomLine ?? "", Input.ReviewBy, Input.Narrative ?? "", papers,
                Input.Answers.Where(x => !string.IsNullOrEmpty(x.Value))
                    .Select(x => new ChecklistAnswerInput(x.Key, x.Value, Input.Comments.GetValueOrDefault(x.Key))).ToList(),
                Input.Results.Where(r => !string.IsNullOrWhiteSpace(r.Outcome))
                    .Select(r => new KeyResultInput(r.Outcome, r.Measure, r.Value, r.CiLower, r.CiUpper, r.Nnt, r.Nnh, null, r.PaperId,
                        r.ControlEventRate, r.TimeHorizon)).ToList());
            await appraisals.UpdateAsync(Appraisal, Input.Version, edit, actor, ct);
            if (submit) await appraisals.SubmitAsync(Appraisal, actor, ct);
            Message = submit ? "Submitted: another librarian will check it." : "Saved.";
            return submit ? RedirectToPage("/Appraisals/Details", new { id }) : RedirectToPage(new { id });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: FieldKey);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        // A save that went through before submitting failed moved the version on: the form carries the new one.
        Input.Version = Appraisal.Version;
        return Page();
    }

    private async Task<Guid?> FindPaperAsync(string reference, CancellationToken ct)
    {
        if (Guid.TryParse(reference.Trim(), out var id)) return await db.Papers.Where(p => p.Id == id).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var doi = CitationIdentifiers.NormaliseDoi(reference);
        var pmid = CitationIdentifiers.NormalisePmid(reference);
        return await db.Papers.Where(p => doi != null && p.Doi == doi || pmid != null && p.Pmid == pmid).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// "bottomLine" → "Input.BottomLine", "results[0].value" → "Input.Results[0].Value", "answers[rct.valid.3]" → the
    /// question's first radio, so the error summary links to the field; other list errors go to the summary alone.
    /// </summary>
    private static string FieldKey(string field)
    {
        static string Upper(string s) => char.ToUpperInvariant(s[0]) + s[1..];
        if (field.StartsWith("answers[", StringComparison.Ordinal) && field.EndsWith(']'))
            return $"{field[8..^1].Replace('.', '-')}-yes";
        if (field.StartsWith("results[", StringComparison.Ordinal) && field.IndexOf("].", StringComparison.Ordinal) is > 0 and var close)
            return $"Input.Results{field[7..(close + 1)]}.{Upper(field[(close + 2)..])}";
        return field.Contains('[') ? "" : $"Input.{Upper(field)}";
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            actor = await actors.ForAsync(User, ct);
            // Someone who may not see it hears it does not exist; someone who may see it but not change it, 403.
            Appraisal = await appraisals.LoadVisibleAsync(id, actor, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        if (!actor.MayEdit(Appraisal)) return Forbid();
        Question = await QuestionHeading.LoadAsync(db, Appraisal.QuestionId, ct);
        Document = await db.AppraisalDocuments.Where(d => d.AppraisalId == id)
            .Select(d => new AppraisalDocumentInfo(d.FileName, d.ContentType, d.Length, d.UploadedAt)).SingleOrDefaultAsync(ct);
        if (!Appraisal.IsEditable()) return RedirectToPage("/Appraisals/Details", new { id });
        var included = await db.QuestionPapers.AsNoTracking().Where(x => x.QuestionId == Appraisal.QuestionId).OrderBy(x => x.AddedAt)
            .Select(x => new { x.Paper.Id, x.Paper.Title, x.Paper.Authors, x.Paper.Journal, x.Paper.Year, x.Paper.Volume, x.Paper.Issue, x.Paper.Pages })
            .ToListAsync(ct);
        IncludedPapers = included.Select(p => (p.Id, Paper.Cite(p.Title, p.Authors, p.Journal, p.Year, p.Volume, p.Issue, p.Pages))).ToList();
        return null;
    }
}
