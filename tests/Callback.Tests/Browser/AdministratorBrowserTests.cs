using Callback.Tests.Support;
using Microsoft.Playwright;

namespace Callback.Tests.Browser;

/// <summary>An administrator prepares a mutual check in the browser: creates it, assigns, publishes the commitment, draws.</summary>
public sealed class AdministratorBrowserTests
{
    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.Locator($"[data-testid={select}]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();
        // A multiple choice stays open: close it the way a person would, by clicking outside; then nothing overlays the page.
        if (await page.Locator(".mud-popover-open").CountAsync() > 0)
            await page.Locator("h1").ClickAsync(new() { Force = true });
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_administrator_creates_an_inspection_assigns_an_inspector_commits_to_a_seed_and_draws()
    {
        await using var server = await CallbackServer.StartAsync(new ShanghaiMorningClock(), "--Demo:Persons=600");
        using var _ = await server.UserAsync("inspector", "baotou-inspector", homeUnitCode: "150200");
        using var __ = await server.UserAsync("inspector", "hohhot-inspector", homeUnitCode: "150100");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(page, "admin", CallbackServer.AdminPassword);
        await page.WaitForURLAsync("**/dashboard");

        await page.GotoAsync("/inspections");
        await Chromium.InteractiveAsync(page);
        await page.Locator("[data-testid=new-title]").FillAsync("呼和浩特市互查");
        await ChooseAsync(page, "new-units", "呼和浩特市");
        await Assertions.Expect(page.Locator("[data-testid=create-inspection]")).ToBeEnabledAsync();
        await page.ClickAsync("[data-testid=create-inspection]");
        var detail = page.Locator("[data-testid=inspection-detail]");
        await Assertions.Expect(detail).ToContainTextAsync("呼和浩特市互查（互查）");

        // The mutual-check rule is shown before saving: an inspector of Hohhot cannot be assigned to Hohhot.
        await ChooseAsync(page, "assign-user", "hohhot-inspector");
        await ChooseAsync(page, "assign-unit", "呼和浩特市");
        await Assertions.Expect(page.Locator("[data-testid=own-unit-warning]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=assign]")).ToBeDisabledAsync();
        await ChooseAsync(page, "assign-user", "baotou-inspector");
        await Assertions.Expect(page.Locator("[data-testid=own-unit-warning]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=assign]");
        await Assertions.Expect(detail.Locator("li")).ToContainTextAsync("baotou-inspector → 呼和浩特市");

        const string seed = "admin-browser-seed-2026";
        await page.Locator("[data-testid=seed] input, input[data-testid=seed]").First.FillAsync(seed);
        await page.ClickAsync("[data-testid=commit]");
        await Assertions.Expect(page.Locator("[data-testid=commitment]")).ToContainTextAsync(Domain.Sampling.SampleDraw.Commitment(seed));
        await ChooseAsync(page, "draw-unit", "呼和浩特市");
        await page.ClickAsync("[data-testid=draw]");

        var certificate = page.Locator("[data-testid=draw-150100]");
        await Assertions.Expect(certificate).ToContainTextAsync("callback-sample-v1");
        await Assertions.Expect(certificate.Locator("[data-testid=verify-command]"))
            .ToHaveTextAsync($"./callback verify-draw --registry REGISTRY-EXPORT.csv --seed '{seed}' --unit 150100 --n 10 --reserves 10");
        var violations = await Chromium.SeriousViolationsAsync(page);
        await Chromium.ScreenshotAsync(page, "inspections");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task Every_console_page_has_no_serious_accessibility_violation_in_english_either()
    {
        await using var server = await CallbackServer.StartAsync(new ShanghaiMorningClock(), "--Demo:Persons=600");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);
        await page.GotoAsync("/account/culture?name=en&returnUrl=%2Fsignin");
        await Chromium.SignInAsync(page, "admin", CallbackServer.AdminPassword);
        await page.WaitForURLAsync("**/dashboard");
        var violations = new List<string>();

        foreach (var path in new[] { "/dashboard", "/queue", "/inspections", "/registry", "/users", "/scorecard", "/findings" })
        {
            await page.GotoAsync(path);
            await Chromium.InteractiveAsync(page);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            violations.AddRange((await Chromium.SeriousViolationsAsync(page)).Select(v => $"{path}: {v}"));
        }

        await Chromium.ScreenshotAsync(page, "inspections-en");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task An_administrator_uploads_an_export_reads_its_preview_with_the_refused_row_and_confirms_it()
    {
        await using var server = await CallbackServer.StartAsync("--Demo:Persons=0");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(page, "admin", CallbackServer.AdminPassword);
        await page.WaitForURLAsync("**/dashboard");
        await page.GotoAsync("/registry");
        await Chromium.InteractiveAsync(page);
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.csv");
        var badSex = Fixtures.ValidRow.Replace(",男,", ",未知,", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, Fixtures.Header + "\n" + Fixtures.ValidRow + "\n" + badSex.Replace("万建", "李四", StringComparison.Ordinal) + "\n");
        try
        {
            await page.Locator("input[type=file]").SetInputFilesAsync(file);

            var job = page.Locator("[data-testid=import-job]");
            await Assertions.Expect(job.Locator("[data-testid=import-state]")).ToHaveAttributeAsync("data-state", "previewed", new() { Timeout = 15_000 });
            await Assertions.Expect(job.Locator("[data-testid=report-added]")).ToHaveTextAsync("1");
            await Assertions.Expect(job.Locator("[data-testid=report-rejected]")).ToHaveTextAsync("1");
            await Assertions.Expect(job.Locator("[data-testid=rejected-rows] tbody tr")).ToHaveCountAsync(1);
            var violations = await Chromium.SeriousViolationsAsync(page);
            await Chromium.ScreenshotAsync(page, "registry-preview");

            await job.Locator("[data-testid=confirm-import]").ClickAsync();
            await Assertions.Expect(job.Locator("[data-testid=import-state]")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 15_000 });
            using var admin = await server.AdministratorAsync();
            Assert.Contains(Path.GetFileName(file), await admin.GetStringAsync("/api/registry/versions"), StringComparison.Ordinal);

            // The new version is listed at once, and its stored report can be read again.
            var version = page.Locator("[data-testid=versions] tbody tr").Filter(new() { HasText = Path.GetFileName(file) });
            await Assertions.Expect(version).ToHaveCountAsync(1);
            await version.Locator("button").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=version-report] [data-testid=report-rejected]")).ToHaveTextAsync("1");
            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_administrator_creates_an_inspector_with_an_own_phone_and_reads_what_is_wrong_in_chinese()
    {
        await using var server = await CallbackServer.StartAsync("--Demo:Persons=0");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(page, "admin", CallbackServer.AdminPassword);
        await page.WaitForURLAsync("**/dashboard");
        await page.GotoAsync("/users");
        await Chromium.InteractiveAsync(page);

        await page.Locator("[data-testid=user-name]").FillAsync("admin");
        await page.Locator("[data-testid=display-name]").FillAsync("王核查");
        await page.Locator("[data-testid=password]").FillAsync("tiny");
        await page.Locator("[data-testid=own-phone]").FillAsync("12345");
        await page.ClickAsync("[data-testid=create-user]");
        // Each field says what is wrong with it, in Chinese with Identity's code; nothing is created.
        await Assertions.Expect(page.GetByText("电话“12345”不是一个有效的中国电话号码 (invalid-phone)")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=users] tbody tr")).ToHaveCountAsync(1);

        await page.Locator("[data-testid=own-phone]").FillAsync("138 0013 8000");
        await page.ClickAsync("[data-testid=create-user]");
        await Assertions.Expect(page.GetByText("密码至少需要 12 个字符 (PasswordTooShort)")).ToBeVisibleAsync();
        await page.Locator("[data-testid=password]").FillAsync("a-long-enough-password");
        await page.ClickAsync("[data-testid=create-user]");
        await Assertions.Expect(page.GetByText("用户名“admin”已被使用 (DuplicateUserName)")).ToBeVisibleAsync();
        var violations = await Chromium.SeriousViolationsAsync(page);

        await page.Locator("[data-testid=user-name]").FillAsync("wang-inspector");
        await ChooseAsync(page, "home-unit", "包头市");
        await page.ClickAsync("[data-testid=create-user]");
        var row = page.Locator("[data-testid=users] tr[data-user=wang-inspector]");
        await Assertions.Expect(row).ToContainTextAsync("核查员");
        await Assertions.Expect(row).ToContainTextAsync("包头市（150200）");
        await Assertions.Expect(row).Not.ToContainTextAsync("13800138000");
        await Chromium.ScreenshotAsync(page, "users");

        using var admin = await server.AdministratorAsync();
        var users = await admin.GetStringAsync("/api/users");
        Assert.Contains("wang-inspector", users, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", users, StringComparison.Ordinal);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
