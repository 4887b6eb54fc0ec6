using System.Text;
using System.Text.Encodings.Web;

namespace Impacte.Api.Pages.Shared;

/// <summary>What one NHS.UK form group shows; the two field tag helpers work out these values their own way.</summary>
public sealed record FormGroupField(string Id, string Name, string Label, string Value)
{
    public string? Hint { get; init; }
    public string? Error { get; init; }
    /// <summary>text, email, password, date, number, textarea or select.</summary>
    public string Type { get; init; } = "text";
    public string? Width { get; init; }
    public string? Autocomplete { get; init; }
    public IEnumerable<KeyValuePair<string, string>> Items { get; init; } = [];
}

/// <summary>
/// Writes an NHS.UK form group: label, hint, the error next to the field, and the control keeping what was typed.
/// Everything is HTML-encoded. Written once for <see cref="NhsFieldTagHelper"/> and <see cref="NhsFieldLiteTagHelper"/>.
/// </summary>
public static class NhsFormGroup
{
    public static string Render(FormGroupField field, HtmlEncoder encoder)
    {
        string E(string s) => encoder.Encode(s);
        var (id, error) = (E(field.Id), field.Error);
        var described = string.Join(' ', new[] { field.Hint is null ? null : $"{id}-hint", error is null ? null : $"{id}-error" }.OfType<string>());
        var aria = described.Length > 0 ? $" aria-describedby=\"{described}\"" : "";
        var html = new StringBuilder();
        html.Append($"<div class=\"nhsuk-form-group{(error is null ? "" : " nhsuk-form-group--error")}\">");
        html.Append($"<label class=\"nhsuk-label\" for=\"{id}\">{E(field.Label)}</label>");
        if (field.Hint is not null) html.Append($"<div class=\"nhsuk-hint\" id=\"{id}-hint\">{E(field.Hint)}</div>");
        if (error is not null)
            html.Append($"<span class=\"nhsuk-error-message\" id=\"{id}-error\"><span class=\"nhsuk-u-visually-hidden\">Error:</span> {E(error)}</span>");
        var invalid = error is null ? "" : " nhsuk-{0}--error";
        switch (field.Type)
        {
            case "select":
                html.Append($"<select class=\"nhsuk-select{string.Format(invalid, "select")}\" id=\"{id}\" name=\"{E(field.Name)}\"{aria}>");
                foreach (var (value, label) in field.Items)
                    html.Append($"<option value=\"{E(value)}\"{(value == field.Value ? " selected" : "")}>{E(label)}</option>");
                html.Append("</select>");
                break;
            case "textarea":
                html.Append($"<textarea class=\"nhsuk-textarea{string.Format(invalid, "textarea")}\" id=\"{id}\" name=\"{E(field.Name)}\" rows=\"3\"{aria}>{E(field.Value)}</textarea>");
                break;
            default:
                var width = field.Width is null ? "" : $" nhsuk-input--width-{E(field.Width)}";
                var complete = field.Autocomplete is null ? "" : $" autocomplete=\"{E(field.Autocomplete)}\"";
                // Numbers are typed as text with a decimal keypad: NHS.UK advice, and no browser rounding or spinners.
                var (type, mode) = field.Type == "number" ? ("text", " inputmode=\"decimal\"") : (field.Type, "");
                html.Append($"<input class=\"nhsuk-input{width}{string.Format(invalid, "input")}\" id=\"{id}\" name=\"{E(field.Name)}\" type=\"{E(type)}\" value=\"{E(field.Value)}\"{complete}{mode}{aria}>");
                break;
        }
        html.Append("</div>");
        return html.ToString();
    }
}
