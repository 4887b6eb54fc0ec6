using System.Text.Json;

namespace Impacte.Api.Tests.Platform.PropertyBased;

/// <summary>Does a JSON value have the shape a schema of the document declares: its types and required properties.</summary>
public sealed class OpenApiShape(JsonElement document)
{
    private readonly JsonElement schemas = document.GetProperty("components").GetProperty("schemas");

    /// <summary>Null when it matches, else where and how it does not.</summary>
    public string? Mismatch(JsonElement value, JsonElement schema, string at = "$", int depth = 0)
    {
        if (depth > 30) return null;
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            return Mismatch(value, schemas.GetProperty(name[(name.LastIndexOf('/') + 1)..]), at, depth + 1);
        }
        foreach (var choice in new[] { "oneOf", "anyOf" })
            if (schema.TryGetProperty(choice, out var options))
            {
                var misses = options.EnumerateArray().Select(o => Mismatch(value, o, at, depth + 1)).ToList();
                if (misses.All(m => m is not null)) return string.Join(" / ", misses);
            }
        if (schema.TryGetProperty("allOf", out var all))
            foreach (var part in all.EnumerateArray())
                if (Mismatch(value, part, at, depth + 1) is { } miss) return miss;

        var types = OpenApiRequests.Types(schema);
        if (types.Count > 0 && !types.Any(t => Is(value, t)))
            return $"{at}: {value.ValueKind} where the document says {string.Join(" or ", types)}";
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) return $"{at}: no required property \"{name}\"";
            if (schema.TryGetProperty("properties", out var properties))
                foreach (var property in properties.EnumerateObject())
                    if (value.TryGetProperty(property.Name, out var member) && Mismatch(member, property.Value, $"{at}.{property.Name}", depth + 1) is { } miss)
                        return miss;
            if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
                foreach (var member in value.EnumerateObject())
                    if (!(schema.TryGetProperty("properties", out var ps) && ps.TryGetProperty(member.Name, out _))
                        && Mismatch(member.Value, additional, $"{at}.{member.Name}", depth + 1) is { } miss)
                        return miss;
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
                if (Mismatch(item, items, $"{at}[{i++}]", depth + 1) is { } miss) return miss;
        }
        return null;
    }

    private static bool Is(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };
}
