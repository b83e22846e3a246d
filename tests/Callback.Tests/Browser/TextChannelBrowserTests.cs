using System.Net.Http.Json;
using System.Text.Json;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Callback.Tests.Browser;

/// <summary>
/// A person who cannot take a voice call verified by text: the inspector sends the SMS from the queue, the person opens
/// the link on a phone, consents, answers the script's questions, and the answers become the attempt the finding rests on.
/// </summary>
public sealed class TextChannelBrowserTests
{
    [Fact]
    public async Task A_person_verified_by_an_sms_link_answers_once_and_the_finding_follows()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        var id = await BrowserInspection.PrepareAsync(server, clock, "MutualCheck", "text-inspector", "150200", "text-supervisor", "text-channel-seed-2026");
        using var admin = await server.AdministratorAsync();
        var person = (await admin.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/units/150100/sample")).EnumerateArray().First();
        var employed = person.GetProperty("employmentStatus").GetString() == "已就业";

        await using var chromium = await Chromium.LaunchAsync();
        var inspector = await chromium.PageAsync(server.BaseAddress);
        await Chromium.SignInAsync(inspector, "text-inspector", BrowserInspection.Password);
        await inspector.WaitForURLAsync("**/queue");
        await Chromium.InteractiveAsync(inspector);
        await inspector.ClickAsync("[data-testid=text-1]");
        await Assertions.Expect(inspector.Locator("[data-testid=sms-link]")).ToBeVisibleAsync();

        // The SMS: the centre and the link, nothing personal.
        var sms = Assert.Single(server.Services.GetRequiredService<SimulatorProvider>().Texts);
        Assert.Contains("内蒙古残疾人就业服务中心", sms.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(person.GetProperty("name").GetString()!, sms.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("1501", sms.Body, StringComparison.Ordinal);
        // Beyond the centre's own name, a lock screen must not tell that the person is disabled.
        Assert.DoesNotContain("残疾", sms.Body.Replace("内蒙古残疾人就业服务中心", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var link = await inspector.Locator("[data-testid=sms-link]").GetAttributeAsync("href");
        Assert.Equal(sms.Body[sms.Body.IndexOf("http", StringComparison.Ordinal)..], link);

        // The person's phone: a small screen, no sign-in.
        var phone = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 740 }, Locale = "zh-CN" });
        await phone.GotoAsync(link!);
        await Assertions.Expect(phone.Locator("[data-testid=consent-yes]")).ToBeVisibleAsync();
        var violations = await Chromium.SeriousViolationsAsync(phone);
        await Chromium.ScreenshotAsync(phone, "text-consent");
        await phone.ClickAsync("[data-testid=consent-yes]");
        // A guardian filling it in is told to answer about the person (the name is not on the form).
        await Assertions.Expect(phone.Locator("[data-testid=guardian-note]")).ToContainTextAsync("家属或监护人代填时");

        // Sent back empty: each question says it needs an answer, nothing is kept.
        await phone.ClickAsync("[data-testid=submit-answers]");
        await Assertions.Expect(phone.Locator("[data-testid=form-problems]")).ToBeVisibleAsync();
        violations.AddRange(await Chromium.SeriousViolationsAsync(phone));

        // It is the person; employment the other way from the registry; training as registered.
        await phone.CheckAsync("[data-testid=answer-who-1]");
        await phone.CheckAsync(employed ? "[data-testid=answer-employmentStatus-2]" : "[data-testid=answer-employmentStatus-1]");
        if (!employed)
            await phone.CheckAsync("[data-testid=answer-employmentForm-6]");
        var trained = person.GetProperty("trained").GetBoolean();
        await phone.CheckAsync(trained ? "[data-testid=answer-trained-1]" : "[data-testid=answer-trained-2]");
        if (trained)
            await phone.FillAsync("[data-testid=answer-trainingYear]", person.GetProperty("trainingYear").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Chromium.ScreenshotAsync(phone, "text-form");
        await phone.ClickAsync("[data-testid=submit-answers]");
        await Assertions.Expect(phone.Locator("[data-testid=link-done]")).ToContainTextAsync("已收到您的回答");

        // The link works once.
        await phone.GotoAsync(link!);
        await Assertions.Expect(phone.Locator("[data-testid=link-done]")).ToContainTextAsync("只能使用一次");
        await phone.GotoAsync(link! + "x");
        await Assertions.Expect(phone.Locator("[data-testid=link-missing]")).ToBeVisibleAsync();

        // Back at the console: the text's answers against the registry, the rules' proposal, the finding.
        await inspector.ClickAsync("[data-testid=finding-1]");
        var form = inspector.Locator("[data-testid=finding-form]");
        await Assertions.Expect(form.Locator("[data-testid=match-employmentStatus]")).ToContainTextAsync("不一致");
        await form.Locator("textarea").FillAsync("短信核实：本人所填就业状况与登记不符");
        await form.Locator("[data-testid=record-finding]").ClickAsync();
        await Assertions.Expect(inspector.Locator("[data-testid=sample-table] tbody tr").First).ToContainTextAsync("不真实");

        var attempt = (await admin.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/units/150100/sample"))[0].GetProperty("attemptLog")[0];
        Assert.Equal(("completed", true), (attempt.GetProperty("disposition").GetString(), attempt.GetProperty("counts").GetBoolean()));
        Assert.Contains("短信核实", attempt.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
