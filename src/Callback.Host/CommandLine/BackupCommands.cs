using System.CommandLine;
using System.Security.Cryptography;
using Callback.Host.Hosting;
using Callback.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.CommandLine;

/// <summary>
/// <c>backup FILE</c>: a consistent copy of the database while Callback runs (SQLite's online backup), checked after
/// it is written. <c>restore FILE</c>: the database replaced by a backup, checked first, the current one kept beside
/// it, and brought up to this version's schema.
/// </summary>
internal static class BackupCommands
{
    public static Command Backup(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Where the backup is written (a SQLite file)." };
        var force = new Option<bool>("--force") { Description = "Overwrite FILE if it exists." };
        var command = new Command("backup", "Copy the database to FILE while Callback runs (SQLite online backup); the copy is checked. Recordings and keys are files: see the README.")
        {
            file, force,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(file)!;
            if (target.Exists && !parse.GetValue(force))
            {
                await error.WriteLineAsync($"备份文件已存在，未覆盖 (backup-exists): {target.FullName}（用 --force 覆盖）");
                return 1;
            }

            using var host = await CliHost.StartAsync([.. parse.UnmatchedTokens], ct);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            if (!db.Database.IsSqlite())
                return await NotSqliteAsync(error);
            target.Directory?.Create();
            await using (var source = new SqliteConnection(db.Database.GetConnectionString()))
            await using (var destination = new SqliteConnection(Unpooled(target.FullName)))
            {
                await source.OpenAsync(ct);
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }

            var (problem, migrations) = await CheckAsync(target.FullName, ct);
            if (problem is not null)
            {
                await error.WriteLineAsync($"备份写成了，但检查未通过 (backup-check-failed): {problem}");
                return 1;
            }

            await output.WriteLineAsync($"已备份 / backed up: {target.FullName}");
            await output.WriteLineAsync($"  {new FileInfo(target.FullName).Length:N0} bytes, {migrations.Count} migrations (latest {migrations.LastOrDefault()}), SHA-256 {await HashAsync(target.FullName, ct)}");
            return 0;
        });
        return command;
    }

    public static Command Restore(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A backup made by `callback backup`." };
        var force = new Option<bool>("--force") { Description = "Restore even though an instance seems to be running (its leases have not expired)." };
        var command = new Command("restore", "Replace the database with a backup (stop Callback first). The backup is checked before anything changes; the current database is kept beside it.")
        {
            file, force,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var backup = parse.GetValue(file)!;
            if (!backup.Exists)
            {
                await error.WriteLineAsync($"找不到备份文件 (backup-not-found): {backup.FullName}");
                return 1;
            }

            using var host = await CliHost.StartAsync([.. parse.UnmatchedTokens, "--Database:AutoMigrate=false"], ct);
            string current;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
                if (!db.Database.IsSqlite())
                    return await NotSqliteAsync(error);
                var (problem, migrations) = await CheckAsync(backup.FullName, ct);
                if (problem is not null)
                {
                    await error.WriteLineAsync($"不是可用的 Callback 备份，数据库未作任何改动 (not-a-backup): {problem}");
                    return 1;
                }

                var known = db.Database.GetMigrations().ToHashSet();
                if (migrations.FirstOrDefault(m => !known.Contains(m)) is { } newer)
                {
                    await error.WriteLineAsync($"备份来自更新的 Callback 版本（迁移 {newer} 本版本没有），数据库未作任何改动 (backup-from-newer-version)");
                    return 1;
                }

                current = db.Database.GetConnectionString()!;
            }

            var path = new SqliteConnectionStringBuilder(current).DataSource;
            if (File.Exists(path) && !parse.GetValue(force) && await RunningHolderAsync(current, ct) is { } holder)
            {
                await error.WriteLineAsync($"Callback 似乎正在运行（{holder} 持有的调度租约尚未到期），请先停止它，数据库未作任何改动 (callback-running)；确已停止可加 --force");
                return 1;
            }

            string? kept = null;
            if (File.Exists(path))
            {
                kept = $"{path}.before-restore-{DateTime.UtcNow:yyyyMMddHHmmss}";
                await using var live = new SqliteConnection(current);
                await using var copy = new SqliteConnection(Unpooled(kept));
                await live.OpenAsync(ct);
                await copy.OpenAsync(ct);
                live.BackupDatabase(copy);
            }

            await using (var source = new SqliteConnection(Unpooled(backup.FullName) + ";Mode=ReadOnly"))
            await using (var destination = new SqliteConnection(current))
            {
                await source.OpenAsync(ct);
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }

            SqliteConnection.ClearAllPools();
            // A backup from an older version is brought up to this version's schema.
            await host.Services.PrepareDatabaseAsync(migrate: true, ct);
            await output.WriteLineAsync($"已恢复 / restored: {backup.FullName} → {path}");
            if (kept is not null)
                await output.WriteLineAsync($"  恢复前的数据库保存在 / the database before the restore is kept at: {kept}");
            return 0;
        });
        return command;
    }

    /// <summary>An instance holding a lease that has not expired: Callback is running on this database (or died moments ago).</summary>
    private static async Task<string?> RunningHolderAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT Holder FROM Leases WHERE ExpiresAtMs > $now LIMIT 1";
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            return (string?)await command.ExecuteScalarAsync(ct);
        }
        catch (SqliteException)
        {
            // A database from before the leases: nothing to tell.
            return null;
        }
    }

    /// <summary>PostgreSQL has its own tools for this; the README gives the recipe.</summary>
    private static async Task<int> NotSqliteAsync(TextWriter error)
    {
        await error.WriteLineAsync("backup 与 restore 只用于内嵌的 SQLite 数据库；PostgreSQL 请用 pg_dump 与 pg_restore（见 README 的 “Running on several machines”）(not-sqlite)");
        return 2;
    }

    private static string Unpooled(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    /// <summary>SQLite's own integrity check, and the schema's migration history: a backup is a Callback database.</summary>
    private static async Task<(string? Problem, List<string> Migrations)> CheckAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(Unpooled(path) + ";Mode=ReadOnly");
            await connection.OpenAsync(ct);
            await using var integrity = connection.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check";
            var result = (string?)await integrity.ExecuteScalarAsync(ct);
            if (result != "ok")
                return ($"SQLite integrity_check: {result}", []);
            await using var history = connection.CreateCommand();
            history.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
            var migrations = new List<string>();
            await using (var reader = await history.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                    migrations.Add(reader.GetString(0));
            }

            return migrations.Count == 0 ? ("no migrations applied: not a Callback database", migrations) : (null, migrations);
        }
        catch (SqliteException e)
        {
            return ($"{e.Message.TrimEnd('.')} (SQLite {e.SqliteErrorCode})", []);
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
