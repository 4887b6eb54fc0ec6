using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Impacte.Api.Pages.Shared;

/// <summary>
/// An NHS.UK form group for one input: label, hint, error message next to the field, and the input keeping what
/// was typed. <c>&lt;nhs-field for="Input.Email" label="Email address" type="email" /&gt;</c>; type "select" takes
/// <c>options</c> (value and label alike) or <c>items</c> (value, label); type "textarea" gives a text area.
/// Everything is HTML-encoded.
/// </summary>
[HtmlTargetElement("nhs-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class NhsFieldTagHelper(HtmlEncoder encoder) : TagHelper
{
    public required ModelExpression For { get; set; }
    public required string Label { get; set; }
    public string? Hint { get; set; }
    public string Type { get; set; } = "text";
    public string? Autocomplete { get; set; }
    public IEnumerable<string>? Options { get; set; }
    public IEnumerable<KeyValuePair<string, string>>? Items { get; set; }
    public string? Width { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var id = name.Replace('.', '_');
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        // A password is never echoed back into the page.
        var value = Type == "password" ? "" : state?.AttemptedValue ?? For.Model?.ToString() ?? "";

        string E(string s) => encoder.Encode(s);
        var described = string.Join(' ', new[] { Hint is null ? null : $"{id}-hint", error is null ? null : $"{id}-error" }.OfType<string>());
        var aria = described.Length > 0 ? $" aria-describedby=\"{described}\"" : "";
        var html = new System.Text.StringBuilder();
        html.Append($"<div class=\"nhsuk-form-group{(error is null ? "" : " nhsuk-form-group--error")}\">");
        html.Append($"<label class=\"nhsuk-label\" for=\"{id}\">{E(Label)}</label>");
        if (Hint is not null) html.Append($"<div class=\"nhsuk-hint\" id=\"{id}-hint\">{E(Hint)}</div>");
        if (error is not null)
            html.Append($"<span class=\"nhsuk-error-message\" id=\"{id}-error\"><span class=\"nhsuk-u-visually-hidden\">Error:</span> {E(error)}</span>");
        if (Type == "select")
        {
            html.Append($"<select class=\"nhsuk-select{(error is null ? "" : " nhsuk-select--error")}\" id=\"{id}\" name=\"{E(name)}\"{aria}>");
            foreach (var (optionValue, label) in Items ?? (Options ?? []).Select(o => KeyValuePair.Create(o, o)))
                html.Append($"<option value=\"{E(optionValue)}\"{(optionValue == value ? " selected" : "")}>{E(label)}</option>");
            html.Append("</select>");
        }
        else if (Type == "textarea")
        {
            html.Append($"<textarea class=\"nhsuk-textarea{(error is null ? "" : " nhsuk-textarea--error")}\" id=\"{id}\" name=\"{E(name)}\" rows=\"3\"{aria}>{E(value)}</textarea>");
        }
        else
        {
            var width = Width is null ? "" : $" nhsuk-input--width-{E(Width)}";
            var complete = Autocomplete is null ? "" : $" autocomplete=\"{E(Autocomplete)}\"";
            html.Append($"<input class=\"nhsuk-input{width}{(error is null ? "" : " nhsuk-input--error")}\" id=\"{id}\" name=\"{E(name)}\" type=\"{E(Type)}\" value=\"{E(value)}\"{complete}{aria}>");
        }
        html.Append("</div>");
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}
