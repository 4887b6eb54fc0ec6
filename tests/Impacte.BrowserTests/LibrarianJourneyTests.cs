using System.Text.RegularExpressions;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

public sealed class LibrarianJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    /// <summary>A fresh accepted question, urgent and long waiting, so it heads the queue's first page.</summary>
    private async Task<(Guid Id, string Title)> AcceptedQuestionAsync(string tag)
    {
        await using var db = Site.Api.Database.CreateContext();
        var club = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        var proposer = await db.Memberships.Where(m => m.ClubId == club).Select(m => m.UserId).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var question = new ClinicalQuestion
        {
            ClubId = club, ProposerId = proposer, Population = $"adults with acne {tag}", Intervention = "blue light therapy", Comparison = "topical treatment",
            Outcome = "lesion count", Type = QuestionType.Therapy, Urgency = Urgency.Urgent, Title = $"Blue light for acne {tag}",
            Sentence = $"In adults with acne {tag}, does blue light therapy reduce lesion counts?", Status = QuestionStatus.Accepted,
            CreatedAt = now.AddYears(-5), UpdatedAt = now,
        };
        db.Questions.Add(question);
        await db.SaveChangesAsync();
        return (question.Id, question.Title);
    }

    /// <summary>
    /// The librarian's day at desktop and phone widths: desk, take, search record, import, screen (by keyboard), write
    /// with the papers picked from those included, submit; a second librarian checks and publishes. axe on every page.
    /// </summary>
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task ALibrariansDayFromTheDeskToASecondLibrariansCheck(int width, int height)
    {
        var (questionId, title) = await AcceptedQuestionAsync($"{width}-{Guid.NewGuid():N}"[..12]);

        await using var walk = await PageWalk.StartAsync(Chromium, Site.BaseUrl, "librarian", width, height);
        var page = walk.Page;
        await SignInOnAsync(page, "librarian@example.org");

        // The desk: take the question from the queue.
        await page.GotoAsync("/librarian");
        await walk.LookAsync("desk");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Take {title}" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("You have taken");
        var item = page.GetByTestId("taken").Filter(new() { HasText = title });

        // The search record: one entry per database.
        await item.GetByRole(AriaRole.Link, new() { Name = $"Search record for {title}" }).ClickAsync();
        await page.GetByLabel("Database", new() { Exact = true }).FillAsync("PubMed");
        await page.GetByLabel("Search terms or strategy").FillAsync("acne[mh] AND (blue light OR phototherapy)");
        await page.GetByLabel("Hits").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add this search" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("PubMed search recorded.");
        await Assertions.Expect(page.GetByTestId("entry")).ToHaveCountAsync(1);
        await walk.LookAsync("search");

        // Import the database's export for the question…
        await page.GetByRole(AriaRole.Link, new() { Name = "Import its results" }).ClickAsync();
        await page.GetByLabel("Export file").SetInputFilesAsync(Path.Combine(RepoPaths.Citations, "wos-12records.txt"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-report")).ToBeVisibleAsync();
        await walk.LookAsync("import");

        // …and screen it by keyboard: I includes the first record, E then a reason and Enter excludes the next.
        await page.GetByTestId("screen").ClickAsync();
        await Assertions.Expect(page.GetByTestId("found")).ToHaveTextAsync("12");
        await walk.LookAsync("screen");
        var first = await page.GetByTestId("record-title").InnerTextAsync();
        await page.Keyboard.PressAsync("i");
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Included");
        await Assertions.Expect(page.GetByTestId("record-title")).Not.ToHaveTextAsync(first);
        await page.Keyboard.PressAsync("e");
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Excluded (wrong population)");
        await Assertions.Expect(page.GetByTestId("included")).ToHaveTextAsync("1");
        await walk.LookAsync("screened");

        // Write the appraisal with the included paper, picked, not typed.
        await page.GotoAsync("/librarian");
        var start = page.GetByTestId("start");
        await start.GetByLabel("Question").SelectOptionAsync(questionId.ToString());
        await start.GetByLabel("Study design").SelectOptionAsync("rct");
        await start.GetByRole(AriaRole.Button, new() { Name = "Start an appraisal" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/appraisals/[^/]+/edit$"));
        await Assertions.Expect(page.GetByTestId("pick-papers").Locator("input[type=checkbox]")).ToHaveCountAsync(1);
        await page.GetByTestId("pick-papers").Locator("input[type=checkbox]").CheckAsync();
        var cantTell = page.Locator("input[type=radio][value=cant-tell]");
        for (var i = 0; i < await cantTell.CountAsync(); i++) await cantTell.Nth(i).CheckAsync();
        await page.GetByLabel("Level of evidence (Oxford CEBM 2011)").SelectOptionAsync("2");
        await page.GetByLabel("GRADE certainty").SelectOptionAsync("low");
        await page.GetByLabel("Clinical bottom line").FillAsync("Blue light may reduce lesion counts a little; offer topical treatment first.");
        await page.GetByLabel("Review the evidence by").FillAsync("2028-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToHaveTextAsync("Saved.");
        await Assertions.Expect(page.Locator("input[name='Input.Papers[0].PaperId']")).ToHaveCountAsync(1);
        await walk.LookAsync("editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for checking" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Submitted");
        var appraisalUrl = new Uri(page.Url).AbsolutePath;

        // A second librarian checks it from their desk and publishes it.
        await using var checker = await PageWalk.StartAsync(Chromium, Site.BaseUrl, "librarian", width, height);
        page = checker.Page;
        await SignInOnAsync(page, "librarian2@example.org");
        await page.GotoAsync("/librarian");
        await checker.LookAsync("desk-checker");
        await page.GetByTestId("to-check").Locator($"a[href='{appraisalUrl}']").ClickAsync();
        await checker.LookAsync("check");
        await page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Published");
        await using var db = Site.Api.Database.CreateContext();
        Assert.Equal(QuestionStatus.Appraised, (await db.Questions.SingleAsync(q => q.Id == questionId)).Status);
        walk.AssertAccessible();
        checker.AssertAccessible();
    }

    /// <summary>
    /// The queue's "Take" stays one short button beside its question at every width (it once wrapped under the title,
    /// or broke across lines, at some widths). Screenshots of the desk at each width in .run/screenshots.
    /// </summary>
    [Fact]
    public async Task TheTakeButtonStaysBesideItsQuestionOnOneLineAtEveryWidth()
    {
        await AcceptedQuestionAsync($"take-{Guid.NewGuid():N}"[..12]);
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, "librarian2@example.org");
        var wrong = new List<string>();
        foreach (var width in new[] { 320, 390, 480, 560, 641, 700, 768, 900, 1024, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync("/librarian");
            var items = page.GetByTestId("waiting").Locator("li");
            await Assertions.Expect(items.First).ToBeVisibleAsync();
            for (var i = 0; i < await items.CountAsync(); i++)
            {
                var item = items.Nth(i);
                var button = (await item.GetByRole(AriaRole.Button).BoundingBoxAsync())!;
                var title = (await item.Locator("div").First.BoundingBoxAsync())!;
                // One line of text: a small button is about 40 px high. Beside the question: right of it, within its height.
                if (button.Height > 48) wrong.Add($"{width}px item {i}: Take is {button.Height} px high");
                if (button.Y >= title.Y + title.Height || button.X < title.X + title.Width) wrong.Add($"{width}px item {i}: Take sits under its question");
                if (button.Width > 120) wrong.Add($"{width}px item {i}: Take is {button.Width} px wide");
            }
            await page.ScreenshotAsync(new() { Path = Shot($"librarian-take-{width}"), FullPage = true });
        }
        Assert.Empty(wrong);
    }

    private static string Shot(string name)
    {
        var folder = Path.Combine(RepoPaths.Root, ".run", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }


    [Fact]
    public async Task TheLibrariansPagesHaveNoSeriousAccessibilityViolations()
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        if (string.IsNullOrEmpty(axe) || !File.Exists(axe))
            Assert.Skip("axe-core is installed by deploy/local/test.sh; run through it to audit the pages.");

        // axe is injected as an inline script, which our CSP rightly forbids: this context alone bypasses it.
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, "librarian@example.org");

        await using var db = Site.Api.Database.CreateContext();
        var published = await db.Appraisals.Select(a => a.Id).FirstAsync();
        var question = await db.Questions.FirstAsync(q => q.Status == QuestionStatus.Searching);
        await page.GotoAsync("/librarian");
        await page.GetByTestId("start").GetByLabel("Question").SelectOptionAsync(question.Id.ToString());
        await page.GetByTestId("start").GetByRole(AriaRole.Button, new() { Name = "Start an appraisal" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/appraisals/[^/]+/edit$"));
        var editor = new Uri(page.Url).AbsolutePath;

        var problems = new List<string>();
        foreach (var path in new[] { "/librarian", "/papers/import", $"/librarian/questions/{question.Id}/search", $"/librarian/questions/{question.Id}/screen", editor, "/appraisals", $"/appraisals/{published}" })
        {
            await page.GotoAsync(path);
            problems.AddRange((await AccessibilityTests.AuditAsync(page, axe)).Select(p => $"{path}: {p}"));
        }
        Assert.Empty(problems);
    }
}
