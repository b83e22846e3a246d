using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Callback.Host.CommandLine;
using Callback.Tests.Support;

namespace Callback.Tests.CommandLine;

/// <summary>The Callback program's subcommands, run in-process as ./callback runs them.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CallbackCommandLine.InvokeAsync([.. args, .. _directory.HostSettings], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Import_prints_the_report_as_json_and_exits_0_whatever_rows_it_rejected()
    {
        var (exit, output, _) = await RunAsync("import", Fixtures.PathOf("registry-bad-rows.csv"), "--json");

        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        Assert.Equal(25, root.GetProperty("rowsRead").GetInt32());
        Assert.Equal(12, root.GetProperty("added").GetInt32());
        Assert.Equal(0, root.GetProperty("changed").GetInt32());
        Assert.Equal(0, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(13, root.GetProperty("rejected").GetInt32());
        var first = root.GetProperty("rejectedRows")[0];
        Assert.Equal(1, first.GetProperty("row").GetInt32());
        Assert.Equal("残疾人证号", first.GetProperty("column").GetString());
        Assert.Equal("id-checksum", first.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Import_prints_a_readable_chinese_report_with_codes()
    {
        var (exit, output, _) = await RunAsync("import", Fixtures.PathOf("registry-bad-rows.csv"));

        Assert.Equal(0, exit);
        Assert.Contains("拒绝 13", output, StringComparison.Ordinal);
        Assert.Contains("第 14 行", output, StringComparison.Ordinal);
        Assert.Contains("[duplicate-certificate]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_import_into_the_same_database_counts_unchanged_rows()
    {
        await RunAsync("import", Fixtures.PathOf("registry-sample.csv"));
        var (_, output, _) = await RunAsync("import", Fixtures.PathOf("registry-sample.csv"), "--json");

        using var report = JsonDocument.Parse(output);
        Assert.Equal(2, report.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(3000, report.RootElement.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task A_dry_run_prints_what_would_happen_and_removals_beyond_the_share_exit_3_until_confirmed()
    {
        await RunAsync("import", Fixtures.PathOf("registry-sample.csv"));
        var lines = await File.ReadAllLinesAsync(Fixtures.PathOf("registry-sample.csv"));
        var partial = _directory.File("partial.csv");
        await File.WriteAllLinesAsync(partial, lines.Take(1 + 2000));

        var (dryExit, dryOutput, _) = await RunAsync("import", partial, "--dry-run", "--scope", "province");
        var (refusedExit, refusedOutput, refusedError) = await RunAsync("import", partial, "--scope", "province");
        var (badScopeExit, _, badScopeError) = await RunAsync("import", partial, "--scope", "150199");
        var (exit, output, _) = await RunAsync("import", partial, "--scope", "province", "--confirm-removals", "--json");

        Assert.Equal(0, dryExit);
        Assert.Contains("预览 / preview", dryOutput, StringComparison.Ordinal);
        Assert.Contains("移除 1000 (removed)", dryOutput, StringComparison.Ordinal);
        Assert.Contains("全区 (province)", dryOutput, StringComparison.Ordinal);
        Assert.Equal(ImportCommand.RemovalsNeedConfirming, refusedExit);
        Assert.Contains("未导入 / not imported", refusedOutput, StringComparison.Ordinal);
        Assert.Contains("removal-needs-confirmation", refusedError, StringComparison.Ordinal);
        Assert.Contains("--confirm-removals", refusedError, StringComparison.Ordinal);
        Assert.Equal(ImportCommand.CouldNotRead, badScopeExit);
        Assert.Contains("150199", badScopeError, StringComparison.Ordinal);
        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(output);
        // The refused import took no version number (nor on PostgreSQL, whose sequences keep a rolled-back number).
        Assert.Equal(2, report.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(1000, report.RootElement.GetProperty("removed").GetInt32());
    }

    [Fact]
    public async Task The_report_of_a_workbook_names_its_sheets_and_a_rejected_rows_sheet_and_excel_row()
    {
        var header = Fixtures.Header.Split(',');
        var bad = Fixtures.ValidRow.Split(',');
        bad[1] = "未知";
        var path = _directory.File("leagues.xlsx");
        using (var workbook = Workbooks.Create(
            new SheetSpec("字典", [["就业形式"]], Hidden: true),
            new SheetSpec("赛罕区", [["标题"], header, bad])))
        {
            await File.WriteAllBytesAsync(path, workbook.ToArray());
        }

        var (exit, output, _) = await RunAsync("import", path);

        Assert.Equal(0, exit);
        Assert.Contains("读取的工作表 / sheets read: “赛罕区”（表头在第 2 行，1 行）", output, StringComparison.Ordinal);
        Assert.Contains("跳过的工作表 / sheets skipped: “字典”（隐藏 hidden）", output, StringComparison.Ordinal);
        Assert.Contains("工作表“赛罕区”第 1 行（Excel 行号 3）", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_exits_non_zero_with_a_clear_message()
    {
        var path = _directory.File("photo.png");
        await File.WriteAllBytesAsync(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 0]);

        var (exit, output, error) = await RunAsync("import", path, "--json");

        Assert.NotEqual(0, exit);
        Assert.Contains("not-a-spreadsheet", error, StringComparison.Ordinal);
        Assert.Contains("不是 CSV 或 Excel", error, StringComparison.Ordinal);
        Assert.Equal("not-a-spreadsheet", JsonDocument.Parse(output).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_missing_file_exits_non_zero_and_creates_no_database()
    {
        var (exit, _, error) = await RunAsync("import", _directory.File("nowhere.csv"));

        Assert.NotEqual(0, exit);
        Assert.Contains("file-not-found", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("callback.db")));
    }

    [Fact]
    [Trait(TestDatabase.Trait, "sqlite-only")]
    public async Task Migrate_brings_a_new_database_up_to_date()
    {
        var (exit, output, _) = await RunAsync("migrate");

        Assert.Equal(0, exit);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Callback.Persistence.CallbackDbContext>()
            .UseSqlite($"Data Source={_directory.File("callback.db")}").Options;
        using var db = new Callback.Persistence.CallbackDbContext(options);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    [Trait(TestDatabase.Trait, "sqlite-only")]
    public async Task A_backup_restores_the_database_as_it_was_and_keeps_the_one_it_replaces()
    {
        var registry = _directory.File("demo.csv");
        Assert.Equal(0, (await RunAsync("demo-data", "--count", "50", "--out", registry)).Exit);
        Assert.Equal(0, (await RunAsync("import", registry, "--synthetic")).Exit);
        var backup = _directory.File("backups/before.db");

        var (exit, output, _) = await RunAsync("backup", backup);
        Assert.Equal(0, exit);
        Assert.Contains("backed up", output, StringComparison.Ordinal);
        Assert.Contains("SHA-256", output, StringComparison.Ordinal);
        // A second backup does not overwrite the first unless told to.
        var (again, _, refusal) = await RunAsync("backup", backup);
        Assert.Equal(1, again);
        Assert.Contains("backup-exists", refusal, StringComparison.Ordinal);

        // Another import after the backup; the restore takes the database back to before it.
        Assert.Equal(0, (await RunAsync("import", registry, "--synthetic")).Exit);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM RegistryVersions"));
        (exit, output, _) = await RunAsync("restore", backup);
        Assert.Equal(0, exit);
        Assert.Contains("restored", output, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM RegistryVersions"));
        var kept = Assert.Single(Directory.GetFiles(_directory.Path, "callback.db.before-restore-*"));
        Assert.Contains(kept, output, StringComparison.Ordinal);

        // While an instance runs (a lease not yet expired), nothing is restored unless told so.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_directory.File("callback.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var lease = connection.CreateCommand();
            lease.CommandText = $"INSERT INTO Leases (Name, Holder, ExpiresAtMs) VALUES ('plans', 'machine-a', {DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds()})";
            await lease.ExecuteNonQueryAsync();
        }

        var (running, _, refused) = await RunAsync("restore", backup);
        Assert.Equal(1, running);
        Assert.Contains("callback-running", refused, StringComparison.Ordinal);
        Assert.Contains("machine-a", refused, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("restore", backup, "--force")).Exit);
    }

    [Fact]
    [Trait(TestDatabase.Trait, "sqlite-only")]
    public async Task A_file_that_is_no_backup_is_refused_and_the_database_is_left_as_it_was()
    {
        var registry = _directory.File("demo.csv");
        Assert.Equal(0, (await RunAsync("demo-data", "--count", "20", "--out", registry)).Exit);
        Assert.Equal(0, (await RunAsync("import", registry, "--synthetic")).Exit);

        var (exit, _, error) = await RunAsync("restore", registry);
        Assert.Equal(1, exit);
        Assert.Contains("not-a-backup", error, StringComparison.Ordinal);
        (exit, _, error) = await RunAsync("restore", _directory.File("missing.db"));
        Assert.Equal(1, exit);
        Assert.Contains("backup-not-found", error, StringComparison.Ordinal);
        // An empty SQLite file is a database, but not Callback's.
        var empty = _directory.File("empty.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={empty};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE t (x INTEGER)";
            await create.ExecuteNonQueryAsync();
        }

        (exit, _, error) = await RunAsync("restore", empty);
        Assert.Equal(1, exit);
        Assert.Contains("not-a-backup", error, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM RegistryVersions"));
        Assert.Empty(Directory.GetFiles(_directory.Path, "callback.db.before-restore-*"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_directory.File("callback.db")};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    [Trait(TestDatabase.Trait, "postgres-only")]
    public async Task On_postgres_backup_and_restore_point_to_pg_dump_and_touch_nothing()
    {
        Assert.True(TestDatabase.IsPostgres, $"{TestDatabase.Variable} must name a PostgreSQL server for this test");
        var file = _directory.File("backup.db");

        var (backupExit, _, backupError) = await RunAsync("backup", file);
        await File.WriteAllTextAsync(file, "not a backup");
        var (restoreExit, _, restoreError) = await RunAsync("restore", file);

        Assert.Equal(2, backupExit);
        Assert.Equal(2, restoreExit);
        Assert.Contains("pg_dump", backupError, StringComparison.Ordinal);
        Assert.Contains("(not-sqlite)", restoreError, StringComparison.Ordinal);
        Assert.Equal("not a backup", await File.ReadAllTextAsync(file));
        Assert.False(File.Exists(_directory.File("callback.db")));
    }

    [Fact]
    public async Task Demo_data_writes_valid_synthetic_persons_that_import_without_rejections()
    {
        var path = _directory.File("demo.csv");
        var (exit, _, _) = await RunAsync("demo-data", "--count", "500", "--out", path);
        Assert.Equal(0, exit);

        var (_, output, _) = await RunAsync("import", path, "--json", "--synthetic");

        using var report = JsonDocument.Parse(output);
        Assert.Equal(500, report.RootElement.GetProperty("added").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("rejected").GetInt32());
        Assert.True(report.RootElement.GetProperty("synthetic").GetBoolean());
    }

    [Fact]
    public async Task Rubric_prints_the_22_items_their_maxima_and_the_rules_in_force()
    {
        var (exit, output, _) = await RunAsync("rubric", "--json");

        Assert.Equal(0, exit);
        var rubric = JsonDocument.Parse(output).RootElement;
        Assert.Equal(22, rubric.GetProperty("items").GetArrayLength());
        Assert.Equal(101, rubric.GetProperty("printedTotal").GetInt32());
        Assert.Equal(20, rubric.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "4.4").GetProperty("maximum").GetInt32());
        Assert.Contains(rubric.GetProperty("rules").EnumerateArray(), r => r.GetString()!.Contains("ScaleToMaximum", StringComparison.Ordinal));

        var (_, text, _) = await RunAsync("rubric", "--Scoring:EntryItem=CapAtMaximum");
        Assert.Contains("合计 101 分", text, StringComparison.Ordinal);
        Assert.Contains("CapAtMaximum", text, StringComparison.Ordinal);
        Assert.Contains("[standard-exceeds-maximum]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_draw_refuses_a_short_seed_and_an_unknown_unit()
    {
        var registry = Fixtures.PathOf("registry-sample.csv");
        var (shortSeed, _, error1) = await RunAsync("verify-draw", "--registry", registry, "--seed", "too-short", "--unit", "150100");
        var (badUnit, _, error2) = await RunAsync("verify-draw", "--registry", registry, "--seed", "a-seed-long-enough", "--unit", "999999");

        Assert.Equal(2, shortSeed);
        Assert.Contains("seed-too-short", error1, StringComparison.Ordinal);
        Assert.Equal(2, badUnit);
        Assert.Contains("unknown-unit", error2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_draw_prints_the_full_certificate_numbers_in_draw_order()
    {
        var (exit, output, _) = await RunAsync("verify-draw", "--registry", Fixtures.PathOf("registry-sample.csv"), "--seed", "a-seed-long-enough", "--unit", "150781", "--n", "3", "--reserves", "2");

        Assert.Equal(0, exit);
        Assert.Contains("总体 57 人", output, StringComparison.Ordinal);
        Assert.Equal(5, output.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\. [0-9]{17}[0-9X][1-7][1-4]\s*$")));
    }

    [Fact]
    public async Task Help_lists_the_subcommands()
    {
        var (_, output, _) = await RunAsync("--help");

        foreach (var command in new[] { "serve", "migrate", "backup", "restore", "import", "demo-data", "verify-draw", "rubric" })
            Assert.Contains(command, output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
