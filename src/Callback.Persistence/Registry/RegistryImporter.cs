using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Callback.Persistence.Registry;

/// <summary>
/// Imports a registry export as a new registry version, in one transaction: a row is in or out, and a
/// failure part-way (a truncated file, a cancelled upload, a full disk) leaves the database as it was.
/// The file is streamed; memory grows only with the number of persons (a 16-byte key and hash each).
/// </summary>
public sealed partial class RegistryImporter(
    CallbackDbContext db,
    RegistryRowValidator validator,
    RegionCatalog regions,
    ImportGate gate,
    TimeProvider time,
    ILogger<RegistryImporter> logger)
{
    // Registry rows run at 120–140 bytes in UTF-8; the estimate only decides when to defer indexing.
    private const int BytesPerRowEstimate = 120;

    private static readonly TimeZoneInfo RegistryTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public async Task<ImportReport> ImportAsync(
        Stream file, ImportRequest request, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        using var turn = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var sha256 = await Sha256Async(file, cancellationToken).ConfigureAwait(false);
        using var source = RegistryFile.Open(file, request.Limits);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, RegistryTimeZone).DateTime);
        var report = new ImportReport
        {
            FileName = Path.GetFileName(request.FileName),
            FileSha256 = sha256,
            FileSize = file.Length,
            Format = source.Format,
            Encoding = source.Encoding,
            Synthetic = request.Synthetic,
            DryRun = request.DryRun,
            Scope = request.Scope.ToString(),
        };

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await ImportInOneStepAsync().ConfigureAwait(false);
        }
        finally
        {
            if (request.DryRun)
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        progress?.Report(new ImportProgress(file.Length, file.Length, report.RowsRead));
        if (request.DryRun)
            LogPreviewed(logger, report.RowsRead, report.Added, report.Changed, report.Removed, report.Rejected);
        else
            LogImported(logger, report.Version, report.RowsRead, report.Added, report.Changed, report.Unchanged, report.Removed, report.Rejected);
        return report;

        Task ImportInOneStepAsync() => strategy.ExecuteAsync(async () =>
        {
            // A preview writes nothing: no transaction (a write lock for the whole file), no version, a writer that discards.
            await using var transaction = request.DryRun ? null : await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var version = new RegistryVersion
            {
                ImportedAt = now,
                ImportedBy = request.ImportedBy,
                FileName = report.FileName,
                FileSha256 = sha256,
                FileSize = report.FileSize,
                Format = report.Format,
                Encoding = report.Encoding,
                IsSynthetic = request.Synthetic,
                Scope = report.Scope,
            };
            if (transaction is not null)
            {
                // Versions are numbered 1, 2, 3… with no gaps, on every engine: PostgreSQL's sequences would keep the
                // number of an import that was refused or rolled back. One import at a time (ImportGate, and on
                // PostgreSQL a transaction lock that also holds across instances).
                // Imports from several instances wait for each other here instead of colliding on the number.
                await Leases.TransactionLocks.ImportAsync(db, cancellationToken).ConfigureAwait(false);

                version.Id = (await db.RegistryVersions.MaxAsync(v => (long?)v.Id, cancellationToken).ConfigureAwait(false) ?? 0) + 1;
                db.RegistryVersions.Add(version);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                report.Version = version.Id;
            }
            else
            {
                await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }

            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction?.GetDbTransaction();
            var columns = new RevisionColumns(db);
            var current = await LoadCurrentAsync(columns, connection, dbTransaction, cancellationToken).ConfigureAwait(false);

            // A file that adds more rows than the registry holds is cheaper to index afterwards. On PostgreSQL only
            // into an empty registry: dropping an index there locks the table against every reader until the commit.
            var indexes = transaction is not null && file.Length / BytesPerRowEstimate > current.Count
                          && (current.Count == 0 || db.Database.IsSqlite())
                ? new DeferredIndexes(db, connection, dbTransaction!)
                : null;
            indexes?.Drop();
            using (var writer = transaction is null ? new DiscardingRevisionWriter() : RevisionWriters.Create(columns, connection, dbTransaction!))
            {
                var pipeline = new ImportPipeline(validator, regions, request, today, version.Id, current);
                await pipeline.RunAsync(source, writer, report, file, progress, cancellationToken).ConfigureAwait(false);
                writer.Flush();
            }

            // Known once every sheet was read.
            report.UnknownColumns = [.. source.UnknownColumns];
            report.Sheets = [.. source.SheetsRead];
            report.SkippedSheets = [.. source.SheetsSkipped];

            // A header and nothing else is no registry: no empty version is made (the transaction is not committed).
            if (report.RowsRead == 0)
            {
                throw new RegistryFileException(FileProblemCodes.NoDataRows,
                    "文件只有表头，没有一行数据，未作任何更改：请检查导出时是否选对了工作表和筛选条件");
            }

            // Removing many of a unit's persons is what a wrong or partial export looks like: it needs a second look.
            if (report.RemovalNeedsConfirmation && transaction is not null)
                throw RemovalNeedsConfirmation(report);
            if (transaction is null)
                return;

            var rowsDone = clock.Elapsed;
            indexes?.Create();
            var indexed = clock.Elapsed;

            version.RowsRead = report.RowsRead;
            version.Added = report.Added;
            version.Changed = report.Changed;
            version.Unchanged = report.Unchanged;
            version.Rejected = report.Rejected;
            version.WithoutCallableNumber = report.WithoutCallableNumber;
            version.Removed = report.Removed;
            version.ReportJson = JsonSerializer.Serialize(report, ReportJson.Options);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var reported = clock.Elapsed;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogPhases(logger, rowsDone.TotalSeconds, (indexed - rowsDone).TotalSeconds, (reported - indexed).TotalSeconds, (clock.Elapsed - reported).TotalSeconds, indexes is not null);
        });
    }

    /// <summary>Every person's current revision: id and content hash by certificate key.</summary>
    private static async Task<Dictionary<long, CurrentRecord>> LoadCurrentAsync(
        RevisionColumns columns, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var current = new Dictionary<long, CurrentRecord>();
        var units = new Dictionary<string, string>(StringComparer.Ordinal); // a dozen units, a million persons: one string each
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = columns.CurrentSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = CertificateNumber.Key(reader.GetString(1));
            var unit = reader.GetString(3);
            if (!units.TryGetValue(unit, out var shared))
                units[unit] = shared = unit;
            current[key] = new CurrentRecord(reader.GetInt64(0), PersonRevision.HashValue(reader.GetFieldValue<byte[]>(2)), shared, reader.GetBoolean(4));
        }

        return current;
    }

    private static RegistryFileException RemovalNeedsConfirmation(ImportReport report)
    {
        report.Version = 0; // the version it would have been is rolled back with everything else
        var units = report.Units.Where(u => u.RemovedShare > report.MaxRemovalShare)
            .Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Name}（{u.Unit}）原有 {u.PersonsBefore} 人，文件中缺少 {u.Removed} 人（{u.RemovedShare * 100:0.#}%）"));
        return new RegistryFileException(FileProblemCodes.RemovalNeedsConfirmation,
            string.Create(CultureInfo.InvariantCulture, $"这次导入将移除{string.Join("；", units)}，超过 {report.MaxRemovalShare * 100:0.#}%，未作任何更改。") +
            "如果导出的文件不完整（漏选了旗县区、筛选条件或工作表），请重新导出；如确实有这么多人退出登记，请在预览中确认移除后再导入")
        { Report = report };
    }

    private static async Task<string> Sha256Async(Stream file, CancellationToken cancellationToken)
    {
        var start = file.Position;
        var hash = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
        file.Position = start;
        return Convert.ToHexStringLower(hash);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Import phases: rows {Rows:F2} s, indexes {Indexes:F2} s (deferred: {Deferred}), report {Report:F2} s, commit {Commit:F2} s")]
    private static partial void LogPhases(ILogger logger, double rows, double indexes, double report, double commit, bool deferred);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported registry version {Version}: {Read} rows read, {Added} added, {Changed} changed, {Unchanged} unchanged, {Removed} removed, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, long version, int read, int added, int changed, int unchanged, int removed, int rejected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Previewed an import (nothing written): {Read} rows read, {Added} to add, {Changed} to change, {Removed} to remove, {Rejected} rejected")]
    private static partial void LogPreviewed(ILogger logger, int read, int added, int changed, int removed, int rejected);
}
