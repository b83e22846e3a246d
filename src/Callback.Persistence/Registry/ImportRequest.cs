namespace Callback.Persistence.Registry;

/// <summary>Who imports what. A synthetic import holds demo or test persons that are never dialled for real.</summary>
public sealed record ImportRequest(string FileName, string ImportedBy, bool Synthetic = false)
{
    /// <summary>How far the file may expand while it is read.</summary>
    public Domain.Registry.Import.FileLimits Limits { get; init; } = Domain.Registry.Import.FileLimits.Default;
}

/// <summary>How far an import has come: bytes of the file read, and rows.</summary>
public sealed record ImportProgress(long BytesRead, long TotalBytes, int RowsRead);
