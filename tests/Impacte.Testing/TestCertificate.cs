using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Impacte.Testing;

/// <summary>
/// A throwaway self-signed certificate in a password-protected PKCS#12 file, as production configures one to
/// encrypt the data-protection key ring (DataProtection:CertificatePath / CertificatePassword). One per test run.
/// </summary>
public static class TestCertificate
{
    public const string Password = "test-key-ring-certificate";

    private static readonly Lazy<string> path = new(Create);

    public static string Path => path.Value;

    private static string Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=IMPACTE test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"impacte-keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(file, certificate.Export(X509ContentType.Pfx, Password));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        return file;
    }
}
