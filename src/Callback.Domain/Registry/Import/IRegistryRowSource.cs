namespace Callback.Domain.Registry.Import;

/// <summary>Rows of a registry export, streamed one at a time with cells in <see cref="RegistryColumn"/> order.</summary>
public interface IRegistryRowSource : IDisposable
{
    /// <summary>"csv", "xlsx" or "xls".</summary>
    string Format { get; }

    /// <summary>The text encoding detected (CSV), or null.</summary>
    string? Encoding { get; }

    HeaderMap Header { get; }

    /// <summary>Row number of the current row: 1 = the first row after the header (of its sheet).</summary>
    int Row { get; }

    /// <summary>The sheet of the current row, or null (CSV).</summary>
    string? Sheet => null;

    /// <summary>Problems of the current row's cells found while reading (a formula without its value), before validation.</summary>
    IReadOnlyList<RowProblem> CellProblems => [];

    /// <summary>The sheets read so far (empty for CSV).</summary>
    IReadOnlyList<SheetRead> SheetsRead => [];

    /// <summary>The sheets passed over so far, and why.</summary>
    IReadOnlyList<SkippedSheet> SheetsSkipped => [];

    /// <summary>Header cells that are no registry column, of every sheet read.</summary>
    IReadOnlyList<string> UnknownColumns => Header.UnknownColumns;

    /// <summary>The current row's cells; the array is reused by the next <see cref="Read"/>.</summary>
    IReadOnlyList<string?> Cells { get; }

    /// <summary>Advances to the next non-blank row. Throws <see cref="RegistryFileException"/> on a broken file.</summary>
    bool Read();
}
