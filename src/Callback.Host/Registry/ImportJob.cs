using Callback.Domain.Registry.Import;

namespace Callback.Host.Registry;

public enum ImportJobState { Queued, Running, Succeeded, Failed }

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
    public long TotalBytes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public ImportJobState State { get; set; }
    public ImportReport? Report { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public int RowsRead => Volatile.Read(ref _rowsRead);

    public void Progress(long bytesRead, int rowsRead)
    {
        Interlocked.Exchange(ref _bytesRead, bytesRead);
        Volatile.Write(ref _rowsRead, rowsRead);
    }
}

public sealed record ImportJobView(
    Guid Id, string FileName, string State, long BytesRead, long TotalBytes, double Percent, int RowsRead,
    long? Version, ImportReport? Report, string? ErrorCode, string? ErrorMessage)
{
    public static ImportJobView From(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var percent = job.TotalBytes == 0 ? 0 : Math.Round(100.0 * job.BytesRead / job.TotalBytes, 1);
        return new ImportJobView(job.Id, job.FileName, job.State.ToString().ToLowerInvariant(), job.BytesRead, job.TotalBytes,
            percent, job.RowsRead, job.Report?.Version, job.Report, job.ErrorCode, job.ErrorMessage);
    }

    /// <summary>A job from before the last restart, as stored: how it ended (its report is stored with its version).</summary>
    public static ImportJobView From(Callback.Persistence.Registry.ImportJobRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var done = record.State == "succeeded";
        return new ImportJobView(record.Id, record.FileName, record.State, done ? record.TotalBytes : 0, record.TotalBytes,
            done ? 100 : 0, 0, record.Version, null, record.ErrorCode, record.ErrorMessage);
    }
}
