using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Impacte.Api.Pages.Shared;

/// <summary>One way for a page to show a domain rule's field errors beside the inputs they concern.</summary>
public static class ModelStateExtensions
{
    /// <summary>
    /// Puts each reason under its field's input: the domain's camelCase field becomes the page's property
    /// (<c>title</c> → <c>Input.Title</c> with <paramref name="prefix"/> "Input"), or <paramref name="key"/> says
    /// where it goes when a page names its inputs differently ("" = the summary above the form).
    /// </summary>
    public static void AddDomainErrors(this ModelStateDictionary modelState, DomainValidationException error,
        string? prefix = null, Func<string, string>? key = null) =>
        modelState.AddDomainErrors(error.Errors, prefix, key);

    /// <summary>The same for reasons by field that did not come as an exception (warnings to confirm, say).</summary>
    public static void AddDomainErrors(this ModelStateDictionary modelState, IDictionary<string, string[]> errors,
        string? prefix = null, Func<string, string>? key = null)
    {
        foreach (var (field, reasons) in errors)
            foreach (var reason in reasons)
                modelState.AddModelError(key?.Invoke(field) ?? PropertyKey(prefix, field), reason);
    }

    private static string PropertyKey(string? prefix, string field)
    {
        var property = field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];
        return prefix is null || property.Length == 0 ? property : $"{prefix}.{property}";
    }
}
