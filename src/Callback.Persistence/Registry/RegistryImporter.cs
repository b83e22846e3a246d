using System.Data.Common;
using System.Globalization;
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
    private const int ProgressEvery = 5000;

    private static readonly TimeZoneInfo RegistryTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public async Task<ImportReport> ImportAsync(
        Stream file, ImportRequest request, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        using var turn = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);

        var sha256 = await Sha256Async(file, cancellationToken).ConfigureAwait(false);
        using var source = RegistryFile.Open(file);
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
            var current = await LoadCurrentAsync(connection, transaction.GetDbTransaction(), cancellationToken).ConfigureAwait(false);
            using (var writer = new RevisionWriter(db, connection, transaction.GetDbTransaction()))
            {
                ImportRows(source, writer, current, report, today, request.Synthetic, file, progress, cancellationToken);
                writer.Flush();
            }

            version.RowsRead = report.RowsRead;
            version.Added = report.Added;
            version.Changed = report.Changed;
            version.Unchanged = report.Unchanged;
            version.Rejected = report.Rejected;
            version.WithoutCallableNumber = report.WithoutCallableNumber;
            version.ReportJson = JsonSerializer.Serialize(report, ReportJson.Options);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        progress?.Report(new ImportProgress(file.Length, file.Length, report.RowsRead));
        LogImported(logger, report.Version, report.RowsRead, report.Added, report.Changed, report.Unchanged, report.Rejected);
        return report;
    }

    private void ImportRows(
        IRegistryRowSource source, RevisionWriter writer, Dictionary<long, CurrentRecord> current, ImportReport report,
        DateOnly today, bool synthetic, Stream file, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var hasher = new RecordHasher();
        var firstRowByKey = new Dictionary<long, int>();
        while (source.Read())
        {
            var row = source.Row;
            report.RowsRead++;
            if (report.RowsRead % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ImportProgress(file.Position, file.Length, report.RowsRead));
            }

            var verdict = validator.Validate(row, source.Cells, today);
            if (verdict.Record is not { } record)
            {
                Reject(report, row, CertificateNumber.Normalise(source.Cells[(int)RegistryColumn.Certificate]), verdict.Problems);
                continue;
            }

            var key = CertificateNumber.Key(record.CertificateNumber);
            if (!firstRowByKey.TryAdd(key, row))
            {
                var first = firstRowByKey[key];
                Reject(report, row, record.CertificateNumber,
                [
                    new RowProblem(RegistryColumn.Certificate, RowProblemCodes.DuplicateCertificate,
                        $"残疾人证号与第 {first} 行重复，已采用第 {first} 行"),
                ]);
                continue;
            }

            foreach (var warning in verdict.Warnings)
                report.Warnings.Add(new RowWarning(row, warning.ColumnHeader, warning.Code, warning.Message));
            if (!record.HasCallableNumber)
                report.WithoutCallableNumber++;

            var hash = hasher.Hash(record);
            if (current.TryGetValue(key, out var existing))
            {
                if (existing.Hash == hash)
                {
                    report.Unchanged++;
                    continue;
                }

                writer.Close(existing.RevisionId, report.Version);
                report.Changed++;
            }
            else
            {
                report.Added++;
            }

            writer.Add(PersonRevision.From(record, report.Version, row, synthetic, hash.ToString("x32", CultureInfo.InvariantCulture)));
        }
    }

    private static void Reject(ImportReport report, int row, string certificate, IReadOnlyList<RowProblem> problems)
    {
        report.Rejected++;
        var headline = problems[0];
        report.RejectedRows.Add(new RejectedRow(row, CertificateNumber.Mask(certificate), headline.ColumnHeader, headline.Code,
            headline.Message, [.. problems.Select(ReportedProblem.From)]));
    }

    /// <summary>Every person's current revision: id and content hash by certificate key.</summary>
    private static async Task<Dictionary<long, CurrentRecord>> LoadCurrentAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var current = new Dictionary<long, CurrentRecord>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"SELECT \"{nameof(PersonRevision.Id)}\", \"{nameof(PersonRevision.CertificateNumber)}\", \"{nameof(PersonRevision.ContentHash)}\" " +
            $"FROM \"PersonRevisions\" WHERE \"{nameof(PersonRevision.ValidToVersion)}\" IS NULL";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = CertificateNumber.Key(reader.GetString(1));
            current[key] = new CurrentRecord(reader.GetInt64(0), UInt128.Parse(reader.GetString(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported registry version {Version}: {Read} rows read, {Added} added, {Changed} changed, {Unchanged} unchanged, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, long version, int read, int added, int changed, int unchanged, int rejected);

    private readonly record struct CurrentRecord(long RevisionId, UInt128 Hash);
}
