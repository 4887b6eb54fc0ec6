using Impacte.Domain.Digests;
using Impacte.Domain.Email;
using Impacte.Domain.Preferences;
using Impacte.Testing;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// A digest's HTML part read as a member would, in a phone's mail app and on a desktop: every section, the RSVP buttons,
/// user text shown as text, nothing wider than the screen, and (when axe-core is installed) no serious accessibility
/// problem. Screenshots in .run/screenshots.
/// </summary>
public sealed class DigestRenderingTests(Chromium chromium)
{
    private static Digest Sample()
    {
        var user = Guid.NewGuid();
        var preferences = new MemberPreferences { UserId = user, Areas = [Domain.Questions.ClinicalArea.Cardiovascular] };
        var period = DigestSchedule.Due(preferences, new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero))!;
        const string site = "https://impacte.example";
        DigestItem Item(string title, string? detail, string path, IReadOnlyList<DigestLink>? actions = null, string? quote = null) =>
            new(Guid.NewGuid(), title, detail, $"{site}{path}", actions ?? []) { Quote = quote };
        var meeting = Guid.NewGuid();
        return new Digest(new DigestRecipient(user, "gp@example.org", "Dr James Whitfield", preferences, period),
        [
            new(DigestSectionKind.Meetings, "Meetings coming up", "Let your club know whether you will come: one click answers.",
            [
                Item("Willen Park Medical Centre journal club, Wednesday 9 December 2026, 12:30–13:30", "Practice library. You have not answered yet.",
                    $"/meetings/{meeting}", [.. new[] { "Yes, I will come", "Maybe", "No, I cannot come" }.Select(a =>
                        new DigestLink(a, $"{site}/meetings/{meeting}/rsvp?user={user}&response={a.Split(',')[0].ToLowerInvariant()}&sig=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"))]),
            ]),
            new(DigestSectionKind.YourChanges, "Your changes and audits due", "Practice changes you own or work on, and re-audits waiting for your figures.",
            [Item("Structured medication review at every annual frailty review", "Due in 12 days (12 December 2026).", "/changes/1")]),
            new(DigestSectionKind.NewQuestions, "New questions in your club", "Add your voice if you have met the same question in surgery, or vote for the club to take it.",
            [
                Item("In adults with <script>alert(1)</script> type 2 diabetes and CKD, do SGLT2 inhibitors slow progression?", "Willen Park Medical Centre, proposed 25 November", "/questions/1",
                    [new DigestLink("Add your voice", $"{site}/questions/1")]),
                Item("Reduced-dose apixaban for adults with atrial fibrillation and low body weight", "Willen Park Medical Centre, proposed 27 November", "/questions/2",
                    [new DigestLink("Add your voice", $"{site}/questions/2")]),
            ]),
            new(DigestSectionKind.Appraisals, "Appraisals published in the areas you follow", "Critically appraised evidence from across the network.",
            [Item("Home blood pressure monitoring for adults with hypertension", "Cardiovascular, for Bedford Health Village", "/appraisals/1",
                quote: "Bottom line: home monitoring with a titration plan lowers systolic pressure by about 4 mmHg at a year; offer it to adults on treatment.")]),
            new(DigestSectionKind.ChangesElsewhere, "What other practices learned", "Changes elsewhere in the areas you follow that showed an improvement, or were stopped, and what they learned.",
            [Item("Anticoagulation review clinic", "Luton Central: stopped: the template could not be changed.", "/changes/2",
                quote: "What did not work: Reception could not book the extra slots.\nWhat made a difference: a named pharmacist for every patient.")]),
            new(DigestSectionKind.AnsweredElsewhere, "Questions like yours, answered elsewhere", "Another club has answered a question like one you asked.",
            [Item("Statins for adults over 75", "Answered by Bedford Health Village; like your question “Statins for adults over 75 without cardiovascular disease”", "/questions/3",
                quote: "Bottom line: continue if tolerated and life expectancy is over two years.")]),
        ]);
    }

    [Theory]
    [InlineData(600)]
    [InlineData(320)]
    public async Task AMemberReadsTheirDigestOnAPhoneAndADesktop(int width)
    {
        var digest = Sample();
        var email = new DigestEmails(new EmailOptions { PublicBaseUrl = "https://impacte.example" }, TimeProvider.System).Compose(digest);
        await using var context = await chromium.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, JavaScriptEnabled = true });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(email.HtmlBody!);

        var folder = Path.Combine(RepoPaths.Root, ".run", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"digest-{width}px.png"), FullPage = true });

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your digest, 30 November 2026");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveCountAsync(6);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Yes, I will come" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("<script>alert(1)</script>", new() { Exact = false })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"the digest is wider than a {width} px screen");

        if (Environment.GetEnvironmentVariable("IMPACTE_AXE") is { Length: > 0 } axe && File.Exists(axe))
            Assert.Empty(await AccessibilityTests.AuditAsync(page, axe));
    }
}
