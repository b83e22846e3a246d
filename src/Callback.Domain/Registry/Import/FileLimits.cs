namespace Callback.Domain.Registry.Import;

/// <summary>
/// How far a registry file may expand while it is read. A 4 MB workbook can inflate to gigabytes (a zip
/// bomb), and a CSV line can be endless; both are refused part-way, with a code and a Chinese message,
/// before they cost the server its memory. The defaults sit far above any real export.
/// </summary>
public sealed record FileLimits
{
    public static readonly FileLimits Default = new();

    /// <summary>All the parts of an .xlsx together, uncompressed (a million-row export is about 400 MB).</summary>
    public long MaxWorkbookBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Characters in one cell; Excel itself stores at most 32,767.</summary>
    public int MaxCellChars { get; init; } = 32_767;

    /// <summary>Cells in one row, and the furthest column a cell may name (a registry has 15 columns).</summary>
    public int MaxColumns { get; init; } = 256;

    /// <summary>Characters in one row of a workbook, or one record of a CSV file.</summary>
    public int MaxRowChars { get; init; } = 1024 * 1024;

    /// <summary>The first problem with these limits, as "key: reason", or null when they are usable.</summary>
    public string? Problem() =>
        MaxWorkbookBytes < 1024 * 1024 ? "MaxWorkbookBytes: at least 1 MiB"
        : MaxCellChars < 256 ? "MaxCellChars: at least 256"
        : MaxColumns < 16 ? "MaxColumns: at least 16 (the registry has 15 columns)"
        : MaxRowChars < 4096 || MaxRowChars < MaxCellChars / 8 ? "MaxRowChars: at least 4096"
        : null;
}
