using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Regions;
using Callback.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Benchmarks;

/// <summary>
/// Issue 3's benchmark: the whole draw of a spot check over all 14 units (10 persons and 10 reserves each, and 2
/// counties of each) on a registry of a million persons, through the real host's `POST /api/inspections/{id}/draws/all`,
/// against SQLite's `ORDER BY random() LIMIT 10` per unit (the naive, non-reproducible floor) on the same database.
/// </summary>
internal static class DrawBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var work = Path.GetFullPath(args.Length > 1 && args[0] == "--work" ? args[1] : Path.Combine(Path.GetTempPath(), "callback-bench"));
        var source = Path.Combine(work, "callback-bench.db");
        if (!File.Exists(source))
        {
            Console.Error.WriteLine($"{source} is missing: run `registry-import --rows 1000000` first, which leaves its database there.");
            return 2;
        }

        var data = Path.Combine(work, "draw-data");
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "callback.db");
        File.Copy(source, db);

        await using var host = await BenchHost.StartAsync(data, ["--Demo:SeedOnFirstStart=false"]);
        {
            var client = host.Admin;
            var units = RegionCatalog.InnerMongolia.Units.Select(u => u.Code).ToArray();

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            Console.WriteLine($"registry: {Persons(db):N0} persons in {units.Length} units");
            for (var run = 1; run <= 3; run++)
            {
                var created = await client.PostAsJsonAsync("/api/inspections", new
                {
                    kind = "SpotCheck", title = $"benchmark {run}", startsOn = "2026-11-01", endsOn = "2026-12-31", unitCodes = units,
                });
                var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

                var floor = Floor(db, units);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var drawn = await client.PostAsJsonAsync($"/api/inspections/{id}/draws/all", new { seed = $"benchmark-seed-run-{run}-2026" });
                var seconds = clock.Elapsed.TotalSeconds;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                var draws = await drawn.Content.ReadFromJsonAsync<JsonElement>();
                if (!drawn.IsSuccessStatusCode || draws.GetArrayLength() != units.Length * 2)
                    throw new InvalidOperationException($"the draw failed: {draws}");
                var population = draws.EnumerateArray().Where(d => d.GetProperty("kind").GetString() == "Persons").Sum(d => d.GetProperty("populationSize").GetInt32());
                Console.WriteLine($"run {run}: floor ORDER BY random() LIMIT 10 × {units.Length}: {floor:F3} s   draws/all ({units.Length} units + counties, population {population:N0}): {seconds:F3} s (CPU {cpuSeconds:F2} s)   ratio {seconds / floor:F2}×");
            }

            Console.WriteLine("target: the whole draw under 1 s");
        }

        return 0;
    }

    private static long Persons(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM PersonRevisions WHERE ValidToVersion IS NULL";
        return (long)count.ExecuteScalar()!;
    }

    private static double Floor(string db, string[] units)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        foreach (var unit in units)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT CertificateNumber FROM PersonRevisions WHERE UnitCode = $unit AND ValidFromVersion <= 1 " +
                "AND (ValidToVersion IS NULL OR ValidToVersion > 1) ORDER BY random() LIMIT 10";
            command.Parameters.AddWithValue("$unit", unit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                _ = reader.GetString(0);
        }

        return clock.Elapsed.TotalSeconds;
    }
}
