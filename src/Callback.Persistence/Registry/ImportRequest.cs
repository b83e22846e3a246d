namespace Callback.Persistence.Registry;

/// <summary>Who imports what. A synthetic import holds demo or test persons that are never dialled for real.</summary>
public sealed record ImportRequest(string FileName, string ImportedBy, bool Synthetic = false)
{
    /// <summary>How far the file may expand while it is read.</summary>
    public Domain.Registry.Import.FileLimits Limits { get; init; } = Domain.Registry.Import.FileLimits.Default;

    /// <summary>What the file covers: its persons absent from the file are removed.</summary>
    public Domain.Registry.Import.ImportScope Scope { get; init; } = Domain.Registry.Import.ImportScope.OfRows;

    /// <summary>Read and count everything, write nothing: the preview.</summary>
    public bool DryRun { get; init; }

    /// <summary>Removing more than <see cref="MaxRemovalShare"/> of a unit's persons was looked at and is meant.</summary>
    public bool ConfirmRemovals { get; init; }

    /// <summary>The share of a unit's persons an import may remove without confirmation (Import:MaxRemovalShare).</summary>
    public double MaxRemovalShare { get; init; } = DefaultMaxRemovalShare;

    public const double DefaultMaxRemovalShare = 0.2;
}

/// <summary>How far an import has come: bytes of the file read, and rows.</summary>
public sealed record ImportProgress(long BytesRead, long TotalBytes, int RowsRead);
