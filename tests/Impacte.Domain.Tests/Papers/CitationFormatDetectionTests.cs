using System.Text;
using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class CitationFormatDetectionTests
{
    [Theory]
    [InlineData("blue-light.nbib", CitationFormat.Medline)]
    [InlineData("blue-light.ris", CitationFormat.Ris)]
    [InlineData("ovid-embase-2records.txt", CitationFormat.Ovid)]
    [InlineData("wos-12records.txt", CitationFormat.WebOfScience)]
    [InlineData("rayyan-example1.nbib", CitationFormat.Medline)]
    [InlineData("rayyan-example2.nbib", CitationFormat.Medline)]
    [InlineData("rayyan-example3.nbib", CitationFormat.Medline)]
    [InlineData("rayyan-example1.ris", CitationFormat.Ris)]
    [InlineData("rayyan-example2.ris", CitationFormat.Ris)]
    [InlineData("rayyan-example3.ris", CitationFormat.Ris)]
    [InlineData("rayyan-example1.enw", CitationFormat.EndNote)]
    [InlineData("rayyan-example1.bib", CitationFormat.BibTex)]
    public void EveryRealExportIsRecognisedFromItsBytes(string file, CitationFormat expected)
    {
        var bytes = File.ReadAllBytes(CitationFiles.PathOf(file));

        Assert.Equal(expected, CitationFormatDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, CitationFormatDetector.WindowSize))));
    }

    [Theory]
    [InlineData("wos-12records.txt", "refs.ris", CitationFormat.WebOfScience)]
    [InlineData("blue-light.ris", "pubmed.nbib", CitationFormat.Ris)]
    [InlineData("blue-light.nbib", "export.csv", CitationFormat.Medline)]
    [InlineData("ovid-embase-2records.txt", "citations.bib", CitationFormat.Ovid)]
    public async Task DetectionIgnoresTheFileName(string file, string misleadingName, CitationFormat expected)
    {
        var folder = Directory.CreateTempSubdirectory("impacte-citations-");
        try
        {
            var renamed = Path.Combine(folder.FullName, misleadingName);
            File.Copy(CitationFiles.PathOf(file), renamed);

            await using var stream = File.OpenRead(renamed);
            var (format, results) = await CitationFiles.ReadAsync(stream);

            Assert.Equal(expected, format);
            Assert.NotEmpty(results.Records());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>What the refusal should say, and the content.</summary>
    public static TheoryData<string, byte[]> NotCitations => new()
    {
        { "a PNG image", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'] },
        { "a PDF document", Encoding.Latin1.GetBytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n") },
        { "a ZIP archive (or a Word or Excel document)", [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0] },
        { "a binary file", [1, 2, 0, 0, 7, 9, 0, 0, 3] },
        { "The file is empty.", [] },
        { "The file is empty.", Encoding.UTF8.GetBytes("\r\n  \n\t\n") },
        { "not a citation export", Encoding.UTF8.GetBytes("Dear colleague,\nPlease find attached the papers we discussed: title, authors and year.\nBest wishes\n") },
        { "no title column", Encoding.UTF8.GetBytes("name,email,role\nAnn,ann@example.org,member\n") },
        { "XML", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<PubmedArticleSet></PubmedArticleSet>\n") },
    };

    [Theory]
    [MemberData(nameof(NotCitations))]
    public async Task InputThatIsNotACitationExportIsRefusedSayingWhichFormatsAreAccepted(string explanation, byte[] content)
    {
        var error = await Assert.ThrowsAsync<UnrecognisedCitationFormatException>(() =>
            CitationReader.OpenAsync(new MemoryStream(content), TestContext.Current.CancellationToken));

        Assert.Contains(explanation, error.Message);
        Assert.Contains("Accepted formats: MEDLINE/PubMed (.nbib), RIS", error.Message);
    }

    [Fact]
    public async Task StreamingReadRefusesNonCitationsOnItsFirstStep()
    {
        var records = CitationReader.ReadAsync(new MemoryStream([0x89, (byte)'P', (byte)'N', (byte)'G']), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<UnrecognisedCitationFormatException>(async () =>
        {
            await foreach (var _ in records) { }
        });
    }

    [Fact]
    public async Task Utf16AndWindows1252FilesAreDecoded()
    {
        const string ris = "TY  - JOUR\r\nTI  - Café au lait spots\r\nAU  - Wörmann, B.\r\nER  - \r\n";
        byte[] utf16 = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(ris)];
        var windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(ris);

        foreach (var bytes in new[] { utf16, windows1252 })
        {
            var (format, results) = await CitationFiles.ReadAsync(new MemoryStream(bytes));

            Assert.Equal(CitationFormat.Ris, format);
            var record = Assert.Single(results.Records());
            Assert.Equal(("Café au lait spots", "Wörmann, B."), (record.Title, record.Authors[0]));
        }
    }
}
