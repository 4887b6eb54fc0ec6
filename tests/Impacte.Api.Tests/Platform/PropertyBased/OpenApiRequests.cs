using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Impacte.Api.Tests.Platform.PropertyBased;

/// <summary>One operation of /openapi/v1.json: where it is, what it takes, what it may answer.</summary>
public sealed record Operation(string Method, string Path, string Id, JsonElement Definition)
{
    public IEnumerable<JsonElement> Parameters(string where) =>
        Definition.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == where) : [];

    public JsonElement? Responses => Definition.TryGetProperty("responses", out var r) ? r : null;

    public bool Declares(int status) =>
        Responses is { } r && (r.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out _) || r.TryGetProperty("default", out _));

    public override string ToString() => $"{Method} {Path} ({Id})";
}

/// <summary>A generated request, printed as CsCheck's minimal failing example.</summary>
public sealed record Call(string Caller, string Method, string Url, string? ContentType, string? Body, string? IfMatch)
{
    /// <summary>Smaller is simpler: what CsCheck's shrinking is compared by is the generator's size; this is for people.</summary>
    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Body.Length > 1500 ? Body[..1500] + $"… ({Body.Length} chars)" : Body;
        return $"as {Caller}: {Method} {Url}{(IfMatch is null ? "" : $"\nIf-Match: {IfMatch}")}\nContent-Type: {ContentType ?? "(none)"}\n{body}";
    }
}

/// <summary>
/// Generators of requests from the document's schemas: valid values most of the time, and subtly wrong ones (boundary
/// numbers, odd Unicode, control characters, wrong types, missing required and extra fields, broken JSON) otherwise.
/// Path ids come from <paramref name="realIds"/> (the caller's own club) part of the time, random otherwise.
/// </summary>
public sealed class OpenApiRequests(JsonElement document, IReadOnlyDictionary<string, IReadOnlyList<string>> realIds)
{
    private readonly JsonElement schemas = document.GetProperty("components").GetProperty("schemas");

    public static IReadOnlyList<Operation> Operations(JsonElement document) =>
        [.. document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(m => new Operation(m.Name.ToUpperInvariant(), path.Name,
                m.Value.TryGetProperty("operationId", out var id) ? id.GetString()! : $"{m.Name} {path.Name}", m.Value)))];

    /// <summary>Text that has broken services before: direction marks, combining marks, emoji, NUL and other controls, huge.</summary>
    private static readonly string[] OddText =
    [
        "", " ", "   \t ", "\r\n", "a", "0", "-1", "NaN", "Infinity", "1e308", "null", "true", "[]", "{}",
        "مرحبا بالعالم", "\u202Egnp.exe", "שלום\u200F", "e\u0301\u0301\u0301\u0301", "Z\u0351\u0357\u0363\u0364a\u0337\u0334l\u0338",
        "👩🏽‍⚕️🩺🏥", "🇬🇧", "\0", "a\0b", "\u0007\u001b[31mred", "\u0085\u2028\u2029", "\uFEFF", "\uFFFF", "%00", "%", "%zz",
        "../../../etc/passwd", "'; DROP TABLE users; --", "<script>alert(1)</script>", "{{7*7}}", "\\", "\"", "a/b", "?x=1#y",
        "2026-02-30", "0001-01-01", "9999-12-31T23:59:59Z", "00000000-0000-0000-0000-000000000000",
        new string('x', 5000), string.Concat(Enumerable.Repeat("𝕳\u0301", 2000)), string.Concat(Enumerable.Repeat("ي", 70_000)),
    ];

    private static readonly Gen<string> Plain = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[1, 12].Select(c => new string(c));

    private static readonly Gen<string> AnyText = Gen.Frequency<string>((3, (IGen<string>)Plain), (2, Gen.OneOf(OddText)));

    private static readonly Gen<string> Dates = Gen.Frequency<string>((4, (IGen<string>)Gen.Int[-800, 800].Select(d => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "26-1-1", "today")));

    private static readonly Gen<string> DateTimes = Gen.Frequency<string>((4, (IGen<string>)Gen.Int[-800 * 24, 800 * 24].Select(h => DateTimeOffset.UtcNow.AddHours(h).ToString("yyyy-MM-ddTHH:00:00Z", CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "2026-03-29T01:30:00", "2026-10-25T01:30:00+01:00", "yesterday")));

    /// <summary>Integers as text: small and boundary ones, and some that are not integers at all.</summary>
    private static readonly Gen<string> IntegerText = Gen.Frequency<string>((4, (IGen<string>)Gen.Int[-2, 60].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("0", "-1", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "99999999999999999999")),
        (1, Gen.OneOf("1e308", "NaN", "1.5", "0x10", " 1", "", "-0")));

    private static readonly Gen<string> NumberText = Gen.Frequency<string>((4, (IGen<string>)Gen.Int[-100, 1000].Select(i => (i / 4.0).ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("0", "-1", "1e308", "-1e308", "5e-324", "1.7976931348623157E+308", "2147483647")),
        (1, Gen.OneOf("NaN", "Infinity", "-Infinity", "1e999", "")));

    private static string Json(string text) => JsonSerializer.Serialize(text);

    /// <summary>A raw JSON text for the schema (valid with <c>valid</c>, else sometimes of the wrong type).</summary>
    public Gen<string> JsonFor(JsonElement schema, int depth = 0)
    {
        var right = RightJson(schema, depth);
        return Gen.Frequency<string>((9, (IGen<string>)right), (1, WrongJson));
    }

    /// <summary>Any JSON value of a type a schema may not want: numbers as text, NaN as a string, huge numbers, arrays.</summary>
    private static readonly Gen<string> WrongJson = Gen.OneOf(
        "null", "true", "0", "-1", "2147483648", "1e308", "-1e308", "\"NaN\"", "\"\"", "[]", "{}", "[null]", "{\"a\":1}",
        "\"\\ud800\"", "\"a\\u0000b\"", "1.5", "\"2147483647\"");

    private Gen<string> RightJson(JsonElement schema, int depth)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return RightJson(Resolve(reference.GetString()!), depth);
        foreach (var choice in new[] { "oneOf", "anyOf" })
            if (schema.TryGetProperty(choice, out var options))
                return Gen.OneOf<string>(options.EnumerateArray().Select(o => (IGen<string>)RightJson(o, depth)).ToArray());
        if (schema.TryGetProperty("allOf", out var all))
            return ObjectJson([.. all.EnumerateArray().Select(Deref)], depth);

        var types = Types(schema);
        var gens = new List<IGen<string>>();
        foreach (var type in types)
        {
            gens.Add(type switch
            {
                "null" => Gen.Const("null"),
                "boolean" => Gen.OneOf("true", "false"),
                "integer" => IntegerText.Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && t.Trim() == t && t.Length > 0 ? t : Json(t)),
                "number" => NumberText.Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && t.Length > 0 ? t : Json(t)),
                "array" when depth < 4 && schema.TryGetProperty("items", out var items) => JsonFor(items, depth + 1).Array[0, 4].Select(a => "[" + string.Join(",", a) + "]"),
                "array" => Gen.Const("[]"),
                "object" => depth < 4 ? ObjectJson([schema], depth) : Gen.Const("{}"),
                _ => StringJson(schema),
            });
            if (types.Count > 1 && type == "null") gens.RemoveAt(gens.Count - 1); // nullable: mostly give a value
        }
        return gens.Count == 0 ? Gen.Const("null") : Gen.OneOf<string>(gens.ToArray());
    }

    private Gen<string> StringJson(JsonElement schema) => (schema.TryGetProperty("format", out var f) ? f.GetString() : null) switch
    {
        "uuid" => Gen.Frequency<string>((3, (IGen<string>)Gen.OneOf<string>(realIds.Values.SelectMany(v => v).Take(200).DefaultIfEmpty(Guid.Empty.ToString()).ToArray())), (3, Gen.Guid.Select(g => g.ToString())), (1, Gen.OneOf(OddText))).Select(Json),
        "date" => Dates.Select(Json),
        "date-time" => DateTimes.Select(Json),
        _ => AnyText.Select(Json),
    };

    /// <summary>An object with its properties: all required ones (mostly), some optional ones, sometimes an extra one.</summary>
    private Gen<string> ObjectJson(JsonElement[] parts, int depth)
    {
        var properties = parts.Where(p => p.TryGetProperty("properties", out _))
            .SelectMany(p => p.GetProperty("properties").EnumerateObject()).DistinctBy(p => p.Name).ToList();
        var required = parts.Where(p => p.TryGetProperty("required", out _))
            .SelectMany(p => p.GetProperty("required").EnumerateArray().Select(r => r.GetString()!)).ToHashSet();
        var members = properties.Select(p =>
            Gen.Select(Gen.Int[0, 9], JsonFor(p.Value, depth + 1), (include, value) =>
                (required.Contains(p.Name) ? include > 0 : include > 4) ? $"{Json(p.Name)}:{value}" : null)).ToArray();
        var extra = Gen.Frequency<string?>((6, (IGen<string?>)Gen.Const((string?)null)),
            (1, Gen.Select(Gen.OneOf("extra", "__proto__", "Id", "", "\u202Ename"), WrongJson, (k, v) => (string?)$"{Json(k)}:{v}")));
        var all = All(members);
        return Gen.Select(all, extra, (ms, x) => "{" + string.Join(",", ms.Append(x).Where(m => m is not null)) + "}");
    }

    /// <summary>A whole request body: the schema's object mostly, else malformed or mistyped JSON.</summary>
    public Gen<string?> Body(JsonElement schema, bool required) => Gen.Frequency<string?>((12, (IGen<string?>)JsonFor(schema).Select(s => (string?)s)),
        (1, Gen.OneOf<string?>("{", "{\"a\":", "nul", "[1,2", "{\"title\":\"\\ud800\"}", "\u0000", "{} {}", "'single'", required ? null : "{}")),
        (1, Gen.OneOf<string?>("", "[]", "0", "\"text\"", "null", new string('[', 2000) + new string(']', 2000))));

    /// <summary>A path or query value for a parameter: a real id of the caller's club part of the time.</summary>
    public Gen<string> ParameterValue(Operation operation, JsonElement parameter)
    {
        var name = parameter.GetProperty("name").GetString()!;
        var schema = parameter.GetProperty("schema");
        if (RealIds(operation, name) is { Count: > 0 } real)
            return Gen.Frequency<string>((5, (IGen<string>)Gen.OneOf<string>(real.ToArray())), (2, Gen.Guid.Select(g => g.ToString())), (1, Gen.OneOf(OddText.Where(t => t.Length < 100).ToArray())));
        var types = Types(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var right = types.Contains("integer") ? IntegerText
            : types.Contains("number") ? NumberText
            : types.Contains("boolean") ? Gen.OneOf("true", "false", "True", "1")
            : format == "uuid" ? Gen.Guid.Select(g => g.ToString())
            : format == "date" ? Dates
            : format == "date-time" ? DateTimes
            : AnyText;
        return Gen.Frequency<string>((5, (IGen<string>)right), (1, Gen.OneOf(OddText)));
    }

    /// <summary>Real ids for a path parameter by name; "id" means what the path is about.</summary>
    private IReadOnlyList<string>? RealIds(Operation operation, string name)
    {
        var key = name != "id" ? name
            : operation.Path.StartsWith("/api/papers", StringComparison.Ordinal) ? "paperId"
            : operation.Path.StartsWith("/api/appraisals", StringComparison.Ordinal) ? "appraisalId"
            : operation.Path.StartsWith("/api/ops/outbox", StringComparison.Ordinal) ? "outboxId"
            : operation.Path.StartsWith("/api/network/people", StringComparison.Ordinal) ? "memberId"
            : name;
        return realIds.TryGetValue(key, out var ids) ? ids : null;
    }

    public Gen<Call> For(Operation operation, string caller)
    {
        var pathParameters = operation.Parameters("path").ToList();
        var queryParameters = operation.Parameters("query").ToList();
        var path = pathParameters.Count == 0 ? Gen.Const(operation.Path)
            // An empty segment is another URL, and a NUL in a path never reaches the Api (Kestrel answers 400 itself; the
            // in-memory test server throws): send the nearest thing that does reach it.
            : All(pathParameters.Select(p => ParameterValue(operation, p).Select(v => v.Length == 0 ? " " : v.Replace('\0', '\u0001')))).Select(values =>
            {
                var url = operation.Path;
                for (var i = 0; i < values.Length; i++)
                    url = url.Replace("{" + pathParameters[i].GetProperty("name").GetString() + "}", Escape(values[i]), StringComparison.Ordinal);
                return url;
            });
        var query = queryParameters.Count == 0 ? Gen.Const("")
            : All(queryParameters.Select(p => Gen.Select(Gen.Int[0, 9], ParameterValue(operation, p), (include, v) =>
                    include < 5 || (p.TryGetProperty("required", out var r) && r.GetBoolean() && include > 0)
                        ? $"{p.GetProperty("name").GetString()}={Escape(v)}" : null)))
                .Select(parts => parts.Any(p => p is not null) ? "?" + string.Join("&", parts.Where(p => p is not null)) : "");
        var (contentType, body) = Body(operation);
        var ifMatch = operation.Declares(428)
            ? Gen.Frequency<string?>((4, (IGen<string?>)Gen.Const((string?)IfMatchFresh)), (1, Gen.OneOf<string?>(null, "\"stale\"", "*", "W/\"1\"", "garbage")))
            : Gen.Const((string?)null);
        return Gen.Select(path, query, body, ifMatch, (p, q, b, m) => new Call(caller, operation.Method, p + q, b is null ? null : contentType, b, m));
    }

    /// <summary>Placeholder: the runner reads the resource's current ETag with a GET just before sending.</summary>
    public const string IfMatchFresh = "(current ETag)";

    private (string? ContentType, Gen<string?> Body) Body(Operation operation)
    {
        if (!operation.Definition.TryGetProperty("requestBody", out var body))
            return (null, Gen.Frequency<string?>((9, (IGen<string?>)Gen.Const((string?)null)), (1, Gen.OneOf<string?>("{}", "{\"unexpected\":true}"))).Select(b => b));
        var required = body.TryGetProperty("required", out var r) && r.GetBoolean();
        var content = body.GetProperty("content");
        if (content.TryGetProperty("application/json", out var json))
            return ("application/json", Body(json.GetProperty("schema"), required));
        // multipart/form-data: the file's content as the body text (the runner wraps it in a part named "file").
        var file = Gen.Frequency<string?>((3, (IGen<string?>)Gen.OneOf<string?>(
                "email,name,role\ngp.new@example.org,Dr New,member\n",
                "TY  - JOUR\nTI  - A trial\nAU  - Smith, J\nPY  - 2024\nER  - \n",
                "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")),
            (2, AnyText.Select(t => (string?)t)),
            (1, Gen.OneOf<string?>(null, "", "\0\0\0\0", string.Concat(Enumerable.Repeat("a,b,c\n", 20_000)))));
        return ("multipart/form-data", file);
    }

    /// <summary>One value from each generator, in order (CsCheck's Select takes at most 16 by name).</summary>
    private static Gen<T[]> All<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (acc, g) => Gen.Select(acc, g, (values, v) => values.Append(v).ToArray()));

    private static string Escape(string value)
    {
        // A lone surrogate cannot be percent-encoded as UTF-8: send its replacement instead.
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]) && !(i + 1 < value.Length && char.IsSurrogatePair(value[i], value[i + 1]))) sb.Append('\uFFFD');
            else if (char.IsHighSurrogate(value[i])) { sb.Append(value[i]).Append(value[i + 1]); i++; }
            else sb.Append(value[i]);
        }
        return Uri.EscapeDataString(sb.ToString());
    }

    private JsonElement Resolve(string reference) => schemas.GetProperty(reference[(reference.LastIndexOf('/') + 1)..]);

    private JsonElement Deref(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var r) ? Resolve(r.GetString()!) : schema;

    public static List<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [type.GetString()!];
}
