using System.Diagnostics;
using System.Net;
using Impacte.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Impacte.Api.Tests.Platform;

public sealed class PlatformTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task LivenessAnswersWithoutSignIn()
    {
        var response = await Api.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadinessChecksTheDatabaseAndTheSmtpRelay()
    {
        // MailDev is started by deploy/local/test.sh; the database is this class's own.
        var response = await Api.CreateClient().GetAsync("/health/ready");
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadinessConnectsTheWaySendingDoesSoAMissingTlsIsUnhealthy()
    {
        // MailDev speaks plain SMTP: an Api configured for TLS from the start could not send through it.
        using var tls = Api.WithWebHostBuilder(b => b.UseSetting("Smtp:SecureSocketOptions", "SslOnConnect"));
        var response = await tls.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        var response = await Api.CreateClient().GetAsync("/account/sign-in");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task TheNhsStylesAreServedToSignedOutVisitors()
    {
        var response = await Api.CreateClient().GetAsync("/lib/nhsuk-frontend/nhsuk-frontend.min.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheWholeApiAndIsLintClean()
    {
        var json = await Api.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/clubs/{clubId}/members/import\"", json);
        Assert.Contains("\"bearer\"", json);

        var redocly = Environment.GetEnvironmentVariable("IMPACTE_REDOCLY");
        if (string.IsNullOrEmpty(redocly) || !File.Exists(redocly))
            Assert.Skip("Redocly is installed by deploy/local/test.sh; run through it to lint the document.");
        var file = Path.Combine(Path.GetTempPath(), $"impacte-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            using var lint = Process.Start(new ProcessStartInfo(redocly, ["lint", "--format", "stylish", file])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var output = await lint.StandardOutput.ReadToEndAsync() + await lint.StandardError.ReadToEndAsync();
            await lint.WaitForExitAsync();
            Assert.True(lint.ExitCode == 0, output);
            Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
