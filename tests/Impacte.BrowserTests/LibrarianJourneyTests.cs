using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

public sealed class LibrarianJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task ALibrarianAppraisesAQuestionASecondPublishesAndAGpReadsItInPrint()
    {
        await using var db = Site.Api.Database.CreateContext();
        var question = await db.Questions.FirstAsync(q => q.Status == QuestionStatus.Accepted && q.Type == QuestionType.Diagnosis);

        // The librarian takes the question from the desk and imports a database export for it.
        await SignInAsync("librarian@example.org");
        await Page.GotoAsync("/librarian");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Take {question.Title}" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync("You have taken");
        var card = Page.GetByTestId("taken").Filter(new() { HasText = question.Title });
        await card.GetByRole(AriaRole.Link, new() { Name = "Import papers for it" }).ClickAsync();
        await Page.GetByLabel("Export file").SetInputFilesAsync(Path.Combine(RepoPaths.Citations, "wos-12records.txt"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("created")).ToHaveTextAsync("12");

        // …starts a diagnostic accuracy appraisal and writes it, watching the live preview.
        await Page.GotoAsync("/librarian");
        card = Page.GetByTestId("taken").Filter(new() { HasText = question.Title });
        await Assertions.Expect(card).ToContainTextAsync("12 papers");
        await card.GetByLabel("Study design").SelectOptionAsync("diagnostic");
        await card.GetByRole(AriaRole.Button, new() { Name = "Start an appraisal" }).ClickAsync();
        await Page.WaitForURLAsync("**/appraisals/*/edit");
        var paperId = await db.QuestionPapers.Where(p => p.QuestionId == question.Id).Select(p => p.PaperId).FirstAsync();
        await Page.GetByLabel("Add a paper").FillAsync(paperId.ToString());
        await Page.Locator("#diagnostic-valid-1-yes").CheckAsync();
        // Submitting needs every checklist question answered: the rest "Can't tell" here.
        var cantTell = Page.Locator("input[type=radio][value=cant-tell]");
        for (var i = 1; i < await cantTell.CountAsync(); i++) await cantTell.Nth(i).CheckAsync();
        await Page.GetByLabel("Level of evidence (Oxford CEBM 2011)").SelectOptionAsync("2");
        await Page.GetByLabel("GRADE certainty").SelectOptionAsync("moderate");
        await Page.GetByLabel("Clinical bottom line").FillAsync("A negative FIT makes colorectal cancer unlikely; refer a positive one urgently.");
        await Page.GetByLabel("Review the evidence by").FillAsync("2028-01-31");
        await Page.GetByLabel("Narrative (Markdown)").FillAsync("**FIT** is sensitive. <script>alert(1)</script> [x](javascript:alert(1))");
        await Assertions.Expect(Page.GetByTestId("preview").Locator("strong")).ToHaveTextAsync("FIT");
        await Assertions.Expect(Page.GetByTestId("preview").Locator("script, a[href^='javascript']")).ToHaveCountAsync(0);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToHaveTextAsync("Saved.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Submit for checking" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Submitted");
        var appraisalUrl = new Uri(Page.Url).AbsolutePath;
        await Assertions.Expect(Page.GetByTestId("publish")).ToHaveCountAsync(0); // never its own checker
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // A second librarian checks and publishes it.
        await SignInAsync("librarian2@example.org");
        await Page.GotoAsync("/librarian");
        await Page.GetByTestId("to-check").Locator($"a[href='{appraisalUrl}']").ClickAsync();
        await Page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Published");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        db.ChangeTracker.Clear();
        Assert.Equal(QuestionStatus.Appraised, (await db.Questions.SingleAsync(q => q.Id == question.Id)).Status);

        // A GP of the club reads the one-page topic, and it prints without the site around it.
        await SignInAsync("gp@example.org");
        await Page.GotoAsync(appraisalUrl);
        await Assertions.Expect(Page.GetByTestId("question-title")).ToHaveTextAsync(question.Title);
        await Assertions.Expect(Page.GetByTestId("bottom-line")).ToContainTextAsync("A negative FIT makes colorectal cancer unlikely");
        await Assertions.Expect(Page.GetByTestId("narrative").Locator("strong")).ToHaveTextAsync("FIT");
        await ScreenshotAsync("appraisal-topic");
        await Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(Page.Locator("header.nhsuk-header")).ToBeHiddenAsync();
        await Assertions.Expect(Page.GetByTestId("bottom-line")).ToBeVisibleAsync();
        var pdf = await Page.PdfAsync(new() { Format = "A4" });
        Assert.True(pdf.Length > 1000);
    }

    [Fact]
    public async Task TheLibrariansPagesHaveNoSeriousAccessibilityViolations()
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        if (string.IsNullOrEmpty(axe) || !File.Exists(axe))
            Assert.Skip("axe-core is installed by deploy/local/test.sh; run through it to audit the pages.");

        // axe is injected as an inline script, which our CSP rightly forbids: this context alone bypasses it.
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync("librarian@example.org");
        await page.GetByLabel("Password").FillAsync(ApiFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in"));

        await using var db = Site.Api.Database.CreateContext();
        var published = await db.Appraisals.Select(a => a.Id).FirstAsync();
        var question = await db.Questions.FirstAsync(q => q.Status == QuestionStatus.Searching);
        await page.GotoAsync("/librarian");
        await page.GetByTestId("taken").Filter(new() { HasText = question.Title }).GetByRole(AriaRole.Button, new() { Name = "Start an appraisal" }).ClickAsync();
        await page.WaitForURLAsync("**/appraisals/*/edit");
        var editor = new Uri(page.Url).AbsolutePath;

        var problems = new List<string>();
        foreach (var path in new[] { "/librarian", "/papers/import", $"/librarian/questions/{question.Id}/search", editor, "/appraisals", $"/appraisals/{published}" })
        {
            await page.GotoAsync(path);
            problems.AddRange((await AccessibilityTests.AuditAsync(page, axe)).Select(p => $"{path}: {p}"));
        }
        Assert.Empty(problems);
    }
}
