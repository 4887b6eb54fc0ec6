using Impacte.Testing;
using Impacte.Worker;
using Microsoft.EntityFrameworkCore;
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
            // en-GB for the browser's own widgets too (date and time pickers), which the context's Locale does not reach.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--lang=en-GB"],
            Env = new Dictionary<string, string> { ["LANG"] = "en_GB.UTF-8", ["LANGUAGE"] = "en_GB" },
        });
    }

    /// <summary>
    /// A context as a UK GP's browser: en-GB and London time, so date and time pickers read 02/12/2026 and 13:00 as
    /// users see them (Chromium's own default here is en-US: 12/02/2026, 01:00 PM).
    /// </summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new();
        options.Locale ??= "en-GB";
        options.TimezoneId ??= "Europe/London";
        return Browser.NewContextAsync(options);
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

    /// <summary>For a failure message: whether the meeting's pack is marked sent, and its outbox row to the address, as they are now.</summary>
    public async Task<string> PackStateAsync(Guid meetingId, string to)
    {
        await using var db = Api.Database.CreateContext();
        var sentAt = await db.Meetings.Where(m => m.Id == meetingId).Select(m => m.PackSentAt).SingleOrDefaultAsync();
        var rows = await db.Outbox.Where(e => e.IdempotencyKey.StartsWith($"reading-pack:{meetingId}:") && e.ToAddress == to)
            .Select(e => $"{e.Status} after {e.Attempts} attempt(s), next at {e.NextAttemptAt:HH:mm:ss}, sent at {e.SentAt:HH:mm:ss}: {e.LastError}")
            .ToListAsync();
        return $"Pack marked sent at {sentAt:HH:mm:ss.fff}; outbox rows to {to}: [{string.Join("; ", rows)}]; now {DateTimeOffset.UtcNow:HH:mm:ss}.";
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

public abstract partial class BrowserTest(Chromium chromium, Site site) : IClassFixture<Site>, IAsyncLifetime
{
    protected Chromium Chromium { get; } = chromium;
    protected Site Site { get; } = site;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl });
        // Generous: CI machines are shared and slow at times; a real failure still fails, just later.
        Context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        Page = await Context.NewPageAsync();
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    protected Task SignInAsync(string email, string password = ApiFactory.Password) => SignInOnAsync(Page, email, password);

    /// <summary>Signs in on <paramref name="page"/>: a test's own page, at a width of its own or with axe allowed.</summary>
    protected static async Task SignInOnAsync(IPage page, string email, string password = ApiFactory.Password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Signing in hashes a password and, first in a class, warms the site up while every test assembly starts at once
        // on a 2-core CI machine: give it longer than the default before calling it a failure.
        try
        {
            // The address is polled, not waited for as an event: seen in CI, the page after sign-in was shown yet neither
            // its load event nor (at load 18) its commit reached a WaitForURL waiter. What a test checks next waits for
            // what it needs.
            await Assertions.Expect(page).Not.ToHaveURLAsync(SignInPage(), new() { Timeout = 90_000 });
        }
        catch (PlaywrightException e)
        {
            // Still on the sign-in page: say what it says (an error summary, a 400), so a failure seen once explains itself.
            var text = await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no main)");
            throw new TimeoutException($"Signing in as {email} stayed on {page.Url}: {text}", e);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("/account/sign-in")]
    private static partial System.Text.RegularExpressions.Regex SignInPage();

    /// <summary>
    /// Follows a header link by its test id; on a narrow screen the NHS.UK header folds links that do not fit into
    /// "More", so open that first, as a person would.
    /// </summary>
    protected Task NavigateAsync(string testId) => NavigateOnAsync(Page, testId);

    protected static async Task NavigateOnAsync(IPage page, string testId)
    {
        var link = page.Locator($"header [data-testid='{testId}']");
        if (!await link.IsVisibleAsync()) await page.Locator("header .nhsuk-header__menu-toggle").ClickAsync();
        await link.ClickAsync();
    }

    /// <summary>Keeps a full-page picture in .run/screenshots, to look at what people see.</summary>
    protected Task ScreenshotAsync(string name) => ScreenshotOnAsync(Page, name);

    protected static async Task ScreenshotOnAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepoPaths.Root, ".run", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
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
