using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Impacte.Bench;

/// <summary>
/// The certificate a bench's Api encrypts its key ring with (it runs as in production, where one is required): made
/// once in .run/bench-keyring.pfx, password "bench". Shared by the search and capacity benches.
/// </summary>
public static class BenchKeyRing
{
    public const string Password = "bench";

    public static string Certificate(string repo)
    {
        var path = Path.Combine(repo, ".run", "bench-keyring.pfx");
        if (File.Exists(path)) return path;
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=IMPACTE bench key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
