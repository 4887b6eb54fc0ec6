using System.Net;
using Impacte.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Impacte.Api.Tests.Platform;

/// <summary>
/// The error pipeline on its own (an endpoint that throws cannot be reached through IMPACTE's real endpoints on
/// purpose): an unexpected exception under /api is ProblemDetails in production, never the HTML error page.
/// </summary>
public sealed class ErrorPagesTests
{
    [Fact]
    public async Task AnUnexpectedExceptionUnderApiIsProblemDetailsInProduction()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Services.AddImpacteProblemDetails();
        await using var app = builder.Build();
        app.UseImpacteErrorPages();
        app.MapGet("/api/boom", IResult () => throw new InvalidOperationException("boom"));
        await app.StartAsync(TestContext.Current.CancellationToken);

        var response = await app.GetTestClient().GetAsync("/api/boom", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
