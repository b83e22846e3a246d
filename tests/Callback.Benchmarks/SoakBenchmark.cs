using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Regions;
using Callback.Persistence;
using Callback.Telephony;
using Callback.Telephony.Resilience;
using Callback.Telephony.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Benchmarks;

/// <summary>
/// Issue 12's soak: 10,000 simulated calls through the real host, with 5 % of the provider's operations failing
/// (placing, fetching, recording, downloading: each as a network error), and the host stopped half-way with calls in
/// flight and started again on the same data. Then: every call whose placement succeeded ended as exactly one
/// attempt, every failed placement is on record and became no attempt; and the managed heap, sampled after a full
/// collection every 1,000 calls, stays flat.
/// </summary>
internal static class SoakBenchmark
{
    private const int Batch = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = RegistryImportBenchmark.IntOption(args, "--calls", 10_000);
        var postgres = RegistryImportBenchmark.StringOption(args, "--postgres", "");
        var data = Path.Combine(Path.GetTempPath(), "callback-bench", "soak-data");
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);
        var clock = new MorningClock();
        var faults = new FaultyProvider.Dice(0.05, seed: 2026);
        string[] settings =
        [
            "--Demo:Persons=3000", "--Telephony:CallsPerSecond=100", "--Telephony:Simulator:RingMilliseconds=0",
            // With --postgres, a fresh database on that server instead of SQLite in the data directory.
            .. postgres.Length > 0
                ? ["--Database:Provider=postgres", $"--Database:ConnectionString={RegistryImportBenchmark.FreshPostgresDatabase(postgres, "callback_soak")}"]
                : Array.Empty<string>(),
        ];
        void Configure(IServiceCollection services)
        {
            services.AddSingleton<TimeProvider>(clock);
            // The port as the host builds it, with the faults between its resilience and the simulator.
            services.AddSingleton<ITelephonyProvider>(sp =>
            {
                var health = sp.GetRequiredService<ProviderHealth>();
                return ResilientTelephonyProvider.Around(new FaultyProvider(sp.GetRequiredService<SimulatorProvider>(), faults), clock, health);
            });
        }

        var host = await BenchHost.StartAsync(data, settings, Configure);
        var units = RegionCatalog.InnerMongolia.Units.Select(u => u.Code).ToArray();
        var created = await host.Admin.PostAsJsonAsync("/api/inspections", new
        {
            kind = "SelfCheck", title = "soak", startsOn = "2026-01-01", endsOn = "2030-12-31", unitCodes = units,
            policy = new { maxAttemptsPerDay = 10 },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await host.Admin.PostAsJsonAsync($"/api/inspections/{id}/draws/all", new { seed = "soak-benchmark-seed-2026" })).EnsureSuccessStatusCode();

        var memory = new List<(int Calls, double Seconds, double HeapMb, double WorkingSetMb)>();
        var started = Stopwatch.StartNew();
        void Sample(int done)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var self = Process.GetCurrentProcess();
            memory.Add((done, started.Elapsed.TotalSeconds, GC.GetTotalMemory(true) / 1048576.0, self.WorkingSet64 / 1048576.0));
        }

        Sample(0);
        var refusedByPolicy = 0;
        var restartAt = calls / 2;
        var restarted = false;
        for (var first = 0; first < calls; first += Batch)
        {
            var count = Math.Min(Batch, calls - first);
            var simulator = host.Services.GetRequiredService<SimulatorProvider>();
            var sids = new List<string>();
            await Parallel.ForAsync(first, first + count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                // 140 persons (14 units × 10), each rung up to 8 times a day; a new day every batch.
                var unit = units[i % units.Length];
                var position = 1 + (i / units.Length % 10);
                for (var tries = 0; ; tries++)
                {
                    using var placed = await host.Admin.PostAsJsonAsync($"/api/inspections/{id}/units/{unit}/sample/{position}/calls", new { mode = "Ivr" }, ct);
                    var body = await placed.Content.ReadFromJsonAsync<JsonElement>(ct);
                    if (placed.StatusCode == HttpStatusCode.Created)
                    {
                        lock (sids)
                            sids.Add(body.GetProperty("providerCallSid").GetString()!);
                        return;
                    }

                    var code = body.TryGetProperty("code", out var c) ? c.GetString() : null;
                    // A failed placement (the injected fault) is on record; nothing to wait for.
                    if (placed.StatusCode == HttpStatusCode.BadGateway)
                        return;
                    // The same person still on the line from this batch's previous round (a webhook can wait seconds for SQLite's
                    // write lock under this load): ring again shortly, for up to a minute.
                    if (code == "call-in-progress" && tries < 2400)
                    {
                        await Task.Delay(25, ct);
                        continue;
                    }

                    if (code == "daily-limit-reached")
                    {
                        Interlocked.Increment(ref refusedByPolicy);
                        return;
                    }

                    throw new InvalidOperationException($"call {i} was not placed: {(int)placed.StatusCode} {body}");
                }
            });

            if (!restarted && first + count >= restartAt)
            {
                // Half-way: stopped with this batch's calls in flight, started again on the same data. The calls the
                // old process was ringing are gone with its simulator; the reconciler must finish each once.
                restarted = true;
                await host.DisposeAsync();
                host = await BenchHost.StartAsync(data, settings, Configure);
                await WaitUntilNoLiveCallsAsync(host, TimeSpan.FromMinutes(2));
            }
            else
            {
                await Task.WhenAll(sids.Select(simulator.WhenEndedAsync));
                await WaitUntilNoLiveCallsAsync(host, TimeSpan.FromMinutes(2));
            }

            Sample(first + count);
            clock.NextDay();
            await host.SignInAsync();
        }

        var seconds = started.Elapsed.TotalSeconds;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var all = await db.Calls.AsNoTracking().Select(c => new { c.Id, c.ProviderCallSid, c.FailureCode, c.AttemptId, c.Status }).ToListAsync();
            var attempts = await db.CallAttempts.AsNoTracking().Where(a => a.CallId != null).Select(a => a.CallId!.Value).ToListAsync();
            var byCall = attempts.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
            var placedCalls = all.Where(c => c.ProviderCallSid != null).ToList();
            var failedPlacements = all.Where(c => c.ProviderCallSid == null).ToList();
            var lost = placedCalls.Count(c => !byCall.ContainsKey(c.Id) || c.AttemptId is null);
            var duplicated = byCall.Values.Sum(n => n - 1);
            var failedWithAttempt = failedPlacements.Count(c => byCall.ContainsKey(c.Id));
            var failedUnexplained = failedPlacements.Count(c => c.FailureCode is null);
            var live = all.Count(c => !CallStatuses.Terminal.Contains(c.Status) && c.ProviderCallSid != null);
            var sealedRecordings = await db.Calls.CountAsync(c => c.Recording!.Status == RecordingStatus.Sealed);

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; database: {(postgres.Length > 0 ? "PostgreSQL" : "SQLite")}");
            Console.WriteLine($"{all.Count:N0} calls in {seconds:F0} s ({all.Count / seconds:F1} calls/s), provider faults injected: {faults.Thrown:N0} of {faults.Rolled:N0} operations ({100.0 * faults.Thrown / Math.Max(1, faults.Rolled):F1} %), one restart after {restartAt:N0}");
            Console.WriteLine($"placed: {placedCalls.Count:N0}; placements failed (on record, no attempt): {failedPlacements.Count:N0}; refused by the daily limit: {refusedByPolicy}");
            Console.WriteLine($"outcomes: {attempts.Count:N0} attempts; lost {lost}, duplicated {duplicated}, still live {live}; failed placements with an attempt {failedWithAttempt}, without a reason {failedUnexplained}");
            Console.WriteLine($"recordings sealed: {sealedRecordings:N0}");
            Console.WriteLine("memory after a full collection (calls done: managed heap / working set):");
            foreach (var (done, at, heap, working) in memory)
                Console.WriteLine($"  {done,6:N0} calls  {at,6:F0} s  heap {heap,6:F1} MB  working set {working,6:F0} MB");
            var afterStart = memory.Skip(1).First();
            Console.WriteLine($"heap: {afterStart.HeapMb:F1} MB after the first 1,000 calls, {memory[^1].HeapMb:F1} MB at the end ({memory[^1].HeapMb / afterStart.HeapMb:F2}×)");
            await host.DisposeAsync();
            return lost == 0 && duplicated == 0 && live == 0 && failedWithAttempt == 0 && failedUnexplained == 0 ? 0 : 1;
        }
    }

    private static async Task WaitUntilNoLiveCallsAsync(BenchHost host, TimeSpan limit)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < limit)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var statuses = await db.Calls.AsNoTracking().Where(c => c.ProviderCallSid != null).Select(c => new { c.Status, c.AttemptId }).ToListAsync();
            if (statuses.All(s => CallStatuses.Terminal.Contains(s.Status) && s.AttemptId != null))
                return;
            await Task.Delay(100);
        }
    }
}
