using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Impacte.Api.Pages.Measures;

/// <summary>
/// An NHS.UK form group for a handler parameter rather than a bound model: <c>id</c> (also the error key), <c>name</c>
/// (default: the id), label, hint, type (text, number, date, textarea), value. Several forms on one page can carry
/// the same name under different ids. Everything is HTML-encoded.
/// </summary>
[HtmlTargetElement("nhs-field-lite", TagStructure = TagStructure.WithoutEndTag)]
public sealed class PlainFieldTagHelper(HtmlEncoder encoder) : TagHelper
{
    public required string Id { get; set; }
    public string? Name { get; set; }
    public required string Label { get; set; }
    public string? Hint { get; set; }
    public string Type { get; set; } = "text";
    public string? Value { get; set; }
    public string? Width { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = Name ?? Id;
        var modelState = ViewContext.ViewData.ModelState;
        var error = modelState.TryGetValue(Id, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;
        // What was typed comes back only to the form that failed.
        var value = error is not null && modelState.TryGetValue(name, out var typed) ? typed.AttemptedValue ?? Value ?? "" : Value ?? "";

        string E(string s) => encoder.Encode(s);
        var described = string.Join(' ', new[] { Hint is null ? null : $"{Id}-hint", error is null ? null : $"{Id}-error" }.OfType<string>());
        var aria = described.Length > 0 ? $" aria-describedby=\"{E(described)}\"" : "";
        var html = new StringBuilder();
        html.Append($"<div class=\"nhsuk-form-group{(error is null ? "" : " nhsuk-form-group--error")}\">");
        html.Append($"<label class=\"nhsuk-label\" for=\"{E(Id)}\">{E(Label)}</label>");
        if (Hint is not null) html.Append($"<div class=\"nhsuk-hint\" id=\"{E(Id)}-hint\">{E(Hint)}</div>");
        if (error is not null)
            html.Append($"<span class=\"nhsuk-error-message\" id=\"{E(Id)}-error\"><span class=\"nhsuk-u-visually-hidden\">Error:</span> {E(error)}</span>");
        if (Type == "textarea")
            html.Append($"<textarea class=\"nhsuk-textarea{(error is null ? "" : " nhsuk-textarea--error")}\" id=\"{E(Id)}\" name=\"{E(name)}\" rows=\"3\"{aria}>{E(value)}</textarea>");
        else
        {
            var width = Width is null ? "" : $" nhsuk-input--width-{E(Width)}";
            var mode = Type == "number" ? " inputmode=\"decimal\"" : "";
            // Numbers are typed as text with a decimal keypad: NHS.UK advice, and no browser rounding or spinners.
            var type = Type == "number" ? "text" : Type;
            html.Append($"<input class=\"nhsuk-input{width}{(error is null ? "" : " nhsuk-input--error")}\" id=\"{E(Id)}\" name=\"{E(name)}\" type=\"{E(type)}\" value=\"{E(value)}\" autocomplete=\"off\"{mode}{aria}>");
        }
        html.Append("</div>");
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}
