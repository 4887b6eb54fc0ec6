using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Impacte.Testing;

namespace Impacte.Api.Tests.Papers;

public sealed class PapersApiTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task BlueLightAsPubMedThenAsRisRecognisesThe80PubMedRecordsTheSecondTime()
    {
        var librarian = await As("librarian@example.org");

        var first = await ImportAsync(librarian, CitationData.Bytes("blue-light.nbib"), "blue-light.nbib");
        Assert.Equal("Medline", first.GetProperty("format").GetString());
        Assert.Equal(80, first.GetProperty("created").GetInt32());
        Assert.Equal(0, first.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, first.GetProperty("rejected").GetArrayLength());
        var fromPubMed = Ids(first);
        Assert.Equal(80, fromPubMed.Count);

        var second = await ImportAsync(librarian, CitationData.Bytes("blue-light.ris"), "blue-light.ris");
        Assert.Equal("Ris", second.GetProperty("format").GetString());
        Assert.Equal(80, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(22, second.GetProperty("created").GetInt32()); // papers the PubMed export does not have
        Assert.Equal(0, second.GetProperty("rejected").GetArrayLength());
        Assert.Subset(Ids(second).ToHashSet(), fromPubMed.ToHashSet());

        var again = await ImportAsync(librarian, CitationData.Bytes("blue-light.nbib"), "renamed.txt");
        Assert.Equal((0, 80), (again.GetProperty("created").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        Assert.Equal(fromPubMed, Ids(again));
    }

    [Theory]
    [InlineData("ovid-embase-2records.txt", 2, 0)]
    [InlineData("wos-12records.txt", 12, 0)]
    [InlineData("rayyan-example1.enw", 1, 1)] // its second record has no title
    [InlineData("rayyan-example1.bib", 5, 12)] // twelve entries without titles
    [InlineData("rayyan-example2.ris", -1, 0)]
    [InlineData("rayyan-example3.nbib", -1, 0)]
    public async Task EveryRealExportImportsWithItsKnownRejections(string file, int papers, int rejected)
    {
        var report = await ImportAsync(await As("librarian@example.org"), CitationData.Bytes(file), file);
        Assert.Equal(rejected, report.GetProperty("rejected").GetArrayLength());
        var named = report.GetProperty("created").GetInt32() + report.GetProperty("duplicates").GetInt32();
        if (papers >= 0) Assert.Equal(papers, named);
        else Assert.True(named > 0);
    }

    [Fact]
    public async Task DuplicatesInsideOneFileAreCreatedOnceByDoiPmidOrTitleAndYear()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ris = $"""
            TY  - JOUR
            TI  - Statins for everyone {tag}
            PY  - 2020
            DO  - 10.1000/{tag}
            ER  - 
            TY  - JOUR
            TI  - Statins for Everyone {tag}: a reprint
            PY  - 2020
            DO  - https://doi.org/10.1000/{tag.ToUpperInvariant()}
            ER  - 
            TY  - JOUR
            TI  - [Aspirin, once more {tag}.]
            PY  - 2019
            ER  - 
            TY  - JOUR
            TI  - Aspirin - once more {tag}
            PY  - 2019
            ER  - 
            TY  - JOUR
            TI  - Aspirin - once more {tag}
            PY  - 2021
            ER  - 
            """;

        var report = await ImportAsync(await As("librarian@example.org"), Encoding.UTF8.GetBytes(ris), "library.ris");

        Assert.Equal(3, report.GetProperty("created").GetInt32());
        Assert.Equal(2, report.GetProperty("duplicates").GetInt32());
        Assert.Equal(3, Ids(report).Count);
    }

    [Fact]
    public async Task ADamagedRecordIsReportedWithItsNumberAndTheRestAreImported()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ris = $"""
            TY  - JOUR
            TI  - First {tag}
            ER  - 

            TI  - Second {tag}, whose TY line was lost
            ER  - 

            TY  - JOUR
            AU  - Nobody, N.
            PY  - 2019
            ER  - 

            TY  - JOUR
            TI  - Fourth {tag}
            ER  - 
            """;

        var report = await ImportAsync(await As("librarian@example.org"), Encoding.UTF8.GetBytes(ris), "damaged.ris");

        Assert.Equal(2, report.GetProperty("created").GetInt32());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([2, 3], rejected.Select(r => r.GetProperty("record").GetInt32()));
        Assert.All(rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString())));
    }

    [Theory]
    [InlineData("%PDF-1.7\n%binary\n", "paper.ris")]
    [InlineData("Dear librarian, please find the papers attached.\nKind regards\n", "notes.txt")]
    [InlineData("", "empty.nbib")]
    public async Task AFileThatIsNotACitationExportIsRefusedWithAClearMessage(string content, string name)
    {
        var response = await (await As("librarian@example.org")).PostAsync("/api/papers/import", File(Encoding.UTF8.GetBytes(content), name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await JsonAsync(response)).GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains("Accepted formats", message);
    }

    [Fact]
    public async Task RecordsAcrossBatchesAreStreamedAndDeduplicated()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var text = new StringBuilder();
        // 1,200 records, the last 200 repeating the first 200 by PMID: duplicates found across batch boundaries.
        for (var i = 0; i < 1200; i++)
        {
            var n = i < 1000 ? i : i - 1000;
            text.Append($"PMID- {9_000_000 + n}\r\nTI  - Generated paper {n} {tag}\r\nDP  - 2020\r\nAU  - Author A\r\n\r\n");
        }
        var report = await ImportAsync(await As("librarian@example.org"), Encoding.UTF8.GetBytes(text.ToString()), "big.nbib");

        Assert.Equal((1000, 200), (report.GetProperty("created").GetInt32(), report.GetProperty("duplicates").GetInt32()));
        Assert.Equal(1000, Ids(report).Count);
    }

    [Fact]
    public async Task TwoImportsOfTheSameFileAtOnceCreateEachPaperOnce()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var text = new StringBuilder();
        for (var i = 0; i < 300; i++) text.Append($"TY  - JOUR\nTI  - Concurrent paper {i} {tag}\nPY  - 2022\nDO  - 10.5555/{tag}.{i}\nER  - \n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var librarians = new[] { await As("librarian@example.org"), await As("librarian2@example.org") };

        var reports = await Task.WhenAll(librarians.Select(l => ImportAsync(l, bytes, "same.ris")));

        Assert.Equal(300, reports.Sum(r => r.GetProperty("created").GetInt32()));
        Assert.All(reports, r => Assert.Equal(300, r.GetProperty("created").GetInt32() + r.GetProperty("duplicates").GetInt32()));
        Assert.Equal(Ids(reports[0]).ToHashSet(), Ids(reports[1]).ToHashSet());
    }

    [Fact]
    public async Task APaperAddedByHandIsFoundByTitleDoiOrPmidAndNotAddedTwice()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var librarian = await As("librarian@example.org");
        var created = await librarian.PostAsJsonAsync("/api/papers", new
        {
            title = $"Vitamin D and falls {tag}", authors = new[] { "Smith J", "Jones A" }, journal = "BMJ", year = 2021,
            volume = "372", pages = "n12", doi = $"doi:10.1136/{tag}", pmid = "PMID: 12345678",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var paper = await JsonAsync(created);
        var id = paper.GetProperty("id").GetGuid();
        Assert.Equal($"10.1136/{tag}", paper.GetProperty("doi").GetString());
        Assert.Equal($"Smith J, Jones A. Vitamin D and falls {tag}. BMJ. 2021;372:n12.", paper.GetProperty("citation").GetString());

        var again = await librarian.PostAsJsonAsync("/api/papers", new { title = "Another title", doi = $"https://doi.org/10.1136/{tag.ToUpperInvariant()}" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await JsonAsync(again)).GetProperty("id").GetGuid());

        var gp = await As("gp@example.org");
        foreach (var search in new[] { $"falls {tag}", $"https://doi.org/10.1136/{tag}" })
        {
            var page = await JsonAsync(await gp.GetAsync($"/api/papers?search={Uri.EscapeDataString(search)}"));
            Assert.Equal(id, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        }
        Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/api/papers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gp.GetAsync($"/api/papers/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task TheSamePaperAddedByHandSeveralTimesAtOnceIsStoredOnceAndEveryoneGetsItsId()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var librarians = new[] { await As("librarian@example.org"), await As("librarian2@example.org") };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            librarians[i % 2].PostAsJsonAsync("/api/papers", new { title = $"Statins in the over-75s {tag}", doi = $"10.5555/{tag}" })));

        foreach (var response in responses)
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK,
                $"Got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var ids = new HashSet<Guid>();
        foreach (var response in responses) ids.Add((await JsonAsync(response)).GetProperty("id").GetGuid());
        Assert.Single(ids);
    }

    [Fact]
    public async Task APaperWithoutATitleIsRefused()
    {
        var response = await (await As("librarian@example.org")).PostAsJsonAsync("/api/papers", new { doi = "10.1000/x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("title", out _));
    }

    [Fact]
    public async Task AMemberCannotImport()
    {
        var response = await (await As("gp@example.org")).PostAsync("/api/papers/import", File(CitationData.Bytes("rayyan-example1.ris"), "x.ris"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<JsonElement> ImportAsync(HttpClient client, byte[] content, string name)
    {
        var response = await client.PostAsync("/api/papers/import", File(content, name));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private static List<Guid> Ids(JsonElement report) => [.. report.GetProperty("paperIds").EnumerateArray().Select(e => e.GetGuid())];

    internal static MultipartFormDataContent File(byte[] content, string name) =>
        new() { { new ByteArrayContent(content), "file", name } };
}
