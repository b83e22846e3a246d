using Callback.Tests.Support;
using Microsoft.Playwright;

namespace Callback.Tests.Browser;

/// <summary>An inspector who uses no mouse: signs in, skips the menu, reaches a person and places the call, all by keyboard.</summary>
public sealed class KeyboardBrowserTests
{
    /// <summary>Presses Tab until the focused element carries <paramref name="testId"/>; fails after <paramref name="limit"/> presses.</summary>
    private static async Task<int> TabToAsync(IPage page, string testId, int limit = 80, bool backwards = false)
    {
        for (var presses = 1; presses <= limit; presses++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid')") == testId)
                return presses;
        }

        throw new Xunit.Sdk.XunitException($"{testId} was not reached in {limit} presses of Tab");
    }

    [Fact]
    public async Task An_inspector_signs_in_and_places_a_call_with_the_keyboard_alone()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        await BrowserInspection.PrepareAsync(server, clock, "MutualCheck", "keyboard-inspector", "150200", "keyboard-supervisor", "keyboard-seed-2026");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);

        // The sign-in form: the user name has the focus on arrival; Tab to the password; Enter signs in.
        await page.GotoAsync("/signin");
        await page.Keyboard.TypeAsync("keyboard-inspector");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(BrowserInspection.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/queue");
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=sample-table] tbody tr")).ToHaveCountAsync(10);

        // Arriving on a page puts the focus on its heading, past the bar and the menu, so a screen reader starts there.
        await Assertions.Expect(page.Locator("main h1")).ToBeFocusedAsync();
        // Back up through the menu to the skip link (visible when focused); following it returns to the content.
        await TabToAsync(page, "skip-link", 20, backwards: true);
        await Assertions.Expect(page.Locator("[data-testid=skip-link]")).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main#main")).ToBeFocusedAsync();

        var presses = await TabToAsync(page, "call-1");
        await Chromium.ScreenshotAsync(page, "keyboard-focus");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=call-panel]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=hearing]")).ToContainTextAsync("本人", new() { Timeout = 15_000 });

        // The simulated phone's keys answer to the keyboard too.
        await TabToAsync(page, "key-1");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=keyed]")).ToHaveTextAsync("1");
        Assert.InRange(presses, 1, 20);
    }
}
