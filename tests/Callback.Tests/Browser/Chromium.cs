using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Callback.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (never a browser Playwright downloads), headless and kept off the
/// network: the console must work on an intranet with no internet.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots are kept as test artifacts (the README shows two of them).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), ".build", "screenshots");

    public static async Task<Chromium> LaunchAsync()
    {
        var chromium = new Chromium { _playwright = await Playwright.CreateAsync() };
        chromium.Browser = await chromium._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        return chromium;
    }

    public async Task<IPage> PageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 800 }, Locale = "zh-CN",
        });
        // Anything not served by Callback itself is refused, and recorded so that the test can say what it was.
        var foreign = new List<string>();
        await context.RouteAsync("**/*", route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Host == baseAddress.Host && url.Port == baseAddress.Port)
                return route.ContinueAsync();
            lock (foreign)
                foreign.Add(route.Request.Url);
            return route.AbortAsync();
        });
        var page = await context.NewPageAsync();
        ForeignRequests[page] = foreign;
        return page;
    }

    public Dictionary<IPage, List<string>> ForeignRequests { get; } = [];

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        // The form posts and is sent on: wait until the browser has left it (a busy machine may take a while), and say
        // where it went when it did not get in, so that a failure names its cause instead of a later wait timing out.
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal) || url.Contains("error=", StringComparison.Ordinal),
                new() { Timeout = 60_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{userName}'s sign-in did not leave the form within 60 s; the page is at {page.Url}", e);
        }

        if (page.Url.Contains("error=", StringComparison.Ordinal))
            throw new InvalidOperationException($"{userName}'s sign-in was refused: {page.Url} — {await page.Locator(".signin-error").TextContentAsync()}");
    }

    /// <summary>Waits until the page's circuit is up: before that a click reaches only the prerendered HTML.</summary>
    public static Task InteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("main[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

    /// <summary>axe's serious and critical violations on the page as it is now, one line each.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(IPage page)
    {
        // A notice fading in is measured at part opacity: let transitions (150 ms) settle first.
        await page.WaitForTimeoutAsync(400);
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")];
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Callback.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
