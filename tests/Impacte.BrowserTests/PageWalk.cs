using Impacte.Testing;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// One person's walk through the site at one screen size, looked at as a reviewer would: each page looked at is
/// screenshot (.run/screenshots/{name}-{page}-{width}.png), must fit the screen's width, and is audited with axe where
/// deploy/local/test.sh installed it. The axe findings are gathered and asserted once at the end, so a walk reports
/// all of them rather than the first.
/// </summary>
public sealed class PageWalk : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly string name;
    private readonly int width;
    private readonly string? axe = Environment.GetEnvironmentVariable("IMPACTE_AXE") is { Length: > 0 } path && File.Exists(path) ? path : null;
    private readonly List<string> problems = [];

    private PageWalk(IBrowserContext context, IPage page, string name, int width) => (this.context, Page, this.name, this.width) = (context, page, name, width);

    public IPage Page { get; }

    public static async Task<PageWalk> StartAsync(Chromium chromium, string baseUrl, string name, int width, int height)
    {
        // axe is injected as an inline script, which our CSP rightly forbids: this context alone bypasses it.
        var context = await chromium.NewContextAsync(new()
        {
            BaseURL = baseUrl, BypassCSP = true, AcceptDownloads = true, ViewportSize = new() { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        return new PageWalk(context, await context.NewPageAsync(), name, width);
    }

    /// <param name="noErrors">Also that the page shows no error summary (one of its own making, such as a binding error).</param>
    public async Task LookAsync(string step, bool noErrors = true)
    {
        if (axe is not null) problems.AddRange((await AccessibilityTests.AuditAsync(Page, axe)).Select(p => $"{step} ({Page.Url}): {p}"));
        var folder = Path.Combine(RepoPaths.Root, ".run", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{step}-{width}.png"), FullPage = true });
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"{step} is wider than a {width} px screen");
        if (noErrors) Assert.Equal("", string.Join(" ", await Page.Locator(".nhsuk-error-summary").AllInnerTextsAsync()));
    }

    public void AssertAccessible() => Assert.True(problems.Count == 0, string.Join("\n", problems));

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
