using Callback.Domain.Registry.Import;

namespace Callback.Host.Registry;

/// <summary>
/// Queued → Running → Succeeded or Failed; a preview (or an import whose removals need confirming) ends Previewed,
/// its file kept until it is confirmed (queued again as an import), discarded, or expires.
/// </summary>
public enum ImportJobState { Queued, Running, Previewed, Succeeded, Failed, Discarded }

/// <summary>An uploaded registry file waiting for, or going through, its import. Progress is read while it runs.</summary>
public sealed class ImportJob
{
    private long _bytesRead;
    private int _rowsRead;

    public required Guid Id { get; init; }
    public required string FileName { get; init; }
    public required string SpoolPath { get; init; }
    public required string ImportedBy { get; init; }
    public bool Synthetic { get; init; }

    /// <summary>What the file covers; a preview may be run again with another scope before it is confirmed.</summary>
    public ImportScope Scope { get; set; } = ImportScope.OfRows;

    /// <summary>The next run is a preview (nothing written).</summary>
    public bool Preview { get; set; }

    public bool ConfirmRemovals { get; set; }

    /// <summary>When the job became <see cref="ImportJobState.Previewed"/>: its file is deleted after Import:PreviewLifetime.</summary>
    public DateTimeOffset? PreviewedAt { get; set; }

    public long TotalBytes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public ImportJobState State { get; set; }
    public ImportReport? Report { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public int RowsRead => Volatile.Read(ref _rowsRead);

    public bool IsFinished => State is ImportJobState.Succeeded or ImportJobState.Failed or ImportJobState.Discarded;

    public void Progress(long bytesRead, int rowsRead)
    {
        Interlocked.Exchange(ref _bytesRead, bytesRead);
        Volatile.Write(ref _rowsRead, rowsRead);
    }
}

public sealed record ImportJobView(
    Guid Id, string FileName, string State, string Scope, bool Preview, long BytesRead, long TotalBytes, double Percent, int RowsRead,
    long? Version, ImportReport? Report, string? ErrorCode, string? ErrorMessage, DateTimeOffset? PreviewExpiresAt)
{
    public static ImportJobView From(ImportJob job, TimeSpan previewLifetime)
    {
        ArgumentNullException.ThrowIfNull(job);
        var percent = job.TotalBytes == 0 ? 0 : Math.Round(100.0 * job.BytesRead / job.TotalBytes, 1);
        var version = job.Report is { DryRun: false, Version: > 0 } r ? r.Version : (long?)null;
        return new ImportJobView(job.Id, job.FileName, job.State.ToString().ToLowerInvariant(), job.Scope.ToString(), job.Preview,
            job.BytesRead, job.TotalBytes, percent, job.RowsRead, version, job.Report, job.ErrorCode, job.ErrorMessage,
            job.State == ImportJobState.Previewed ? job.PreviewedAt + previewLifetime : null);
    }

    /// <summary>A job from before the last restart, as stored: how it ended (its report is stored with its version).</summary>
    public static ImportJobView From(Callback.Persistence.Registry.ImportJobRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var done = record.State == "succeeded";
        return new ImportJobView(record.Id, record.FileName, record.State, record.Scope, false, done ? record.TotalBytes : 0, record.TotalBytes,
            done ? 100 : 0, 0, record.Version, null, record.ErrorCode, record.ErrorMessage, null);
    }
}
