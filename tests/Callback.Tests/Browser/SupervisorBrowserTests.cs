using System.Net.Http.Json;
using Callback.Tests.Support;
using Microsoft.Playwright;

namespace Callback.Tests.Browser;

/// <summary>A supervisor's four eyes: an attempt an inspector typed by hand appears live and counts once confirmed.</summary>
public sealed class SupervisorBrowserTests
{
    private const string Seed = "supervisor-browser-seed";

    [Fact]
    public async Task An_attempt_typed_by_hand_appears_on_the_dashboard_live_and_counts_once_the_supervisor_confirms_it()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        var id = await BrowserInspection.PrepareAsync(server, clock, "MutualCheck", "typing-inspector", "150200", "checking-supervisor", Seed);
        using var inspector = await server.SignInAsync("typing-inspector", BrowserInspection.Password);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(page, "checking-supervisor", BrowserInspection.Password);
        await page.WaitForURLAsync("**/dashboard");
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=pending-attempts]")).ToHaveCountAsync(0);

        var attempt = await inspector.PostJsonAsync($"/api/inspections/{id}/units/150100/sample/1/attempts",
            new { disposition = "no-answer", note = "用单位座机拨打，响铃无人接" }, 201);
        var attemptId = attempt.GetProperty("id").GetInt64();

        var row = page.Locator($"[data-testid=confirm-{attemptId}]");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=pending-attempts]")).ToContainTextAsync("typing-inspector");
        await Assertions.Expect(page.Locator("[data-testid=unit-150100] dd").Nth(4)).ToHaveTextAsync("0");
        var violations = await Chromium.SeriousViolationsAsync(page);
        await Chromium.ScreenshotAsync(page, "dashboard-pending");

        await row.ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=pending-attempts]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=unit-150100] dd").Nth(4)).ToHaveTextAsync("1");
        var confirmed = await inspector.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/inspections/{id}/units/150100/sample");
        Assert.Equal("checking-supervisor", confirmed[0].GetProperty("attemptLog")[0].GetProperty("confirmedBy").GetString());
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task An_inspector_scores_an_item_with_its_evidence_and_a_supervisor_locks_the_scorecard()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        await BrowserInspection.PrepareAsync(server, clock, "SelfCheck", "scoring-inspector", "150100", "locking-supervisor");
        await using var chromium = await Chromium.LaunchAsync();

        var inspector = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(inspector, "scoring-inspector", BrowserInspection.Password);
        await inspector.WaitForURLAsync("**/queue");
        await inspector.GotoAsync("/scorecard");
        await Chromium.InteractiveAsync(inspector);
        await inspector.Locator("[data-testid='score-1.1'] input").FillAsync("3");
        await inspector.Locator("[data-testid='note-1.1']").FillAsync("领导小组已成立，分工文件齐全");
        await inspector.Locator("[data-testid='evidence-1.1']").FillAsync("内残联〔2026〕1号");
        await inspector.ClickAsync("[data-testid='save-1.1']");
        await Assertions.Expect(inspector.Locator("[data-item='1.1']")).ToContainTextAsync("检查员评分");
        await Assertions.Expect(inspector.Locator("[data-testid=scorecard-total]")).ToContainTextAsync("3 / 101");
        // Items Callback computes (4.1, 4.2, 4.4) offer no input: their scores come from figures and findings.
        await Assertions.Expect(inspector.Locator("[data-item='4.4'] input")).ToHaveCountAsync(0);

        // 4.1 and 4.2 from the rates the real-name system shows, in percent, with where they were read.
        await Assertions.Expect(inspector.Locator("[data-testid='score-4.1']")).ToHaveTextAsync("—");
        await inspector.Locator("input[data-testid=coverage]").FillAsync("97");
        await inspector.Locator("input[data-testid=entry]").FillAsync("95.5");
        await inspector.ClickAsync("[data-testid=save-figures]");
        await Assertions.Expect(inspector.Locator("[data-testid=figures-refusal]")).ToContainTextAsync("missing-evidence");
        await inspector.Locator("input[data-testid=figures-evidence]").FillAsync("实名制系统统计页 2026-11-30");
        await inspector.ClickAsync("[data-testid=save-figures]");
        await Assertions.Expect(inspector.Locator("[data-testid='score-4.1']")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(inspector.Locator("[data-testid='score-4.2']")).Not.ToHaveTextAsync("—");

        // Feedback with its rectification deadline.
        await inspector.Locator("textarea[data-testid=feedback-text]").FillAsync("实名制信息季度更新不及时，请补录第三季度变动");
        await inspector.Locator("input[data-testid=feedback-deadline]").FillAsync(clock.Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await inspector.ClickAsync("[data-testid=add-feedback]");
        await Assertions.Expect(inspector.Locator("[data-testid=feedback-items] tbody tr")).ToContainTextAsync("待整改");
        var violations = await Chromium.SeriousViolationsAsync(inspector);
        await Chromium.ScreenshotAsync(inspector, "scorecard");

        var supervisor = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(supervisor, "locking-supervisor", BrowserInspection.Password);
        await supervisor.WaitForURLAsync("**/dashboard");
        await supervisor.GotoAsync("/scorecard");
        await Chromium.InteractiveAsync(supervisor);
        await Assertions.Expect(supervisor.Locator("[data-item='1.1'] input[type=number]")).ToHaveValueAsync("3");
        await Assertions.Expect(supervisor.Locator("[data-testid=feedback-items] tbody tr")).ToContainTextAsync("补录第三季度变动");
        await Assertions.Expect(supervisor.Locator("[data-testid=feedback-text]")).ToHaveCountAsync(0);
        await supervisor.ClickAsync("[data-testid=lock-scorecard]");
        await Assertions.Expect(supervisor.Locator("[data-testid=scorecard-locked]")).ToContainTextAsync("locking-supervisor");

        // The inspector's page follows the lock: no more inputs, the score and evidence as recorded.
        await Assertions.Expect(inspector.Locator("[data-testid=scorecard-locked]")).ToBeVisibleAsync();
        await Assertions.Expect(inspector.Locator("[data-item='1.1'] input")).ToHaveCountAsync(0);
        await Assertions.Expect(inspector.Locator("[data-item='1.1']")).ToContainTextAsync("内残联〔2026〕1号");
        // The unit's evidence, downloaded from the page, checks with the key the page shows.
        var href = await supervisor.Locator("[data-testid=evidence-zip]").GetAttributeAsync("href");
        var fetched = await supervisor.APIRequest.GetAsync(href!);
        Assert.True(fetched.Ok, $"{fetched.Status} {await fetched.TextAsync()}");
        var download = await supervisor.RunAndWaitForDownloadAsync(() => supervisor.ClickAsync("[data-testid=evidence-zip]"));
        var key = await supervisor.Locator("[data-testid=public-key]").TextContentAsync();
        await using (var bundle = File.OpenRead(await download.PathAsync()))
        {
            var report = Callback.Host.Evidence.BundleVerifier.Verify(bundle, key);
            Assert.True(report.Holds, string.Join(Environment.NewLine, report.Discrepancies));
        }

        violations.AddRange(await Chromium.SeriousViolationsAsync(supervisor));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
