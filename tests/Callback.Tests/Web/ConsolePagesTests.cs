using System.Net;
using System.Text.RegularExpressions;
using Callback.Tests.Support;

namespace Callback.Tests.Web;

/// <summary>The console's pages as a browser without scripts meets them: sign-in, redirects, language, assets, caching.</summary>
public sealed partial class ConsolePagesTests
{
    private static HttpClient Browser(CallbackServer server, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

    [Fact]
    public async Task A_console_page_sends_a_stranger_to_sign_in_while_the_api_still_answers_401()
    {
        await using var server = await CallbackServer.StartAsync();
        using var browser = Browser(server);

        var page = await browser.GetAsync("/dashboard?inspection=1");
        var api = await browser.GetAsync("/api/inspections");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fdashboard%3Finspection%3D1", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_is_chinese_by_default_and_english_once_switched()
    {
        await using var server = await CallbackServer.StartAsync();
        var cookies = new CookieContainer();
        using var browser = Browser(server, cookies);

        var chinese = await browser.GetStringAsync("/signin");
        var switched = await browser.GetAsync("/account/culture?name=en&returnUrl=%2Fsignin");
        var english = await browser.GetStringAsync("/signin");

        Assert.Contains("<html lang=\"zh-CN\"", chinese, StringComparison.Ordinal);
        Assert.Contains("用户名", chinese, StringComparison.Ordinal);
        Assert.Equal("/signin", switched.Headers.Location!.OriginalString);
        Assert.Contains("<html lang=\"en\"", english, StringComparison.Ordinal);
        Assert.Contains("User name", english, StringComparison.Ordinal);
        Assert.DoesNotContain("用户名", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_with_the_form_returns_to_the_page_asked_for_and_a_wrong_password_says_why()
    {
        await using var server = await CallbackServer.StartAsync();
        var cookies = new CookieContainer();
        using var browser = Browser(server, cookies);

        var wrong = await PostSignInAsync(browser, "admin", "not-the-password", "/dashboard");
        var refusal = await browser.GetStringAsync(wrong.Headers.Location!.OriginalString);
        var right = await PostSignInAsync(browser, "admin", CallbackServer.AdminPassword, "/dashboard");
        var me = await browser.GetAsync("/api/auth/me");

        Assert.Equal("/signin?error=invalid&returnUrl=%2Fdashboard", wrong.Headers.Location!.OriginalString);
        Assert.Contains("用户名或密码不正确 (invalid-credentials)", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/dashboard", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Sign_in_and_the_language_switch_return_only_to_pages_of_callback(string returnUrl)
    {
        await using var server = await CallbackServer.StartAsync();
        using var browser = Browser(server);

        var signedIn = await PostSignInAsync(browser, "admin", CallbackServer.AdminPassword, returnUrl);
        var switched = await browser.GetAsync($"/account/culture?name=en&returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        Assert.Equal("/", switched.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Too_many_sign_ins_from_one_browser_go_back_to_the_sign_in_page_saying_so_in_its_words()
    {
        await using var server = await CallbackServer.StartAsync("--Auth:LoginAttemptsPerMinute=2");
        using var browser = Browser(server);

        var first = await PostSignInAsync(browser, "admin", "wrong-password-1", "/dashboard");
        await PostSignInAsync(browser, "admin", "wrong-password-2", "/dashboard");
        var third = await PostSignInAsync(browser, "admin", CallbackServer.AdminPassword, "/dashboard");
        var page = await browser.GetStringAsync(third.Headers.Location!.OriginalString);

        Assert.Contains("error=invalid", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Contains("error=throttled", third.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Contains("登录尝试过于频繁，请一分钟后再试 (too-many-attempts)", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_form_without_its_antiforgery_token_is_refused()
    {
        await using var server = await CallbackServer.StartAsync();
        using var browser = Browser(server);

        var response = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "admin", ["password"] = CallbackServer.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Every_script_and_style_the_console_loads_is_served_by_callback_and_pages_are_not_cached()
    {
        await using var server = await CallbackServer.StartAsync();
        using var browser = Browser(server);

        var page = await browser.GetAsync("/signin");
        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetPattern().Matches(html).Select(m => m.Groups["url"].Value).ToList();

        // Fingerprinted names (MudBlazor.min.k4r0it8844.css): a new version is never served from an old cache.
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            Assert.False(Uri.TryCreate(asset, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), $"{asset} is fetched from elsewhere");
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/" + asset.TrimStart('/'))).StatusCode);
        }

        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string userName, string password, string returnUrl)
    {
        var form = await browser.GetStringAsync("/signin");
        var token = TokenPattern().Match(form).Groups["token"].Value;
        Assert.NotEmpty(token);
        return await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName, ["password"] = password, ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("(?:href|src)=\"(?<url>[^\"#]+\\.(?:css|js))\"")]
    private static partial Regex AssetPattern();
}
