using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Impacte.Api.Pages.Shared;

/// <summary>
/// An NHS.UK form group for one bound input: <c>&lt;nhs-field for="Input.Email" label="Email address" type="email" /&gt;</c>;
/// type "select" takes <c>options</c> (value and label alike) or <c>items</c> (value, label); type "textarea" gives a
/// text area. The error and what was typed come from ModelState.
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
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        // A password is never echoed back into the page.
        var value = Type == "password" ? "" : state?.AttemptedValue ?? For.Model?.ToString() ?? "";
        output.TagName = null;
        output.Content.SetHtmlContent(NhsFormGroup.Render(new FormGroupField(name.Replace('.', '_'), name, Label, value)
        {
            Hint = Hint,
            Error = state?.Errors.FirstOrDefault()?.ErrorMessage,
            Type = Type,
            Width = Width,
            Autocomplete = Autocomplete,
            Items = Items ?? (Options ?? []).Select(o => KeyValuePair.Create(o, o)),
        }, encoder));
    }
}
