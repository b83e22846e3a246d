using System.Collections.Concurrent;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;

namespace Callback.Persistence.Registry;

/// <summary>
/// The rows of one import in two stages that overlap: a thread of its own reads, validates and hashes rows and
/// decides added / changed / unchanged / duplicate in file order, while the caller's thread writes. The queue
/// between them is bounded, so memory stays flat however large the file. (Validating batches in parallel was
/// measured too: on two cores the hand-offs cost more than they saved.)
/// </summary>
internal sealed class ImportPipeline(
    RegistryRowValidator validator, DateOnly today, long version, bool synthetic, IReadOnlyDictionary<long, CurrentRecord> current)
{
    private const int BatchSize = 1000;
    private const int ProgressEvery = 5000;

    public async Task RunAsync(
        IRegistryRowSource source, IRevisionWriter writer, ImportReport report, Stream file,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        using var queue = new BlockingCollection<List<WriteOperation>>(boundedCapacity: 4);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Factory.StartNew(() =>
        {
            try
            {
                Read(source, queue, report, file, progress, stop.Token);
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(stop.Token))
            {
                foreach (var operation in batch)
                {
                    if (operation.CloseRevisionId != 0)
                        writer.Close(operation.CloseRevisionId, version);
                    writer.Add(operation.Insert);
                }
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reading.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        // A broken file surfaces here, with its own exception.
        await reading.ConfigureAwait(false);
    }

    private void Read(
        IRegistryRowSource source, BlockingCollection<List<WriteOperation>> queue, ImportReport report, Stream file,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var hasher = new RecordHasher();
        var firstRowByKey = new Dictionary<long, int>();
        var batch = new List<WriteOperation>(BatchSize);
        while (source.Read())
        {
            if (++report.RowsRead % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ImportProgress(file.Position, file.Length, report.RowsRead));
            }

            if (Decide(Validate(source.Row, source.Cells, hasher), report, firstRowByKey) is { } write)
            {
                batch.Add(write);
                if (batch.Count == BatchSize)
                {
                    queue.Add(batch, cancellationToken);
                    batch = new List<WriteOperation>(BatchSize);
                }
            }
        }

        if (batch.Count > 0)
            queue.Add(batch, cancellationToken);
    }

    private ValidatedRow Validate(int row, IReadOnlyList<string?> cells, RecordHasher hasher)
    {
        var verdict = validator.Validate(row, cells, today);
        if (verdict.Record is not { } record)
            return new ValidatedRow(verdict, CertificateNumber.Normalise(cells[(int)RegistryColumn.Certificate]), 0, 0, null);
        var hash = hasher.Hash(record);
        var revision = PersonRevision.From(record, version, row, synthetic, hash);
        return new ValidatedRow(verdict, record.CertificateNumber, CertificateNumber.Key(record.CertificateNumber), hash, revision);
    }

    private WriteOperation? Decide(ValidatedRow validated, ImportReport report, Dictionary<long, int> firstRowByKey)
    {
        var verdict = validated.Verdict;
        var row = verdict.Row;
        if (validated.Revision is not { } revision)
        {
            Reject(report, row, validated.Certificate, verdict.Problems);
            return null;
        }

        if (!firstRowByKey.TryAdd(validated.Key, row))
        {
            var first = firstRowByKey[validated.Key];
            Reject(report, row, validated.Certificate,
            [
                new RowProblem(RegistryColumn.Certificate, RowProblemCodes.DuplicateCertificate, $"残疾人证号与第 {first} 行重复，已采用第 {first} 行"),
            ]);
            return null;
        }

        foreach (var warning in verdict.Warnings)
            report.Warnings.Add(new RowWarning(row, warning.ColumnHeader, warning.Code, warning.Message));
        if (!revision.HasCallableNumber)
            report.WithoutCallableNumber++;

        if (current.TryGetValue(validated.Key, out var existing))
        {
            if (existing.Hash == validated.Hash)
            {
                report.Unchanged++;
                return null;
            }

            report.Changed++;
            return new WriteOperation(revision, existing.RevisionId);
        }

        report.Added++;
        return new WriteOperation(revision, 0);
    }

    private static void Reject(ImportReport report, int row, string certificate, IReadOnlyList<RowProblem> problems)
    {
        report.Rejected++;
        var headline = problems[0];
        report.RejectedRows.Add(new RejectedRow(row, CertificateNumber.Mask(certificate), headline.ColumnHeader, headline.Code,
            headline.Message, [.. problems.Select(ReportedProblem.From)]));
    }

    private readonly record struct ValidatedRow(RowVerdict Verdict, string Certificate, long Key, UInt128 Hash, PersonRevision? Revision);

    /// <summary>Insert a revision, first closing the person's current one when <see cref="CloseRevisionId"/> is not 0.</summary>
    private readonly record struct WriteOperation(PersonRevision Insert, long CloseRevisionId);
}

/// <summary>A person's current revision: its id and content hash.</summary>
internal readonly record struct CurrentRecord(long RevisionId, UInt128 Hash);
