using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Callback.Tests.Browser;

/// <summary>"Call this unit's sample" from the queue: one press, the calls go, the panel follows them live.</summary>
public sealed class PlanBrowserTests
{
    [Fact]
    public async Task One_press_starts_the_unit_s_plan_and_the_panel_shows_its_progress_and_pause()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        await BrowserInspection.PrepareAsync(server, clock, "MutualCheck", "plan-inspector", "150200", "plan-supervisor", "plan-browser-seed-2026");

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(page, "plan-inspector", BrowserInspection.Password);
        await page.WaitForURLAsync("**/queue");
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=plan-panel]")).ToContainTextAsync("尚未启动");

        await page.ClickAsync("[data-testid=plan-start]");
        // The first run places the unit's calls before the panel redraws: longer than Playwright's 5 s under a full run's load.
        await Assertions.Expect(page.Locator("[data-testid=plan-status]")).ToContainTextAsync("进行中", new() { Timeout = 15000 });
        await server.Services.GetRequiredService<SimulatorProvider>().WhenAllEndedAsync();
        // The calls end while the page is open: the panel follows (settled persons counted, not listed).
        await Assertions.Expect(page.Locator("[data-testid=plan-status]")).ToContainTextAsync("已结束");
        // Scanned once the start's notice has gone: a notice fading in or out is half transparent, and axe then
        // measures a contrast nobody sees (this failed once, in a full run under load).
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 15000 });
        var violations = await Chromium.SeriousViolationsAsync(page);
        await Chromium.ScreenshotAsync(page, "plan-panel");

        await page.ClickAsync("[data-testid=plan-pause]");
        await Assertions.Expect(page.Locator("[data-testid=plan-status]")).ToContainTextAsync("已暂停");
        await Assertions.Expect(page.Locator("[data-testid=plan-start]")).ToContainTextAsync("继续自动核查");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
