using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Regions;
using Callback.Host.Hosting;
using Callback.Host.Recordings;
using Callback.Persistence;
using Callback.Telephony.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Benchmarks;

/// <summary>
/// Issue 4's benchmark: 1,000 calls through the simulator, each with its full webhook sequence (status callbacks,
/// TwiML, gathers, consent, recording start and callback), as fast as Callback takes them; then calls/s, webhook
/// latency p50/p99 as the provider sees it, peak memory, and a count of lost or duplicated outcomes.
/// </summary>
internal static class CallsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args.Length > 1 && args[0] == "--calls" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        var data = Path.Combine(Path.GetTempPath(), "callback-bench", "calls-data");
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);

        await using var host = await BenchHost.StartAsync(data,
            ["--Demo:Persons=20000", "--Telephony:CallsPerSecond=100", "--Telephony:Simulator:RingMilliseconds=0"],
            services => services.AddSingleton<TimeProvider>(new MorningClock()));
        {
            var client = host.Admin;
            var app = host.App;
            var units = RegionCatalog.InnerMongolia.Units.Select(u => u.Code).ToArray();
            var created = await client.PostAsJsonAsync("/api/inspections", new
            {
                kind = "SelfCheck", title = "calls benchmark", startsOn = "2026-01-01", endsOn = "2027-12-31", unitCodes = units,
            });
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            (await client.PostAsJsonAsync($"/api/inspections/{id}/draws/all", new { seed = "calls-benchmark-seed-2026" })).EnsureSuccessStatusCode();

            var simulator = app.Services.GetRequiredService<SimulatorProvider>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var sids = new string[calls];
            await Parallel.ForAsync(0, calls, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                var unit = units[i % units.Length];
                var position = 1 + (i / units.Length % 10);
                var placed = await client.PostAsJsonAsync($"/api/inspections/{id}/units/{unit}/sample/{position}/calls", new { mode = "Ivr" }, ct);
                var body = await placed.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (!placed.IsSuccessStatusCode)
                    throw new InvalidOperationException($"call {i} was not placed: {body}");
                sids[i] = body.GetProperty("providerCallSid").GetString()!;
            });
            await Task.WhenAll(sids.Select(simulator.WhenEndedAsync));
            var processor = app.Services.GetRequiredService<RecordingProcessor>();
            while (processor.Pending > 0)
                await Task.Delay(10);
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var ended = await db.Calls.CountAsync(c => c.Disposition != null && c.AttemptId != null);
            var attempts = await db.CallAttempts.Where(a => a.CallId != null).Select(a => a.CallId).ToListAsync();
            var recorded = await db.Calls.CountAsync(c => c.Recording!.Status == Callback.Domain.Calls.RecordingStatus.Sealed);
            var lost = calls - ended;
            var duplicated = attempts.Count - attempts.Distinct().Count();
            var latencies = simulator.WebhookLatencies.Order().ToArray();
            double Percentile(double p) => latencies[(int)Math.Min(latencies.Length - 1, Math.Ceiling(p * latencies.Length) - 1)];

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            Console.WriteLine($"{calls:N0} simulated calls, {latencies.Length:N0} webhooks, in {seconds:F2} s: {calls / seconds:F1} calls/s (CPU {cpuSeconds:F1} s)");
            Console.WriteLine($"webhook latency as the provider sees it: p50 {Percentile(0.50):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms");
            Console.WriteLine($"outcomes: {ended:N0} ended with a disposition, {attempts.Count:N0} attempts, {lost} lost, {duplicated} duplicated; {recorded:N0} recordings sealed and stored");
            using var self = Process.GetCurrentProcess();
            Console.WriteLine($"peak memory: {self.PeakWorkingSet64 / 1048576.0:F0} MB");
            // Every simulated person consents, so every call must have its recording.
            return lost == 0 && duplicated == 0 && recorded == calls ? 0 : 1;
        }
    }
}
