using System.Net.Http.Json;
using System.Text.Json;
using Callback.Tests.Support;
using Microsoft.Playwright;

namespace Callback.Tests.Browser;

/// <summary>
/// A whole call in real browsers: an inspector rings a sampled person and answers as them on the simulated phone,
/// a supervisor in a second browser watches the call and the unit's 4.4 live, an inspector of another unit sees nothing.
/// </summary>
public sealed class ConsoleBrowserTests
{
    private const string Seed = "browser-test-seed-2026";
    private const string Password = BrowserInspection.Password;

    [Fact]
    public async Task An_inspector_calls_from_the_console_and_the_supervisor_sees_the_call_and_the_score_live()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        var id = await BrowserInspection.PrepareAsync(server, clock, "MutualCheck", "inspector-bt", "150200", "supervisor-bt", Seed);
        using var __ = await server.UserAsync("inspector", "stranger-bt", homeUnitCode: "150300");
        using var admin = await server.AdministratorAsync();
        var sample = $"/api/inspections/{id}/units/150100/sample";
        var person = (await admin.GetFromJsonAsync<JsonElement>(sample)).EnumerateArray().First();

        await using var chromium = await Chromium.LaunchAsync();
        var violations = new List<string>();

        // The supervisor opens the dashboard first and keeps it open: nothing below reloads it.
        var supervisor = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(supervisor, "supervisor-bt", Password);
        await supervisor.WaitForURLAsync("**/dashboard");
        await Chromium.InteractiveAsync(supervisor);
        var tile = supervisor.Locator("[data-testid=unit-150100]");
        await Assertions.Expect(tile.Locator("[data-testid=score-4-4]")).ToHaveTextAsync("20 / 20");
        await Assertions.Expect(tile.Locator("[data-testid=verified]")).ToHaveTextAsync("0 / 10");
        violations.AddRange(await Chromium.SeriousViolationsAsync(supervisor));
        await Chromium.ScreenshotAsync(supervisor, "dashboard-before");

        var inspector = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(inspector, "inspector-bt", Password);
        await inspector.WaitForURLAsync("**/queue");
        await Chromium.InteractiveAsync(inspector);
        await Assertions.Expect(inspector.Locator("[data-testid=sample-table] tbody tr")).ToHaveCountAsync(10);
        violations.AddRange(await Chromium.SeriousViolationsAsync(inspector));
        await Chromium.ScreenshotAsync(inspector, "queue");

        await inspector.ClickAsync("[data-testid=call-1]");
        var hearing = inspector.Locator("[data-testid=hearing]");
        await Assertions.Expect(hearing).ToContainTextAsync("本人", new() { Timeout = 15_000 });
        await Assertions.Expect(supervisor.Locator("[data-testid=live-calls] tbody tr")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(inspector, "call");

        // It is me (1), I consent (1); then employment answered the other way from the registry; training as registered.
        var employed = person.GetProperty("employmentStatus").GetString() == "已就业";
        List<string> inputs = ["1", "1", .. employed ? ["2"] : new[] { "1", "1" }];
        inputs.AddRange(person.GetProperty("trained").GetBoolean() ? ["1", person.GetProperty("trainingYear").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)] : ["2"]);
        foreach (var input in inputs)
        {
            var before = await hearing.TextContentAsync();
            foreach (var key in input)
                await inspector.ClickAsync($"[data-testid='key-{key}']");
            await inspector.ClickAsync("[data-testid=send-keys]");
            if (input != inputs[^1])
                await Assertions.Expect(hearing).Not.ToHaveTextAsync(before!, new() { Timeout = 15_000 });
        }

        await Assertions.Expect(inspector.Locator("[data-testid=call-state]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 15_000 });
        await Assertions.Expect(inspector.Locator("[data-testid=call-consent]")).ToContainTextAsync("已同意");
        await Assertions.Expect(supervisor.Locator("[data-testid=no-live-calls]")).ToBeVisibleAsync();

        // After the call: the registry beside the answers; the rules propose "untruthful"; the inspector gives the reason.
        var form = inspector.Locator("[data-testid=finding-form]");
        await Assertions.Expect(form.Locator("[data-testid=match-employmentStatus]")).ToContainTextAsync("不一致");
        await Assertions.Expect(form.Locator("[data-testid=proposal]")).ToContainTextAsync("不真实");
        violations.AddRange(await Chromium.SeriousViolationsAsync(inspector));
        await Chromium.ScreenshotAsync(inspector, "finding");
        await form.Locator("textarea").FillAsync("本人回答的就业状况与登记不符");
        await form.Locator("[data-testid=record-finding]").ClickAsync();
        await Assertions.Expect(inspector.Locator("[data-testid=sample-table] tbody tr").First).ToContainTextAsync("不真实");
        await Assertions.Expect(tile.Locator("[data-testid=score-4-4]")).ToHaveTextAsync("18 / 20");
        await Assertions.Expect(tile.Locator("[data-testid=verified]")).ToHaveTextAsync("1 / 10");
        await Chromium.ScreenshotAsync(supervisor, "dashboard-after");

        // From the unit to the finding's evidence: who decided what and why, the consent, the recording's seal and a
        // player (supervisors may listen under the recordings policy; the recording route logs each playback).
        await tile.Locator("[data-testid=evidence-link]").ClickAsync();
        await supervisor.WaitForURLAsync($"**/findings?inspection={id}&unit=150100");
        await Chromium.InteractiveAsync(supervisor);
        await supervisor.ClickAsync("[data-testid=evidence-1]");
        var evidence = supervisor.Locator("[data-testid=evidence]");
        await Assertions.Expect(evidence.Locator("[data-testid=finding-history]")).ToContainTextAsync("本人回答的就业状况与登记不符");
        await Assertions.Expect(evidence.Locator("[data-testid=differing]")).ToContainTextAsync("就业状况");
        await Assertions.Expect(evidence.Locator("[data-testid=consent]")).ToContainTextAsync("已同意");
        await Assertions.Expect(evidence.Locator("[data-testid=seal]")).ToContainTextAsync("SHA-256", new() { Timeout = 15_000 });
        var player = evidence.Locator("[data-testid=player]");
        await Assertions.Expect(player).ToHaveCountAsync(1);
        var audio = await supervisor.APIRequest.GetAsync(await player.GetAttributeAsync("src") ?? "");
        Assert.Equal((200, "audio/wav"), (audio.Status, audio.Headers["content-type"]));
        violations.AddRange(await Chromium.SeriousViolationsAsync(supervisor));
        await Chromium.ScreenshotAsync(supervisor, "evidence");

        // An inspector of another unit signs in and sees no inspection at all.
        var stranger = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(stranger, "stranger-bt", Password);
        await stranger.WaitForURLAsync("**/queue");
        await Assertions.Expect(stranger.GetByText("您目前没有可查看的检查。")).ToBeVisibleAsync();
        await Assertions.Expect(stranger.Locator("[data-testid=sample-table]")).ToHaveCountAsync(0);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        Assert.All(chromium.ForeignRequests.Values, requests => Assert.Empty(requests));
    }

    [Theory]
    [InlineData("zh-CN", "登录")]
    [InlineData("en", "Sign in")]
    public async Task The_sign_in_page_has_no_serious_accessibility_violation_in_either_language(string culture, string button)
    {
        await using var server = await CallbackServer.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);

        await page.GotoAsync($"/account/culture?name={culture}&returnUrl=%2Fsignin");

        await Assertions.Expect(page.Locator("button[type=submit]")).ToHaveTextAsync(button);
        Assert.Empty(await Chromium.SeriousViolationsAsync(page));
        await Chromium.ScreenshotAsync(page, $"signin-{culture}");
    }
}
