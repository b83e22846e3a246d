using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Events;
using Callback.Host.Hosting;
using Callback.Host.Web.Live;
using Callback.Telephony.Simulator;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Callback.Benchmarks;

/// <summary>
/// Issue 9's browser figure: from a call's status webhook to the change in the DOM of 10 supervisors' dashboards
/// (Debian's Chromium, headless, one browser context each, as ten people would open it). The server notes the wall
/// time at which each call-status change is published; each page notes, with a MutationObserver, when a live call's
/// row first shows that status. The same changes received by 10 .NET SignalR clients of the hub are the floor.
/// </summary>
internal static class DashboardLatencyBenchmark
{
    private const string Password = "benchmark-supervisor-password";

    /// <summary>Notes the first moment each (call, status) appears in a live call's row.</summary>
    private const string Observer = """
        () => {
          window.__seen = {};
          const scan = () => {
            const now = performance.timeOrigin + performance.now();
            for (const cell of document.querySelectorAll('tr[data-call] td[data-status]')) {
              const key = cell.parentElement.getAttribute('data-call') + '|' + cell.getAttribute('data-status');
              if (!(key in window.__seen)) window.__seen[key] = now;
            }
          };
          new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    private static double WallClock() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    public static async Task<int> RunAsync(string[] args)
    {
        CallbackWebApp.TuneThreadPool(); // as serve does
        var dashboards = HubLatencyBenchmark.Option(args, "--dashboards", 10);
        var calls = HubLatencyBenchmark.Option(args, "--calls", 240);
        var data = Path.Combine(Path.GetTempPath(), "callback-bench", "dashboard-data");
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);

        await using var host = await HubLatencyBenchmark.StartAsync(data);
        var admin = host.Admin;
        var (id, units) = await HubLatencyBenchmark.PrepareAsync(admin);
        (await admin.PostAsJsonAsync("/api/users", new { userName = "bench-supervisor", displayName = "督导", password = Password, role = "supervisor" })).EnsureSuccessStatusCode();

        // When each change left the server (wall clock, shared with the browser on this machine).
        var published = new ConcurrentDictionary<string, double>();
        using var feed = host.Services.GetRequiredService<ConsoleFeed>().Subscribe(id, units, e =>
        {
            if (e.Data is CallStatusChanged change)
                published.TryAdd($"{change.Call}|{change.Status}", WallClock());
            return Task.CompletedTask;
        });

        // The floor: the same changes straight off the hub, to as many .NET clients as there are dashboards.
        var floor = new ConcurrentBag<(string Key, double At)>();
        var token = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        var connections = new List<HubConnection>();
        for (var i = 0; i < dashboards; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(admin.BaseAddress!, "/hubs/inspections"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            connection.On<JsonElement>("InspectionChanged", e =>
            {
                if (e.GetProperty("kind").GetString() == "call-status")
                    floor.Add(($"{e.GetProperty("data").GetProperty("call").GetInt64()}|{e.GetProperty("data").GetProperty("status").GetString()}", WallClock()));
            });
            await connection.StartAsync();
            await connection.InvokeAsync("Subscribe", id);
            connections.Add(connection);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
        });
        var pages = new List<IPage>();
        for (var i = 0; i < dashboards; i++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = admin.BaseAddress!.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/signin");
            await page.FillAsync("#userName", "bench-supervisor");
            await page.FillAsync("#password", Password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync("**/dashboard");
            await page.Locator("main[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
            await page.Locator("[data-testid=no-live-calls]").WaitForAsync(new() { Timeout = 60_000 });
            await page.EvaluateAsync(Observer);
            pages.Add(page);
        }

        var simulator = host.Services.GetRequiredService<SimulatorProvider>();
        var stopwatch = Stopwatch.StartNew();
        var refused = await HubLatencyBenchmark.PlaceCallsAsync(admin, simulator, id, units, calls);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await Task.Delay(2000);

        var latencies = new List<double>();
        var seenPerPage = new List<int>();
        foreach (var page in pages)
        {
            var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__seen");
            seenPerPage.Add(seen.Count(s => published.ContainsKey(s.Key)));
            latencies.AddRange(seen.Where(s => published.ContainsKey(s.Key)).Select(s => s.Value - published[s.Key]));
        }

        var floorLatencies = floor.Where(f => published.ContainsKey(f.Key)).Select(f => f.At - published[f.Key]).ToList();
        foreach (var connection in connections)
            await connection.DisposeAsync();

        var webhooks = simulator.WebhookLatencies.Count;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, Chromium headless (Debian)");
        Console.WriteLine($"{dashboards} dashboards; {calls - refused} calls ({refused} refused) in {seconds:F1} s: {webhooks:N0} webhooks ({webhooks / seconds:F0} a second), {published.Count:N0} call-status changes ({published.Count / seconds:F0} a second)");
        Console.WriteLine($"changes shown per dashboard: {seenPerPage.Min()}–{seenPerPage.Max()} of {published.Count} (a state that lasts less than a redraw is never drawn: coalesced)");
        Console.WriteLine($"webhook's change → dashboard DOM: p50 {HubLatencyBenchmark.Percentile(latencies, 0.50):F1} ms, p99 {HubLatencyBenchmark.Percentile(latencies, 0.99):F1} ms, max {latencies.Max():F1} ms ({latencies.Count:N0} observations)");
        Console.WriteLine($"floor, the same changes to {dashboards} .NET hub clients: p50 {HubLatencyBenchmark.Percentile(floorLatencies, 0.50):F1} ms, p99 {HubLatencyBenchmark.Percentile(floorLatencies, 0.99):F1} ms, max {floorLatencies.Max():F1} ms");
        return 0;
    }
}
