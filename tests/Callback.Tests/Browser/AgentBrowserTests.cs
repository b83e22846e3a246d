using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Callback.Tests.Support;
using Microsoft.Playwright;

namespace Callback.Tests.Browser;

/// <summary>
/// An agent-led call in a real browser: the inspector asks the script's questions with the registry hidden, keeps what
/// was typed through a dropped connection, and compares only after the call.
/// </summary>
public sealed class AgentBrowserTests
{
    private const string Seed = "agent-browser-seed-2026";

    [Fact]
    public async Task An_agent_led_call_asks_with_the_registry_hidden_survives_a_dropped_connection_and_ends_in_a_finding()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        var id = await BrowserInspection.PrepareAsync(server, clock, "MutualCheck", "agent-bt", "150200", "supervisor-agent", Seed, inspectorPhone: "13800138000");
        using var admin = await server.AdministratorAsync();
        // A person registered as trained, so that a year is typed (the text the dropped connection must not lose).
        var person = (await admin.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/units/150100/sample")).EnumerateArray()
            .First(p => p.GetProperty("trained").GetBoolean());
        var position = person.GetProperty("position").GetInt32();
        var employed = person.GetProperty("employmentStatus").GetString() == "已就业";

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.PageAsync(server.BaseAddress);
        // Every connection of the circuit goes through this route, so that the test can cut it as a network would.
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync(new Regex("/_blazor"), socket =>
        {
            socket.ConnectToServer();
            lock (sockets)
                sockets.Add(socket);
        });
        await Chromium.SignInAsync(page, "agent-bt", BrowserInspection.Password);
        await page.WaitForURLAsync("**/queue");
        await Chromium.InteractiveAsync(page);

        await page.ClickAsync($"[data-testid=agent-{position}]");
        var hearing = page.Locator("[data-testid=hearing]");
        await Assertions.Expect(hearing).ToContainTextAsync("本人", new() { Timeout = 15_000 });
        foreach (var key in new[] { "1", "1" }) // it is me; I consent
        {
            var before = await hearing.TextContentAsync();
            await page.ClickAsync($"[data-testid='key-{key}']");
            await page.ClickAsync("[data-testid=send-keys]");
            await Assertions.Expect(hearing).Not.ToHaveTextAsync(before!, new() { Timeout = 15_000 });
        }

        // Handed over to the inspector: the line stays open while the questions are asked, and no registry value is on screen.
        var interview = page.Locator("[data-testid=agent-interview]");
        await Assertions.Expect(interview).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=call-state]")).ToHaveAttributeAsync("data-status", "in-progress");
        await Assertions.Expect(page.Locator("[data-testid=finding-form]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=comparison]")).ToHaveCountAsync(0);
        var violations = await Chromium.SeriousViolationsAsync(page);
        await Chromium.ScreenshotAsync(page, "agent-interview");

        // Employment the other way from the registry (untruthful); training as registered.
        await interview.Locator(employed ? "[data-testid=option-employmentStatus-2]" : "[data-testid=option-employmentStatus-1]").ClickAsync();
        if (!employed)
            await interview.Locator("[data-testid=option-employmentForm-6]").ClickAsync();
        await interview.Locator("[data-testid=option-trained-1]").ClickAsync();
        var year = person.GetProperty("trainingYear").GetInt32().ToString(CultureInfo.InvariantCulture);
        await interview.Locator("input[data-testid=interview-digits]").FillAsync(year);

        // The connection drops before the year is recorded; the browser reconnects to the same circuit.
        List<IWebSocketRoute> open;
        lock (sockets)
            open = [.. sockets];
        foreach (var socket in open)
            await socket.CloseAsync();
        await page.WaitForTimeoutAsync(1500);
        await Assertions.Expect(page.Locator("#components-reconnect-modal.components-reconnect-show")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Assertions.Expect(interview.Locator("input[data-testid=interview-digits]")).ToHaveValueAsync(year);
        await interview.Locator("[data-testid=interview-take]").ClickAsync();
        await Assertions.Expect(interview.Locator("[data-testid=taken-trainingYear]")).ToHaveTextAsync(year);
        Assert.True(sockets.Count > open.Count, "the circuit should have reconnected over a new connection");

        await Assertions.Expect(interview.Locator("[data-testid=interview-complete]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=finding-form]")).ToHaveCountAsync(0); // not while the line is open
        await page.ClickAsync("[data-testid=simulated-phone] >> text=挂断");
        await Assertions.Expect(page.Locator("[data-testid=call-state]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 15_000 });

        // After the call: the registry beside what the person said; the rules propose "untruthful".
        var form = page.Locator("[data-testid=finding-form]");
        await Assertions.Expect(form.Locator("[data-testid=match-employmentStatus]")).ToContainTextAsync("不一致");
        await Assertions.Expect(form.Locator("[data-testid=proposal]")).ToContainTextAsync("不真实");
        violations.AddRange(await Chromium.SeriousViolationsAsync(page));
        await Chromium.ScreenshotAsync(page, "agent-finding");
        await form.Locator("textarea").FillAsync("人工核查：本人所述就业状况与登记不符");
        await form.Locator("[data-testid=record-finding]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=sample-table] tbody tr").Nth(position - 1)).ToContainTextAsync("不真实");

        var finding = (await admin.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/units/150100/sample/{position}/findings")).EnumerateArray().Single();
        Assert.Equal("Untruthful", finding.GetProperty("verdict").GetString());
        Assert.Contains("employmentStatus", finding.GetProperty("differingFields").EnumerateArray().Select(f => f.GetString()));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
