using System.Collections.Concurrent;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;

namespace Callback.Persistence.Registry;

/// <summary>
/// The rows of one import in two stages that overlap: a thread of its own reads, validates and hashes rows and
/// decides added / changed / unchanged / duplicate in file order, then which persons of the scope the file left out
/// (removed), while the caller's thread writes. The queue between them is bounded, so memory stays flat however
/// large the file. (Validating batches in parallel was measured too: on two cores the hand-offs cost more than they saved.)
/// </summary>
internal sealed class ImportPipeline(
    RegistryRowValidator validator, RegionCatalog regions, ImportRequest request, DateOnly today, long version,
    IReadOnlyDictionary<long, CurrentRecord> current)
{
    // Certificates of rows refused for other reasons: the person is still in the export and is not removed.
    private readonly HashSet<long> _refusedButPresent = [];

    // Valid rows per unit, inside the scope or not: the scope a preview proposes.
    private readonly Dictionary<string, int> _rowsByUnit = new(StringComparer.Ordinal);

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
                    if (operation.Insert is { } insert)
                        writer.Add(insert);
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
        var firstRowByKey = new Dictionary<long, long>();
        var batch = new List<WriteOperation>(BatchSize);
        while (source.Read())
        {
            if (++report.RowsRead % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ImportProgress(file.Position, file.Length, report.RowsRead));
            }

            var place = new Place(source.Sheet, Math.Max(0, source.SheetsRead.Count - 1), source.Row);
            if (Decide(Validate(place, source.Cells, source.CellProblems, hasher), report, firstRowByKey, source.SheetsRead) is { } write)
            {
                batch.Add(write);
                if (batch.Count == BatchSize)
                {
                    queue.Add(batch, cancellationToken);
                    batch = new List<WriteOperation>(BatchSize);
                }
            }
        }

        if (report.RowsRead > 0)
            batch.AddRange(Removals(report, firstRowByKey));
        if (batch.Count > 0)
            queue.Add(batch, cancellationToken);
    }

    /// <summary>
    /// The scope's persons whose certificate appears nowhere in the file: each current revision is closed, nothing
    /// opened. Counted per unit; a unit losing more than the set share of its persons needs confirming.
    /// </summary>
    private List<WriteOperation> Removals(ImportReport report, Dictionary<long, long> accepted)
    {
        var scope = request.Scope;
        bool Covers(string unit) => scope.Kind switch
        {
            ImportScopeKind.Province => true,
            ImportScopeKind.Units => scope.Units.Contains(unit),
            _ => _rowsByUnit.ContainsKey(unit),
        };

        // Persons of the import's own kind count toward the guard. A real export also clears the demo persons of its
        // scope (they were never anyone), without asking; a synthetic (demo) file never removes a real person.
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        var removedByUnit = new Dictionary<string, int>(StringComparer.Ordinal);
        var demoRemovedByUnit = new Dictionary<string, int>(StringComparer.Ordinal);
        var removals = new List<WriteOperation>();
        foreach (var (key, person) in current)
        {
            var ownKind = person.Synthetic == request.Synthetic;
            if (ownKind)
                before[person.Unit] = before.GetValueOrDefault(person.Unit) + 1;
            if (!Covers(person.Unit) || accepted.ContainsKey(key) || _refusedButPresent.Contains(key) || (!ownKind && request.Synthetic))
                continue;
            var counted = ownKind ? removedByUnit : demoRemovedByUnit;
            counted[person.Unit] = counted.GetValueOrDefault(person.Unit) + 1;
            removals.Add(new WriteOperation(null, person.RevisionId));
        }

        var units = before.Keys.Union(demoRemovedByUnit.Keys).Union(_rowsByUnit.Keys).Union(scope.Units).Order(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            report.Units.Add(new UnitCount(unit, regions.FindUnit(unit)?.Name ?? unit, _rowsByUnit.GetValueOrDefault(unit),
                before.GetValueOrDefault(unit), removedByUnit.GetValueOrDefault(unit), Covers(unit), demoRemovedByUnit.GetValueOrDefault(unit)));
        }

        report.Removed = removals.Count;
        report.MaxRemovalShare = request.MaxRemovalShare;
        report.RemovalsConfirmed = request.ConfirmRemovals;
        report.RemovalNeedsConfirmation = !request.ConfirmRemovals && report.Units.Any(u => u.RemovedShare > request.MaxRemovalShare);
        return removals;
    }

    private ValidatedRow Validate(Place place, IReadOnlyList<string?> cells, IReadOnlyList<RowProblem> cellProblems, RecordHasher hasher)
    {
        var verdict = validator.Validate(place.Row, cells, today);
        // A cell the reader could not read (a formula without its value) rejects the row, its own problem first.
        if (cellProblems.Count > 0)
        {
            verdict = verdict with
            {
                Record = null,
                Problems = [.. cellProblems, .. verdict.Problems.Where(p => cellProblems.All(c => c.Column != p.Column))],
            };
        }

        if (verdict.Record is not { } record)
            return new ValidatedRow(verdict, place, CertificateNumber.Normalise(cells[(int)RegistryColumn.Certificate]), 0, 0, null);
        var hash = hasher.Hash(record);
        var revision = PersonRevision.From(record, version, place.Row, request.Synthetic, hash);
        return new ValidatedRow(verdict, place, record.CertificateNumber, CertificateNumber.Key(record.CertificateNumber), hash, revision);
    }

    private WriteOperation? Decide(ValidatedRow validated, ImportReport report, Dictionary<long, long> firstRowByKey, IReadOnlyList<SheetRead> sheets)
    {
        var verdict = validated.Verdict;
        var place = validated.Place;
        var row = place.Row;
        if (validated.Revision is not { } revision)
        {
            if (CertificateNumber.TryKey(validated.Certificate, out var present))
                _refusedButPresent.Add(present);
            Reject(report, place, validated.Certificate, verdict.Problems);
            return null;
        }

        var unit = revision.UnitCode;
        _rowsByUnit[unit] = _rowsByUnit.GetValueOrDefault(unit) + 1;
        if (!request.Scope.Admits(unit))
        {
            _refusedButPresent.Add(validated.Key);
            Reject(report, place, validated.Certificate,
            [
                new RowProblem(RegistryColumn.County, RowProblemCodes.OutsideScope,
                    $"该行属于{regions.FindUnit(unit)?.Name ?? unit}（{unit}），不在本次导入范围（{ScopeText(request.Scope)}）内：请确认导出的单位是否选对，或把导入范围改为包含该单位"),
            ]);
            return null;
        }

        if (!firstRowByKey.TryAdd(validated.Key, place.Packed))
        {
            var first = Place.Unpack(firstRowByKey[validated.Key]);
            var where = first.SheetIndex == place.SheetIndex ? $"第 {first.Row} 行" : $"工作表“{sheets[first.SheetIndex].Name}”第 {first.Row} 行";
            Reject(report, place, validated.Certificate,
            [
                new RowProblem(RegistryColumn.Certificate, RowProblemCodes.DuplicateCertificate, $"残疾人证号与{where}重复，已采用{where}"),
            ]);
            return null;
        }

        foreach (var warning in verdict.Warnings)
            report.Warnings.Add(new RowWarning(row, warning.ColumnHeader, warning.Code, warning.Message, place.Sheet));
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

    private string ScopeText(ImportScope scope) =>
        string.Join("、", scope.Units.Select(u => $"{regions.FindUnit(u)?.Name ?? u} {u}"));

    private static void Reject(ImportReport report, Place place, string certificate, IReadOnlyList<RowProblem> problems)
    {
        report.Rejected++;
        var headline = problems[0];
        report.RejectedRows.Add(new RejectedRow(place.Row, CertificateNumber.Mask(certificate), headline.ColumnHeader, headline.Code,
            headline.Message, [.. problems.Select(ReportedProblem.From)], place.Sheet));
    }

    private readonly record struct ValidatedRow(RowVerdict Verdict, Place Place, string Certificate, long Key, UInt128 Hash, PersonRevision? Revision);

    /// <summary>Where a row is: its sheet (null for CSV) and the sheet's index among those read, and its row number.</summary>
    private readonly record struct Place(string? Sheet, int SheetIndex, int Row)
    {
        public long Packed => ((long)SheetIndex << 32) | (uint)Row;

        public static Place Unpack(long packed) => new(null, (int)(packed >> 32), (int)(packed & uint.MaxValue));
    }

    /// <summary>
    /// Insert a revision (none for a removal), first closing the person's current one when <see cref="CloseRevisionId"/> is not 0.
    /// </summary>
    private readonly record struct WriteOperation(PersonRevision? Insert, long CloseRevisionId);
}

/// <summary>A person's current revision: its id, content hash, unit, and whether it is synthetic (demo) data.</summary>
internal readonly record struct CurrentRecord(long RevisionId, UInt128 Hash, string Unit, bool Synthetic);
