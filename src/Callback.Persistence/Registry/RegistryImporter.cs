using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
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
            UnknownColumns = source.Header.UnknownColumns,
        };

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
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
            };
            db.RegistryVersions.Add(version);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            report.Version = version.Id;

            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            var columns = new RevisionColumns(db);
            var current = await LoadCurrentAsync(columns, connection, dbTransaction, cancellationToken).ConfigureAwait(false);

            // A file that adds more rows than the registry holds is cheaper to index afterwards.
            var indexes = new DeferredIndexes(db, connection, dbTransaction);
            var deferIndexes = file.Length / BytesPerRowEstimate > current.Count;
            if (deferIndexes)
                indexes.Drop();
            using (var writer = RevisionWriters.Create(columns, connection, dbTransaction))
            {
                var pipeline = new ImportPipeline(validator, today, version.Id, request.Synthetic, current);
                await pipeline.RunAsync(source, writer, report, file, progress, cancellationToken).ConfigureAwait(false);
                writer.Flush();
            }

            // A header and nothing else is no registry: no empty version is made (the transaction is not committed).
            if (report.RowsRead == 0)
            {
                throw new RegistryFileException(FileProblemCodes.NoDataRows,
                    "文件只有表头，没有一行数据，未作任何更改：请检查导出时是否选对了工作表和筛选条件");
            }

            var rowsDone = clock.Elapsed;
            if (deferIndexes)
                indexes.Create();
            var indexed = clock.Elapsed;

            version.RowsRead = report.RowsRead;
            version.Added = report.Added;
            version.Changed = report.Changed;
            version.Unchanged = report.Unchanged;
            version.Rejected = report.Rejected;
            version.WithoutCallableNumber = report.WithoutCallableNumber;
            version.ReportJson = JsonSerializer.Serialize(report, ReportJson.Options);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var reported = clock.Elapsed;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogPhases(logger, rowsDone.TotalSeconds, (indexed - rowsDone).TotalSeconds, (reported - indexed).TotalSeconds, (clock.Elapsed - reported).TotalSeconds, deferIndexes);
        }).ConfigureAwait(false);

        progress?.Report(new ImportProgress(file.Length, file.Length, report.RowsRead));
        LogImported(logger, report.Version, report.RowsRead, report.Added, report.Changed, report.Unchanged, report.Rejected);
        return report;
    }

    /// <summary>Every person's current revision: id and content hash by certificate key.</summary>
    private static async Task<Dictionary<long, CurrentRecord>> LoadCurrentAsync(
        RevisionColumns columns, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var current = new Dictionary<long, CurrentRecord>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = columns.CurrentSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = CertificateNumber.Key(reader.GetString(1));
            current[key] = new CurrentRecord(reader.GetInt64(0), PersonRevision.HashValue(reader.GetFieldValue<byte[]>(2)));
        }

        return current;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported registry version {Version}: {Read} rows read, {Added} added, {Changed} changed, {Unchanged} unchanged, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, long version, int read, int added, int changed, int unchanged, int rejected);
}
