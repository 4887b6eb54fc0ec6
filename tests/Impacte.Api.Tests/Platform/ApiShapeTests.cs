using System.Reflection;
using System.Text.RegularExpressions;
using Impacte.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Platform;

/// <summary>
/// Every feature API has the one shape of <c>Members/MembersApi.cs</c>: a static class whose <c>Map…Api</c> returns its
/// route group, a name on every endpoint (the OpenAPI operationId clients generate code from), and its records in the
/// <c>…Responses.cs</c> beside it, with one <see cref="Http.PersonResponse"/> for every person.
/// </summary>
public sealed partial class ApiShapeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public void EveryApiEndpointHasAUniqueName()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api") == true).ToList();
        Assert.True(endpoints.Count > 40);
        Assert.Empty(endpoints.Where(e => e.Metadata.GetMetadata<EndpointNameMetadata>() is null).Select(e => e.DisplayName));
        var names = endpoints.Select(e => e.Metadata.GetMetadata<EndpointNameMetadata>()!.EndpointName).ToList();
        Assert.Empty(names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void EveryFeatureApiReturnsItsRouteGroup()
    {
        var apis = typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t.Name.EndsWith("Api") && t.Namespace?.StartsWith("Impacte.Api.") == true)
            .ToList();
        Assert.True(apis.Count >= 15);
        foreach (var type in apis)
        {
            var map = type.GetMethod($"Map{type.Name}", BindingFlags.Public | BindingFlags.Static);
            Assert.True(map is not null, $"{type.Name} has no public Map{type.Name}");
            Assert.True(map.ReturnType == typeof(RouteGroupBuilder), $"{type.Name}.{map.Name} returns {map.ReturnType.Name}");
        }
    }

    [Fact]
    public void FeatureApisDeclareNoRecordsTheirResponsesFilesDo()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "Impacte.Api"), "*Api.cs", SearchOption.AllDirectories);
        Assert.True(files.Length >= 15);
        Assert.Empty(files.Where(f => Record().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName));
    }

    [Fact]
    public void OnePersonResponseNamesEveryPerson()
    {
        var people = typeof(Program).Assembly.GetTypes().Where(t => PersonType().IsMatch(t.Name)).Select(t => t.FullName).ToList();
        Assert.Equal(["Impacte.Api.Http.PersonResponse"], people);
    }

    /// <summary>A record declared at the start of a line (not the word in a comment).</summary>
    [GeneratedRegex(@"^\s*(public\s+|internal\s+|file\s+)?(sealed\s+|abstract\s+)?(readonly\s+)?record\s+(class\s+|struct\s+)?\w+", RegexOptions.Multiline)]
    private static partial Regex Record();

    [GeneratedRegex(@"^\w*Person(Response|Ref)$")]
    private static partial Regex PersonType();
}
