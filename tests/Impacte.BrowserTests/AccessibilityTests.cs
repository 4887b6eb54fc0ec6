using System.Text.Json;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// axe-core (installed by deploy/local/test.sh) audits the pages people use most; serious and critical
/// violations fail the test with what axe says about them.
/// </summary>
public sealed class AccessibilityTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task TheMainPagesHaveNoSeriousAccessibilityViolations()
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        if (string.IsNullOrEmpty(axe) || !File.Exists(axe))
            Assert.Skip("axe-core is installed by deploy/local/test.sh; run through it to audit the pages.");

        // axe is injected as an inline script, which our CSP rightly forbids: this context alone bypasses it.
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.GotoAsync("/account/sign-in");
        problems.AddRange(await AuditAsync(page, axe));
        await SignInOnAsync(page, "lead@example.org");

        await using var db = Site.Api.Database.CreateContext();
        var club = db.Clubs.Single(c => c.OdsCode == "K83901").Id;
        foreach (var path in new[] { "/", $"/clubs/{club}", "/questions/new", "/questions", $"/clubs/{club}/questions" })
        {
            await page.GotoAsync(path);
            problems.AddRange((await AuditAsync(page, axe)).Select(p => $"{path}: {p}"));
        }

        Assert.Empty(problems);
    }

    internal static async Task<IEnumerable<string>> AuditAsync(IPage page, string axe)
    {
        await page.AddScriptTagAsync(new() { Path = axe });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)");
        return result.EnumerateArray().Select(v => v.GetString()!);
    }
}
