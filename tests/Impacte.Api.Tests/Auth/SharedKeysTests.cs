using System.Net;
using System.Xml.Linq;
using Impacte.Api.Security;
using Impacte.Api.Tests.Pages;
using Impacte.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Impacte.Api.Tests.Auth;

public sealed class SharedKeysTests(ApiFactory api) : ApiTestBase(api)
{
    /// <summary>A second Api instance over the same database and with the same certificate, as behind a load balancer.</summary>
    private sealed class SecondInstance(TestDatabase database) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Impacte", database.ConnectionString);
            builder.UseSetting("DataProtection:CertificatePath", TestCertificate.Path);
            builder.UseSetting("DataProtection:CertificatePassword", TestCertificate.Password);
        }
    }

    [Fact]
    public async Task ASignInCookieFromOneApiInstanceIsAcceptedByAnother()
    {
        var first = PageSession.For(Api);
        await first.SignInAsync("gp@example.org");

        await using var second = new SecondInstance(Api.Database);
        var page = await PageSession.For(second, first.Cookies).GetAsync("/");

        Assert.NotNull(page.QuerySelector("[data-testid=club-card]"));
    }

    [Fact]
    public async Task TheKeyRingIsKeptInTheDatabase()
    {
        await PageSession.For(Api).SignInAsync("gp@example.org");
        await using var db = Db();
        Assert.NotEmpty(db.DataProtectionKeys);
    }

    [Fact]
    public async Task TheKeyRingIsStoredEncryptedWithTheCertificate()
    {
        await PageSession.For(Api).SignInAsync("gp@example.org");

        await using var db = Db();
        var keys = db.DataProtectionKeys.AsEnumerable().Select(k => XElement.Parse(k.Xml!)).ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            // Unencrypted, a key carries <masterKey><value>base64 secret</value></masterKey>; encrypted, only an
            // <encryptedSecret> holding XML-Encryption data that needs the certificate's private key.
            Assert.DoesNotContain(key.Descendants(), e => e.Name.LocalName is "masterKey" or "value");
            Assert.Contains(key.Descendants(), e => e.Name.LocalName == "encryptedSecret");
        }
    }

    [Fact]
    public void ProductionRefusesToStartWithoutACertificateForTheKeyRing()
    {
        using var production = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:Impacte", Api.Database.ConnectionString);
            b.UseSetting("DataProtection:CertificatePath", "");
        });

        var refused = Assert.ThrowsAny<Exception>(() => production.Services);
        Assert.Contains(DataProtectionSetup.MissingCertificate, refused.ToString());
    }
}
