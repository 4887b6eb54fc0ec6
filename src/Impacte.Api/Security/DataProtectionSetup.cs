using System.Security.Cryptography.X509Certificates;
using Impacte.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Impacte.Api.Security;

/// <summary>
/// The data-protection key ring (it signs cookies, antiforgery tokens, bearer and reset tokens) lives in PostgreSQL,
/// so every Api instance and every restart reads the same keys, and it is encrypted there with a certificate from
/// configuration: someone who reads a backup cannot forge a sign-in.
/// </summary>
public static class DataProtectionSetup
{
    public const string MissingCertificate =
        "IMPACTE will not start without a certificate to encrypt its data-protection keys at rest: set " +
        "DataProtection:CertificatePath (environment DataProtection__CertificatePath) to a PKCS#12 (.pfx) file with " +
        "its private key and DataProtection:CertificatePassword to its password. Only Development may run without one.";

    public static IServiceCollection AddImpacteDataProtection(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var keys = services.AddDataProtection()
            .SetApplicationName("IMPACTE")
            .PersistKeysToDbContext<ImpacteDbContext>();

        var certificate = LoadCertificate(configuration);
        if (certificate is not null)
            keys.ProtectKeysWithCertificate(certificate); // also registers it to decrypt the stored keys
        else if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
            throw new InvalidOperationException(MissingCertificate);
        return services;
    }

    /// <summary>
    /// Makes the key ring's first key, if it has no key in use, before any Api starts (the migrate step). Apis started
    /// together on an empty ring each make a key and sign with their own, and each keeps the ring it read for a day: the
    /// cluster's two Apis made two keys 30 ms apart, and one refused the other's bearer tokens (a 401 on every other
    /// request through nginx). Later keys are made 2 days before they are needed, so every Api has read them by then.
    /// </summary>
    public static void EnsureKey(IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now)) return;
        keys.CreateNewKey(now, now + services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime);
    }

    private static X509Certificate2? LoadCertificate(IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (!File.Exists(path))
            throw new InvalidOperationException($"DataProtection:CertificatePath is {path}, and there is no such file.");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
        return certificate.HasPrivateKey ? certificate
            : throw new InvalidOperationException($"The certificate in {path} has no private key, so the key ring could not be read back.");
    }
}
