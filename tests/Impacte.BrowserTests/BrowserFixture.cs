using Impacte.Testing;
using Impacte.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Impacte.BrowserTests.Chromium))]

namespace Impacte.BrowserTests;

/// <summary>Debian's Chromium driven by Playwright, started once for the whole assembly (never a downloaded browser).</summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright playwright = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("IMPACTE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}

/// <summary>
/// One test class's world: the Api on a real port over its own demo-network database, a Worker on the same
/// database delivering to MailDev, and a fresh browser context per test.
/// </summary>
public sealed class Site : IAsyncLifetime
{
    public ApiFactory Api { get; } = new();
    public string BaseUrl { get; private set; } = "";
    private IHost? worker;

    public async ValueTask InitializeAsync()
    {
        Api.WithKestrel();
        await Api.InitializeAsync();
        Api.StartServer();
        BaseUrl = Api.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        worker = WorkerHost.Build([
            $"--ConnectionStrings:Impacte={Api.Database.ConnectionString}",
            "--Outbox:PollSeconds=1",
            "--Meetings:PollSeconds=2",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await worker.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (worker is not null)
        {
            await worker.StopAsync();
            worker.Dispose();
        }
        await Api.DisposeAsync();
    }
}

public abstract class BrowserTest(Chromium chromium, Site site) : IClassFixture<Site>, IAsyncLifetime
{
    protected Chromium Chromium { get; } = chromium;
    protected Site Site { get; } = site;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Context = await Chromium.Browser.NewContextAsync(new() { BaseURL = Site.BaseUrl });
        // Generous: CI machines are shared and slow at times; a real failure still fails, just later.
        Context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        Page = await Context.NewPageAsync();
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    protected async Task SignInAsync(string email, string password = ApiFactory.Password)
    {
        await Page.GotoAsync("/account/sign-in");
        await Page.GetByLabel("Email address").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Signing in hashes a password and, first in a class, warms the site up while every test assembly starts at once
        // on a 2-core CI machine: give it longer than the default before calling it a failure.
        try
        {
            // Until the redirect commits, not until "load": seen in CI, the page after sign-in was shown yet its load event
            // never reached the waiter; whatever a test checks next waits for what it needs.
            await Page.WaitForURLAsync(url => !url.Contains("/account/sign-in"), new() { Timeout = 90_000, WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException e)
        {
            // Still on the sign-in page: say what it says (an error summary, a 400), so a failure seen once explains itself.
            var text = await Page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no main)");
            throw new TimeoutException($"Signing in as {email} stayed on {Page.Url}: {text}", e);
        }
    }

    /// <summary>
    /// Follows a header link by its test id; on a narrow screen the NHS.UK header folds links that do not fit into
    /// "More", so open that first, as a person would.
    /// </summary>
    protected async Task NavigateAsync(string testId)
    {
        var link = Page.Locator($"header [data-testid='{testId}']");
        if (!await link.IsVisibleAsync()) await Page.Locator("header .nhsuk-header__menu-toggle").ClickAsync();
        await link.ClickAsync();
    }

    /// <summary>Keeps a full-page picture in .run/screenshots, to look at what people see.</summary>
    protected async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(RepoPaths.Root, ".run", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>The path and query of the first IMPACTE link in an email, opened on this test's server.</summary>
    protected static string LinkIn(MailDev.Email email, string path)
    {
        var text = email.Text ?? "";
        var start = text.IndexOf(path, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {path} link in: {text}");
        var end = text.IndexOfAny([' ', '\n', '\r'], start);
        return text[start..(end < 0 ? text.Length : end)];
    }
}
