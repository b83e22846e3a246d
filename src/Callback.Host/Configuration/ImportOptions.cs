using Callback.Domain.Registry.Import;

namespace Callback.Host.Configuration;

public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Largest registry file accepted over HTTP, in bytes (a million rows is about 150 MB).</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>An .xlsx uncompressed, all parts together (a zip bomb is refused part-way).</summary>
    public long MaxWorkbookBytes { get; set; } = FileLimits.Default.MaxWorkbookBytes;

    /// <summary>Characters in one cell.</summary>
    public int MaxCellChars { get; set; } = FileLimits.Default.MaxCellChars;

    /// <summary>Cells in one row, and the furthest column a cell may name.</summary>
    public int MaxColumns { get; set; } = FileLimits.Default.MaxColumns;

    /// <summary>Characters in one row of a workbook or one line of a CSV file.</summary>
    public int MaxRowChars { get; set; } = FileLimits.Default.MaxRowChars;

    /// <summary>
    /// The share of a unit's persons an import may remove (absent from its export) before it must be confirmed:
    /// a filter left on or a county missed in the export looks exactly like that many persons leaving.
    /// </summary>
    public double MaxRemovalShare { get; set; } = Persistence.Registry.ImportRequest.DefaultMaxRemovalShare;

    /// <summary>How long a previewed upload is kept, waiting for its confirmation, before it is deleted.</summary>
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromHours(1);

    public FileLimits Limits() => new() { MaxWorkbookBytes = MaxWorkbookBytes, MaxCellChars = MaxCellChars, MaxColumns = MaxColumns, MaxRowChars = MaxRowChars };
}
