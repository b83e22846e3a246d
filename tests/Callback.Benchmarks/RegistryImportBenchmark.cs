using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Callback.Domain.Demo;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;
using Callback.Persistence;
using Callback.Persistence.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace Callback.Benchmarks;

/// <summary>
/// Issue 2's benchmark: import N synthetic rows from CSV into a fresh SQLite database with full validation,
/// against the floor of sqlite3's own `.import` of the same file into a table of the same columns.
/// The import runs in a child process of its own so that its peak memory is its own.
/// </summary>
internal static class RegistryImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = IntOption(args, "--rows", 1_000_000);
        var work = Path.GetFullPath(StringOption(args, "--work", Path.Combine(Path.GetTempPath(), "callback-bench")));
        Directory.CreateDirectory(work);
        var csv = Path.Combine(work, $"registry-{rows}.csv");
        if (!File.Exists(csv))
        {
            Console.WriteLine($"generating {rows:N0} synthetic rows → {csv}");
            await using var writer = new StreamWriter(csv, false, new UTF8Encoding(false), 1 << 16);
            new SyntheticRegistryGenerator(RegionCatalog.InnerMongolia).WriteCsv(writer, rows, new DateOnly(2026, 11, 1));
        }

        var size = new FileInfo(csv).Length;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"file: {rows:N0} rows, {size / 1e6:F1} MB");

        var floor = SqliteFloor(csv, work);
        Console.WriteLine($"floor  sqlite3 .import:              {floor:F2} s  ({rows / floor:N0} rows/s)");

        var stage = await RunChildAsync(csv, work);
        var seconds = stage.GetProperty("seconds").GetDouble();
        var peak = stage.GetProperty("peakBytes").GetInt64();
        Console.WriteLine($"callback import (validate + write): {seconds:F2} s  ({rows / seconds:N0} rows/s), peak memory {peak / 1048576.0:F0} MB");
        Console.WriteLine($"ratio to floor: {seconds / floor:F2}×   targets: ≥150,000 rows/s, ≤3× floor, <300 MB");
        var pass = rows / seconds >= 150_000 && seconds <= 3 * floor && peak < 300L * 1024 * 1024;
        Console.WriteLine(pass ? "RESULT: all targets met" : "RESULT: a target was missed");
        return 0;
    }

    /// <summary>The child: one import into a fresh database, then its time and peak working set as JSON.</summary>
    public static async Task<int> RunImportStageAsync(string[] args)
    {
        var csv = args[0];
        var db = args[1];
        foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            File.Delete(f);

        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Callback.Persistence.Registry.RegistryImporter", LogLevel.Debug)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            .AddSingleton(TimeProvider.System)
            .AddCallbackPersistence(_ => $"Data Source={db}")
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().MigrateAsync();

        var clock = Stopwatch.StartNew();
        ImportReport report;
        await using (var scope = services.CreateAsyncScope())
        {
            await using var file = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            report = await scope.ServiceProvider.GetRequiredService<RegistryImporter>()
                .ImportAsync(file, new ImportRequest(Path.GetFileName(csv), "benchmark", Synthetic: true));
        }

        clock.Stop();
        if (report.Added + report.Rejected != report.RowsRead)
            throw new InvalidOperationException("The benchmark's import lost rows.");
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            seconds = clock.Elapsed.TotalSeconds,
            peakBytes = self.PeakWorkingSet64,
            rows = report.RowsRead,
            added = report.Added,
            rejected = report.Rejected,
            gen0 = GC.CollectionCount(0),
            gen1 = GC.CollectionCount(1),
            gen2 = GC.CollectionCount(2),
            gcPauseSeconds = GC.GetTotalPauseDuration().TotalSeconds,
            allocatedMegabytes = GC.GetTotalAllocatedBytes() / 1048576,
        }));
        return 0;
    }

    private static async Task<JsonElement> RunChildAsync(string csv, string work)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(RegistryImportBenchmark).Assembly.Location);
        foreach (var a in new[] { "import-stage", csv, Path.Combine(work, "callback-bench.db") })
            start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"the import stage failed ({child.ExitCode}): {output}");
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static double SqliteFloor(string csv, string work)
    {
        var db = Path.Combine(work, "sqlite3-floor.db");
        File.Delete(db);
        var columns = string.Join(", ", SyntheticRegistryGenerator.Header.Split(',').Select(h => $"\"{h}\" TEXT"));
        var script = $"CREATE TABLE registry ({columns});\n.mode csv\n.import --skip 1 '{csv}' registry\n";
        var start = new ProcessStartInfo("sqlite3", [db]) { RedirectStandardInput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sqlite3 is not installed (apt-get install sqlite3).");
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException("sqlite3 .import failed: " + process.StandardError.ReadToEnd());
        return clock.Elapsed.TotalSeconds;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static string StringOption(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
