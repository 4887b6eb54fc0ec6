using Impacte.Domain.Appraisals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// A GP between patients opens a published CAT on a phone: the bottom line is the first thing, above the title, on the
/// screen without scrolling; the key results say what to do in plain words; tables stack; axe finds nothing serious.
/// </summary>
public sealed class CatReadingTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task TheBottomLineIsAboveTheTitleAndOnScreenWithoutScrolling(int width, int height)
    {
        await using var db = Site.Api.Database.CreateContext();
        var id = await db.Appraisals.Where(a => a.Status == AppraisalStatus.Published &&
                db.Questions.Any(q => q.Id == a.QuestionId && q.Club.OdsCode == "K83901" && q.Population == "adults with type 2 diabetes and chronic kidney disease"))
            .Select(a => a.Id).SingleAsync();

        await Page.SetViewportSizeAsync(width, height);
        await SignInAsync("gp@example.org"); // a member of the club that asked
        await Page.GotoAsync($"/appraisals/{id}");

        var bottomLine = Page.GetByTestId("bottom-line");
        var title = Page.GetByTestId("question-title");
        await Assertions.Expect(bottomLine).ToContainTextAsync("SGLT2");
        await Assertions.Expect(bottomLine).ToBeInViewportAsync(new() { Ratio = 1 });
        var line = (await bottomLine.BoundingBoxAsync())!;
        var heading = (await title.BoundingBoxAsync())!;
        Assert.True(line.Y + line.Height <= heading.Y, $"bottom line at {line.Y}+{line.Height}, title at {heading.Y}");
        Assert.True(line.Y + line.Height <= height, $"the bottom line ends at {line.Y + line.Height}, below a {height} px screen");
        await Assertions.Expect(Page.GetByTestId("bottom-line-numbers")).ToContainTextAsync("Treat 23 people for 2.6 years");
        await Assertions.Expect(Page.GetByTestId("result").First).ToContainTextAsync("Hazard ratio");
        await Assertions.Expect(Page.GetByTestId("doi")).ToHaveAttributeAsync("href", "https://doi.org/10.1056/nejmoa1811744");
        await Assertions.Expect(Page.GetByTestId("cat")).Not.ToContainTextAsync("Not answered");
        var wide = await Page.EvaluateAsync<string>(
            "w => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w + 1)" +
            ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')", width);
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"the topic is wider than a {width} px screen: {wide}");
        if (width < 600)
        {
            // On a phone each row of the key results stacks: the cells sit one under another, not side by side.
            var cells = Page.GetByTestId("result").First.Locator("td");
            var first = (await cells.Nth(0).BoundingBoxAsync())!;
            var second = (await cells.Nth(1).BoundingBoxAsync())!;
            Assert.True(second.Y >= first.Y + first.Height - 1, "the key results' cells are side by side on a phone");
        }
        await ScreenshotAsync($"cat-published-{width}px");
        // What the GP sees first, without scrolling.
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Impacte.Testing.RepoPaths.Root, ".run", "screenshots", $"cat-published-{width}px-first-screen.png") });
    }

    [Fact]
    public async Task APublishedCatHasNoSeriousAccessibilityViolationsOnAPhone()
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        if (string.IsNullOrEmpty(axe) || !File.Exists(axe))
            Assert.Skip("axe-core is installed by deploy/local/test.sh (IMPACTE_AXE); run through it to audit the page.");
        await using var db = Site.Api.Database.CreateContext();
        var ids = await db.Appraisals.Where(a => a.Status == AppraisalStatus.Published).OrderBy(a => a.PublishedAt).Select(a => a.Id).Take(3).ToListAsync();

        // axe is injected as an inline script, which our CSP rightly forbids: this context alone bypasses it.
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true, ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, "librarian@example.org"); // sees every club's question: the fullest page

        var problems = new List<string>();
        foreach (var id in ids)
        {
            await page.GotoAsync($"/appraisals/{id}");
            problems.AddRange((await AccessibilityTests.AuditAsync(page, axe)).Select(p => $"/appraisals/{id}: {p}"));
        }
        Assert.Empty(problems);
    }
}
