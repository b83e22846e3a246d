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
/// against the floor of sqlite3's own `.import` of the same file into a table of the same columns. With
/// <c>--postgres CONNECTION</c> (issue 12), into a fresh PostgreSQL database on that server instead (binary COPY),
/// against <c>psql \copy</c> of the same file. The import runs in a child process of its own so that its peak memory
/// is its own.
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

        var postgres = StringOption(args, "--postgres", "");
        var floor = postgres.Length > 0 ? PostgresFloor(csv, postgres) : SqliteFloor(csv, work);
        Console.WriteLine(postgres.Length > 0
            ? $"floor  psql \\copy (PostgreSQL):      {floor:F2} s  ({rows / floor:N0} rows/s)"
            : $"floor  sqlite3 .import:              {floor:F2} s  ({rows / floor:N0} rows/s)");

        var stage = await RunChildAsync(csv, postgres.Length > 0 ? postgres : Path.Combine(work, "callback-bench.db"));
        var seconds = stage.GetProperty("seconds").GetDouble();
        var peak = stage.GetProperty("peakBytes").GetInt64();
        Console.WriteLine($"callback import (validate + write): {seconds:F2} s  ({rows / seconds:N0} rows/s), peak memory {peak / 1048576.0:F0} MB, " +
                          $"CPU: Callback's process {stage.GetProperty("cpuSeconds").GetDouble():F2} s, the whole machine {stage.GetProperty("machineBusySeconds").GetDouble():F2} s");
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
        var connection = db.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? new DatabaseConnection(DatabaseProvider.Postgres, FreshPostgresDatabase(db, "callback_bench"))
            : new DatabaseConnection(DatabaseProvider.Sqlite, $"Data Source={db}");
        if (connection.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
                File.Delete(f);
        }

        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Callback.Persistence.Registry.RegistryImporter", LogLevel.Debug)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            .AddSingleton(TimeProvider.System)
            .AddCallbackPersistence(_ => connection)
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().MigrateAsync();

        var cpuBefore = Environment.CpuUsage.TotalTime;
        var machineBefore = MachineBusySeconds();
        var clock = Stopwatch.StartNew();
        ImportReport report;
        await using (var scope = services.CreateAsyncScope())
        {
            await using var file = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            report = await scope.ServiceProvider.GetRequiredService<RegistryImporter>()
                .ImportAsync(file, new ImportRequest(Path.GetFileName(csv), "benchmark", Synthetic: true));
        }

        clock.Stop();
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var machine = MachineBusySeconds() - machineBefore;
        if (report.Added + report.Rejected != report.RowsRead)
            throw new InvalidOperationException("The benchmark's import lost rows.");
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            seconds = clock.Elapsed.TotalSeconds,
            cpuSeconds = cpu.TotalSeconds,
            machineBusySeconds = machine,
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

    /// <summary>CPU time every core of the machine spent busy so far (Linux's /proc/stat; 0 elsewhere): with a database server on the same machine, what it spent shows here.</summary>
    private static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
            return 0;
        // cpu  user nice system idle iowait irq softirq steal …, in clock ticks of 1/100 s.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new[] { 1, 2, 3, 6, 7 }.Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<JsonElement> RunChildAsync(string csv, string database)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(RegistryImportBenchmark).Assembly.Location);
        foreach (var a in new[] { "import-stage", csv, database })
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

    /// <summary>psql's client-side COPY of the file into a table of the same columns, all text, in a fresh database.</summary>
    private static double PostgresFloor(string csv, string server)
    {
        var database = new Npgsql.NpgsqlConnectionStringBuilder(FreshPostgresDatabase(server, "callback_bench_floor"));
        var libpq = $"host={database.Host} port={database.Port} user={database.Username} dbname={database.Database}" +
                    (database.Password is { Length: > 0 } password ? $" password={password}" : "");
        var columns = string.Join(", ", SyntheticRegistryGenerator.Header.Split(',').Select(h => $"\"{h}\" text"));
        Psql(libpq, $"CREATE TABLE registry ({columns})");
        var clock = Stopwatch.StartNew();
        Psql(libpq, $"\\copy registry FROM '{csv}' WITH (FORMAT csv, HEADER true)");
        return clock.Elapsed.TotalSeconds;
    }

    private static void Psql(string libpq, string command)
    {
        var start = new ProcessStartInfo("psql", [libpq, "-v", "ON_ERROR_STOP=1", "-q", "-c", command]) { RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("psql is not installed (apt-get install postgresql-client).");
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException("psql failed: " + process.StandardError.ReadToEnd());
    }

    /// <summary>Drops and creates a database on the server; its connection string.</summary>
    internal static string FreshPostgresDatabase(string server, string name)
    {
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        using (var connection = new Npgsql.NpgsqlConnection(admin.ConnectionString))
        {
            connection.Open();
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"CREATE DATABASE \"{name}\"" })
            {
                using var command = new Npgsql.NpgsqlCommand(sql, connection);
                command.ExecuteNonQuery();
            }
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    internal static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    internal static string StringOption(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
