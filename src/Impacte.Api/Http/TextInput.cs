using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Impacte.Api.Http;

/// <summary>Marks an endpoint whose text arguments pass <see cref="UserText"/> before its handler runs.</summary>
public sealed class TextInputChecked
{
    public static readonly TextInputChecked Instance = new();
    private TextInputChecked() { }
}

/// <summary>
/// Every text that reaches an API handler (route, query, and every string inside a JSON body, however deep) passes
/// the one rule in <see cref="UserText"/> before the handler runs: control characters are refused everywhere, an NHS
/// number everywhere except in the few fields that are not prose (<see cref="NotProse"/>). A new field is covered
/// the day it is added. The answer is 400 ProblemDetails naming the field as JSON spells it.
/// </summary>
public static class TextInput
{
    /// <summary>Fields that are not prose, by JSON name: an NHS-number look-alike there is not a patient's.</summary>
    public static readonly IReadOnlySet<string> NotProse = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "email", "password", "refreshToken", "doi", "pmid", "url", "onlineUrl",
    };

    public static TBuilder CheckTextInput<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(e => e.Metadata.Add(TextInputChecked.Instance));
        builder.AddEndpointFilterFactory(Filter);
        return builder;
    }

    private static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var inputs = context.MethodInfo.GetParameters()
            .Select((p, i) => (Index: i, Name: p.Name ?? "", p.ParameterType))
            .Where(p => IsText(p.ParameterType) || IsRequestRecord(p.ParameterType))
            .ToList();
        if (inputs.Count == 0) return next;
        return invocation =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var (index, name, type) in inputs)
                Walk(invocation.Arguments[index], IsText(type) ? name : "", errors, depth: 0);
            if (errors.Count > 0) throw new DomainValidationException(errors);
            return next(invocation);
        };
    }

    /// <summary>Records the problem of every string in <paramref name="value"/> under its JSON path.</summary>
    public static void Walk(object? value, string path, IDictionary<string, string[]> errors, int depth = 0)
    {
        if (value is null || depth > 8) return;
        switch (value)
        {
            case string text:
                UserText.Check(text, path, errors, KindOf(path));
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Key is string key) UserText.Check(key, path, errors, TextKind.Plain);
                    Walk(entry.Value, $"{path}[{entry.Key}]", errors, depth + 1);
                }
                return;
            case IEnumerable items when value.GetType() != typeof(string):
                var i = 0;
                foreach (var item in items) Walk(item, $"{path}[{i++}]", errors, depth + 1);
                return;
        }
        if (!IsRequestRecord(value.GetType())) return;
        foreach (var property in Properties.GetOrAdd(value.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray()))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Walk(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", errors, depth + 1);
        }
    }

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    private static TextKind KindOf(string path)
    {
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        var bracket = leaf.IndexOf('[');
        return NotProse.Contains(bracket < 0 ? leaf : leaf[..bracket]) ? TextKind.Plain : TextKind.FreeText;
    }

    private static bool IsText(Type type) =>
        type == typeof(string) || (type.IsArray && type.GetElementType() == typeof(string)) ||
        (type.IsGenericType && type.GetGenericArguments() is [var a] && a == typeof(string) && typeof(IEnumerable).IsAssignableFrom(type));

    /// <summary>Request and input records of IMPACTE's own (services are classes, not records, and are never walked).</summary>
    public static bool IsRequestRecord(Type type) =>
        type.Assembly.GetName().Name?.StartsWith("Impacte.", StringComparison.Ordinal) == true &&
        type.GetMethod("<Clone>$") is not null;
}

/// <summary>
/// The pages' side of the same rule: a string bound from a form or query loses its control characters (a browser
/// cannot type them; they come pasted or forged) and the field is flagged, so a page that checks its model state shows
/// the error and none can pass them on to the database. NHS numbers are refused by the domain, per field.
/// </summary>
public sealed class TextModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string)
            ? new TextModelBinder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class TextModelBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext binding)
        {
            await inner.BindModelAsync(binding);
            if (binding.Result is { IsModelSet: true, Model: string text } && UserText.HasControl(text))
            {
                binding.ModelState.TryAddModelError(binding.ModelName, UserText.ControlMessage);
                binding.Result = ModelBindingResult.Success(UserText.Visible(text));
            }
        }
    }
}
