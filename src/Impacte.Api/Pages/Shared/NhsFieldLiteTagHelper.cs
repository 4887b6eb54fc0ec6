using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Impacte.Api.Pages.Shared;

/// <summary>
/// An NHS.UK form group for a handler parameter rather than a bound model: <c>id</c> (also the error key), <c>name</c>
/// (default: the id), label, hint, type, value. Several forms on one page can carry the same name under different
/// ids: what was typed comes back only to the form whose id has the error.
/// </summary>
[HtmlTargetElement("nhs-field-lite", TagStructure = TagStructure.WithoutEndTag)]
public sealed class NhsFieldLiteTagHelper(HtmlEncoder encoder) : TagHelper
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
        var value = error is not null && modelState.TryGetValue(name, out var typed) ? typed.AttemptedValue ?? Value ?? "" : Value ?? "";
        output.TagName = null;
        // Off: these are figures and dates for one period, which the browser's memory of other periods only gets wrong.
        output.Content.SetHtmlContent(NhsFormGroup.Render(new FormGroupField(Id, name, Label, value)
        {
            Hint = Hint, Error = error, Type = Type, Width = Width, Autocomplete = "off",
        }, encoder));
    }
}
