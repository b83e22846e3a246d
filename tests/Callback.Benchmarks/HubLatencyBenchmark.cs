using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Events;
using Callback.Host.Hosting;
using Callback.Telephony.Simulator;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Benchmarks;

/// <summary>
/// Issue 9's benchmark: how long a change takes to reach the consoles. Simulated calls send their signed status
/// webhooks (about 100 a second); each webhook's handler publishes the call's new state; 200 .NET SignalR clients on
/// loopback, subscribed to the inspection, receive it. Latency = time received − the event's own timestamp (taken when
/// it is published, same clock). The floor, in the same run: the hub broadcasting a message of the same size to the
/// same 200 clients at the same rate, with no database and no webhook.
/// </summary>
internal static class HubLatencyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // As `serve` starts the host; --default-pool shows what it is without.
        var tuned = !args.Contains("--default-pool");
        if (tuned)
            CallbackWebApp.TuneThreadPool();
        var clients = Option(args, "--clients", 200);
        var calls = Option(args, "--calls", 240); // 12 units × 10 persons × 2 (the daily limit per person)
        var data = Path.Combine(Path.GetTempPath(), "callback-bench", "hub-data");
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);

        await using var host = await StartAsync(data);
        var admin = host.Admin;
        var (id, units) = await PrepareAsync(admin);

        var token = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        var hubUrl = new Uri(admin.BaseAddress!, "/hubs/inspections");
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var changes = new ConcurrentBag<double>();
        var floor = new ConcurrentBag<double>();
        var connections = new List<HubConnection>();
        for (var i = 0; i < clients; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(hubUrl, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            connection.On<InspectionEventWire>("InspectionChanged", e =>
            {
                if (e.Kind == "call-status")
                    changes.Add((clock.GetUtcNow() - e.At).TotalMilliseconds);
            });
            connection.On<DateTimeOffset, string>("Floor", (at, _) => floor.Add((clock.GetUtcNow() - at).TotalMilliseconds));
            await connection.StartAsync();
            await connection.InvokeAsync("Subscribe", id);
            connections.Add(connection);
        }

        // The calls: their status webhooks are the changes measured.
        var simulator = host.Services.GetRequiredService<SimulatorProvider>();
        var stopwatch = Stopwatch.StartNew();
        var refused = await PlaceCallsAsync(admin, simulator, id, units, calls);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await Task.Delay(500);
        var published = changes.Count / (double)clients;
        var webhooks = simulator.WebhookLatencies.Count;

        // The floor: the same number of messages, at the same rate, to the same clients, straight from the hub.
        var hub = host.Services.GetRequiredService<IHubContext<InspectionHub>>();
        var padding = new string('x', 160);
        var interval = TimeSpan.FromSeconds(seconds / Math.Max(1, published));
        for (var i = 0; i < (int)published; i++)
        {
            await hub.Clients.All.SendAsync("Floor", clock.GetUtcNow(), padding);
            await Task.Delay(interval);
        }

        await Task.Delay(500);
        foreach (var connection in connections)
            await connection.DisposeAsync();

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"thread pool: {(tuned ? $"minimum {CallbackWebApp.MinThreads} threads, as serve sets it" : "default")}");
        Console.WriteLine($"{clients} clients; {calls - refused} calls ({refused} refused) in {seconds:F1} s: {webhooks:N0} webhooks ({webhooks / seconds:F0} a second), {published:F0} call-status changes ({published / seconds:F0} a second), {changes.Count:N0} deliveries");
        Console.WriteLine($"webhook's change → console: p50 {Percentile(changes, 0.50):F1} ms, p99 {Percentile(changes, 0.99):F1} ms, max {changes.Max():F1} ms");
        Console.WriteLine($"floor, bare hub broadcast: p50 {Percentile(floor, 0.50):F1} ms, p99 {Percentile(floor, 0.99):F1} ms, max {floor.Max():F1} ms ({floor.Count:N0} deliveries)");
        return 0;
    }

    /// <summary>The host as both console benchmarks run it: 20,000 demo persons, no ringing, a morning clock.</summary>
    internal static Task<BenchHost> StartAsync(string data) => BenchHost.StartAsync(data,
        ["--Demo:Persons=20000", "--Telephony:CallsPerSecond=25", "--Telephony:Simulator:RingMilliseconds=0", "--Auth:LoginAttemptsPerMinute=10000"],
        services => services.AddSingleton<TimeProvider>(new MorningClock()));

    /// <summary>A self-check of the 12 units, drawn: 120 persons to call.</summary>
    internal static async Task<(int Id, string[] Units)> PrepareAsync(HttpClient admin)
    {
        var units = Domain.Regions.RegionCatalog.InnerMongolia.Units.Select(u => u.Code).ToArray();
        var created = await admin.PostAsJsonAsync("/api/inspections", new
        {
            kind = "SelfCheck", title = "console benchmark", startsOn = "2026-01-01", endsOn = "2027-12-31", unitCodes = units,
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await admin.PostAsJsonAsync($"/api/inspections/{id}/draws/all", new { seed = "hub-benchmark-seed-2026" })).EnsureSuccessStatusCode();
        return (id, units);
    }

    /// <summary>
    /// Places <paramref name="calls"/> IVR calls in rounds of one per person (a person has one live call at a time, two
    /// a day) and waits for their end. Returns how many could not be placed (an overloaded machine refuses some: they
    /// are counted, not hidden).
    /// </summary>
    internal static async Task<int> PlaceCallsAsync(HttpClient admin, SimulatorProvider simulator, int id, string[] units, int calls)
    {
        var persons = units.Length * 10;
        var refused = 0;
        for (var done = 0; done < calls; done += persons)
        {
            var round = Math.Min(persons, calls - done);
            var sids = new string?[round];
            await Parallel.ForAsync(0, round, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var unit = units[i % units.Length];
                var position = 1 + (i / units.Length % 10);
                var placed = await admin.PostAsJsonAsync($"/api/inspections/{id}/units/{unit}/sample/{position}/calls", new { mode = "Ivr" }, ct);
                var body = await placed.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (placed.IsSuccessStatusCode)
                {
                    sids[i] = body.GetProperty("providerCallSid").GetString()!;
                }
                else
                {
                    Interlocked.Increment(ref refused);
                    Console.Error.WriteLine($"call {i} not placed: {(int)placed.StatusCode} {(body.TryGetProperty("code", out var code) ? code.GetString() : "")}");
                }
            });
            await Task.WhenAll(sids.OfType<string>().Select(simulator.WhenEndedAsync));
        }

        return refused;
    }

    internal static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
    }

    internal static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The event as a client reads it off the wire.</summary>
    private sealed record InspectionEventWire(string Kind, int InspectionId, string? UnitCode, DateTimeOffset At, JsonElement Data);
}
