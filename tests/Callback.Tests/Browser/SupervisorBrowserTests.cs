using System.Net.Http.Json;
using Callback.Domain.Sampling;
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
        using var admin = await server.AdministratorAsync();
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "督导确认", startsOn = clock.Today.AddDays(-1), endsOn = clock.Today.AddDays(30), unitCodes = new[] { "150100" },
        }, 201)).GetProperty("id").GetInt32();
        using var inspector = await server.UserAsync("inspector", "typing-inspector", homeUnitCode: "150200");
        using var _ = await server.UserAsync("supervisor", "checking-supervisor");
        await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "typing-inspector", unitCode = "150100" }, 201);
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = SampleDraw.Commitment(Seed) }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(page, "checking-supervisor", "a-long-enough-password");
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
}
