using System.Collections;
using System.Reflection;
using Impacte.Api.Http;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Security;

/// <summary>
/// The input rule holds by construction: every API endpoint passes its text through <see cref="TextInput"/>, and every
/// string of every request record is reached, so a text field added tomorrow is checked without anyone remembering.
/// </summary>
public sealed class TextInputCoverageTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string NhsNumber = "401 023 2137";

    private IReadOnlyList<RouteEndpoint> ApiEndpoints() =>
        [.. api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api") == true)];

    [Fact]
    public void EveryApiEndpointChecksItsTextInput()
    {
        var endpoints = ApiEndpoints();
        Assert.True(endpoints.Count > 40);
        Assert.Empty(endpoints.Where(e => e.Metadata.GetMetadata<TextInputChecked>() is null).Select(e => e.DisplayName));
    }

    [Fact]
    public void EveryStringOfEveryRequestRecordIsCheckedAndOnlyTheListedOnesAreNotProse()
    {
        var records = ApiEndpoints().Select(e => e.Metadata.GetMetadata<MethodInfo>()).OfType<MethodInfo>()
            .SelectMany(m => m.GetParameters()).Select(p => p.ParameterType).Where(TextInput.IsRequestRecord).Distinct().ToList();
        Assert.Contains(typeof(Impacte.Domain.Appraisals.AppraisalEdit), records);

        var notProse = new HashSet<string>();
        foreach (var type in records)
        {
            var expected = new SortedSet<string>();
            var value = Build(type, "", expected, 0);
            var errors = new Dictionary<string, string[]>();
            TextInput.Walk(value, "", errors);
            var refused = errors.Where(e => e.Value.Contains(PatientIdentifiers.NhsNumberMessage)).Select(e => e.Key).ToHashSet();
            foreach (var path in expected)
                if (!refused.Contains(path)) notProse.Add($"{type.Name}.{path}");
            Assert.True(refused.IsSubsetOf(expected), type.Name);
        }
        // Adding a field here is a decision: an NHS number in it would not be refused.
        Assert.Equal(
            [
                "CreateMeetingRequest.onlineUrl", "CreatePaperRequest.doi", "CreatePaperRequest.pmid", "CreatePaperRequest.url",
                "InviteMemberRequest.email", "LoginRequest.email", "LoginRequest.password", "RefreshRequest.refreshToken",
                "UpdateMeetingRequest.onlineUrl",
            ],
            notProse.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AControlCharacterIsRefusedInEveryFieldEvenTheNonProseOnes()
    {
        var errors = new Dictionary<string, string[]>();
        TextInput.Walk(new Impacte.Api.Auth.LoginRequest("a\u0000@example.org", "pass\u0001word"), "", errors);
        Assert.Equal(["email", "password"], errors.Keys.Order());
        Assert.All(errors.Values, v => Assert.Equal(UserText.ControlMessage, Assert.Single(v)));
    }

    /// <summary>An instance with an NHS number in every string, one element in every list; the paths of those strings.</summary>
    private static object? Build(Type type, string path, ISet<string> strings, int depth)
    {
        if (type == typeof(string)) { strings.Add(path); return NhsNumber; }
        if (depth > 6) return null;
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null) return Build(nullable, path, strings, depth);
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element])
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Build(element, $"{path}[0]", strings, depth + 1));
            return list;
        }
        if (type.IsGenericType && type.GetGenericArguments() is [var key, var item] && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(key, item))!;
            var k = key == typeof(Guid) ? Guid.Empty : key == typeof(string) ? "k" : Activator.CreateInstance(key)!;
            dictionary.Add(k, Build(item, $"{path}[{k}]", strings, depth + 1));
            return dictionary;
        }
        if (!TextInput.IsRequestRecord(type)) return type.IsValueType ? Activator.CreateInstance(type) : null;
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p =>
            Build(p.ParameterType, Join(path, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name!)), strings, depth + 1)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
